package io.mirador.rca;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sums per-service scores of different kinds (a metric deviation, a pattern shift's |z|) after
 * dividing each kind by its median over the services: the typical service counts 1 on every scale,
 * so neither kind drowns the other, and one outlier does not flatten the rest as dividing by the
 * largest would (mirador-rca/eval/README.md measures both).
 */
public final class ScoreFusion {
  private ScoreFusion() {}

  /** Scores divided by their median over the services; negative scores count as 0. */
  public static Map<String, Double> byMedian(Map<String, Double> scores) {
    requireNonNull(scores, "scores");
    double[] values = scores.values().stream().mapToDouble(v -> Math.max(0, v)).sorted().toArray();
    double median = values.length == 0 ? 0 : values[values.length / 2];
    double scale = median > 0 ? median : 1;
    Map<String, Double> out = new HashMap<>();
    scores.forEach((k, v) -> out.put(k, Math.max(0, v) / scale));
    return out;
  }

  /** Each kind divided by its median, summed per service (a service absent from one counts 0). */
  public static Map<String, Double> medianScaledSum(Map<String, Double> a, Map<String, Double> b) {
    Map<String, Double> out = new HashMap<>(byMedian(a));
    byMedian(b).forEach((k, v) -> out.merge(k, v, Double::sum));
    return out;
  }

  /** The services by score, highest first, ties by name. */
  public static List<String> order(Map<String, Double> scores) {
    requireNonNull(scores, "scores");
    return scores.entrySet().stream()
        .sorted(
            Map.Entry.<String, Double>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey)
        .toList();
  }
}
