package io.mirador.rca;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What the RCA concluded about one incident: the symptom and the ranked probable causes. */
public record Finding(Symptom symptom, List<Cause> causes) {
  public Finding {
    requireNonNull(symptom, "symptom");
    causes = List.copyOf(requireNonNull(causes, "causes"));
  }

  /** Where the incident shows: the metric of a service that moved most, and when. */
  public record Symptom(String service, String metric, TimeWindow window) {
    public Symptom {
      requireNonNull(service, "service");
      requireNonNull(metric, "metric");
      requireNonNull(window, "window");
    }
  }

  /**
   * A candidate root cause. {@code confidence} is its share of the total score of all candidates;
   * {@code callPath} runs from the symptom's service to this one when a call graph was given.
   */
  public record Cause(
      String service,
      double score,
      double confidence,
      List<MetricEvidence> evidence,
      List<String> callPath) {
    public Cause {
      requireNonNull(service, "service");
      evidence = List.copyOf(requireNonNull(evidence, "evidence"));
      callPath = List.copyOf(requireNonNull(callPath, "callPath"));
      if (confidence < 0 || confidence > 1 || Double.isNaN(confidence)) {
        throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
      }
    }
  }

  /**
   * A measured move of one metric: baseline median and IQR against the most deviant observation.
   */
  public record MetricEvidence(
      String metric, double baselineMedian, double baselineIqr, double observed, double deviation) {
    public MetricEvidence {
      requireNonNull(metric, "metric");
    }
  }
}
