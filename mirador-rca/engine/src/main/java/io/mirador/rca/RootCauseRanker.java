package io.mirador.rca;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ranks the services of an incident by how likely each is its root cause: a per-service anomaly
 * score from the metrics, optionally propagated over the call graph.
 */
public final class RootCauseRanker {
  /** How a service's metrics become one anomaly score. */
  public enum Scoring {
    /**
     * Largest rise (x - median) / IQR of any of its metrics (BARO): injected faults and their
     * symptoms push resource use, latency and errors up; falls follow from less traffic arriving.
     */
    ROBUST_DEVIATION,
    /** Largest |x - median| / IQR of any of its metrics, rises and falls alike. */
    ROBUST_DEVIATION_ABSOLUTE,
    /** Largest |x - mean| / standard deviation of any of its metrics (N-Sigma). */
    N_SIGMA,
    /** Mean Isolation Forest score of the incident minus that of the baseline, per service. */
    ISOLATION_FOREST
  }

  static final int EVIDENCE_PER_CAUSE = 3;
  private static final long SEED = 42;

  private final Scoring scoring;
  private final Optional<CallGraph> graph;

  private RootCauseRanker(Scoring scoring, Optional<CallGraph> graph) {
    this.scoring = scoring;
    this.graph = graph;
  }

  public static RootCauseRanker of(Scoring scoring) {
    return new RootCauseRanker(requireNonNull(scoring, "scoring"), Optional.empty());
  }

  public static RootCauseRanker withGraph(Scoring scoring, CallGraph graph) {
    return new RootCauseRanker(
        requireNonNull(scoring, "scoring"), Optional.of(requireNonNull(graph, "graph")));
  }

  /**
   * Ranks every service that has a metric in {@code metrics}. The symptom is the most deviant
   * metric of {@code symptomService} when given, else the most deviant metric of all.
   */
  public Finding rank(
      List<MetricWindow> metrics, TimeWindow window, Optional<String> symptomService) {
    requireNonNull(metrics, "metrics");
    requireNonNull(window, "window");
    requireNonNull(symptomService, "symptomService");
    if (metrics.isEmpty()) {
      throw new IllegalArgumentException("no metrics to rank");
    }
    var byService = new LinkedHashMap<String, List<MetricWindow>>();
    var evidence = new LinkedHashMap<String, List<Finding.MetricEvidence>>();
    for (MetricWindow m : metrics) {
      byService.computeIfAbsent(m.service(), k -> new ArrayList<>()).add(m);
      evidence
          .computeIfAbsent(m.service(), k -> new ArrayList<>())
          .add(evidence(m, scoring != Scoring.ROBUST_DEVIATION_ABSOLUTE));
    }
    evidence.values().forEach(l -> l.sort(byDeviation()));

    var scores = new LinkedHashMap<String, Double>();
    byService.forEach((service, ms) -> scores.put(service, serviceScore(ms)));
    Map<String, Double> ranked =
        graph.map(g -> PersonalizedPageRank.rank(g, scores)).orElse(scores);

    Finding.Symptom symptom = symptom(evidence, symptomService, window);
    double total = ranked.values().stream().mapToDouble(s -> Math.max(0, s)).sum();
    var causes = new ArrayList<Finding.Cause>();
    ranked.forEach(
        (service, score) ->
            causes.add(
                new Finding.Cause(
                    service,
                    score,
                    total > 0 ? Math.min(1, Math.max(0, score) / total) : 0,
                    top(evidence.getOrDefault(service, List.of())),
                    graph.map(g -> g.path(symptom.service(), service)).orElse(List.of()))));
    causes.sort(
        Comparator.comparingDouble(Finding.Cause::score)
            .reversed()
            .thenComparing(Finding.Cause::service));
    return new Finding(symptom, causes);
  }

  private double serviceScore(List<MetricWindow> metrics) {
    return switch (scoring) {
      case ROBUST_DEVIATION ->
          metrics.stream().mapToDouble(m -> evidence(m, true).deviation()).max().orElse(0);
      case ROBUST_DEVIATION_ABSOLUTE ->
          metrics.stream().mapToDouble(m -> evidence(m, false).deviation()).max().orElse(0);
      case N_SIGMA -> metrics.stream().mapToDouble(RootCauseRanker::nSigma).max().orElse(0);
      case ISOLATION_FOREST -> isolationScore(metrics);
    };
  }

  /**
   * The incident value furthest above (or, unless {@code upward}, either side of) the median; the
   * baseline needs a finite value.
   */
  static Finding.MetricEvidence evidence(MetricWindow m, boolean upward) {
    RobustBaseline baseline = RobustBaseline.of(m.baseline());
    double worst = Double.NaN;
    double deviation = Double.NEGATIVE_INFINITY;
    for (double x : m.incident()) {
      if (!Double.isFinite(x)) {
        continue;
      }
      double d = upward ? baseline.deviation(x) : Math.abs(baseline.deviation(x));
      if (d > deviation) {
        worst = x;
        deviation = d;
      }
    }
    return new Finding.MetricEvidence(
        m.metric(),
        baseline.median(),
        baseline.iqr(),
        worst,
        Double.isFinite(deviation) ? deviation : 0);
  }

  private static double nSigma(MetricWindow m) {
    double[] b = Stats.sortedFinite(m.baseline());
    if (b.length == 0) {
      return 0;
    }
    double mean = 0;
    for (double v : b) {
      mean += v;
    }
    mean /= b.length;
    double var = 0;
    for (double v : b) {
      var += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(var / b.length);
    double scale = sd > 0 ? sd : 1.0;
    double max = 0;
    for (double x : m.incident()) {
      if (Double.isFinite(x)) {
        max = Math.max(max, Math.abs(x - mean) / scale);
      }
    }
    return max;
  }

  private static double isolationScore(List<MetricWindow> metrics) {
    int baseRows = metrics.stream().mapToInt(m -> m.baseline().length).min().orElse(0);
    int incidentRows = metrics.stream().mapToInt(m -> m.incident().length).min().orElse(0);
    if (baseRows < 2 || incidentRows < 1) {
      return 0;
    }
    double[][] base = rows(metrics, baseRows, true);
    double[][] incident = rows(metrics, incidentRows, false);
    IsolationForestDetector detector = IsolationForestDetector.fit(base, SEED);
    return mean(detector.score(incident)) - mean(detector.score(base));
  }

  private static double[][] rows(List<MetricWindow> metrics, int count, boolean baseline) {
    double[][] rows = new double[count][metrics.size()];
    for (int j = 0; j < metrics.size(); j++) {
      double[] v = baseline ? metrics.get(j).baseline() : metrics.get(j).incident();
      for (int i = 0; i < count; i++) {
        rows[i][j] = Double.isFinite(v[i]) ? v[i] : 0;
      }
    }
    return rows;
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  private static Finding.Symptom symptom(
      Map<String, List<Finding.MetricEvidence>> evidence,
      Optional<String> symptomService,
      TimeWindow window) {
    String service =
        symptomService.orElseGet(
            () ->
                evidence.entrySet().stream()
                    .max(Comparator.comparingDouble(e -> e.getValue().getFirst().deviation()))
                    .orElseThrow()
                    .getKey());
    List<Finding.MetricEvidence> own = evidence.get(service);
    if (own == null) {
      throw new IllegalArgumentException("symptom service " + service + " has no metrics");
    }
    return new Finding.Symptom(service, own.getFirst().metric(), window);
  }

  /** The feature whose move a person looks for first at a cause. */
  static final String ERROR_RATE = "error_rate";

  /**
   * The most deviant metrics of a cause, and its error rate when that moved but is not among them:
   * a cause whose errors rose is shown so even when its latency moved more.
   */
  private static List<Finding.MetricEvidence> top(List<Finding.MetricEvidence> evidence) {
    List<Finding.MetricEvidence> top =
        new ArrayList<>(evidence.subList(0, Math.min(EVIDENCE_PER_CAUSE, evidence.size())));
    evidence.stream()
        .skip(top.size())
        .filter(e -> e.metric().equals(ERROR_RATE) && e.deviation() != 0)
        .findFirst()
        .ifPresent(top::add);
    return top;
  }

  private static Comparator<Finding.MetricEvidence> byDeviation() {
    return Comparator.comparingDouble(Finding.MetricEvidence::deviation).reversed();
  }
}
