package io.mirador.rca;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores services by how much what their operations do changed: for each operation and event (a
 * call it makes, a log pattern it writes), the share of the operation's spans that contain the
 * event in the incident against the baseline, as a two-proportion z statistic. A service's score is
 * its largest |z|. Code-level faults (an exception, a wrong return value) change which calls and
 * log lines an operation produces long before, or without, any latency or resource change.
 */
public final class PatternShift {
  /**
   * Smallest variance in the z statistic: keeps an event seen always or never from dividing by 0.
   */
  static final double MIN_VARIANCE = 0.01;

  /** One operation's spans and how many of them contained {@code event}, in both windows. */
  public record Counts(
      String service,
      String operation,
      String event,
      long baselineSpans,
      long baselineWithEvent,
      long incidentSpans,
      long incidentWithEvent) {
    public Counts {
      requireNonNull(service, "service");
      requireNonNull(operation, "operation");
      requireNonNull(event, "event");
      if (baselineWithEvent < 0
          || incidentWithEvent < 0
          || baselineWithEvent > baselineSpans
          || incidentWithEvent > incidentSpans) {
        throw new IllegalArgumentException(
            service + "/" + operation + "/" + event + ": event counts must be within span counts");
      }
    }

    /** Two-proportion z statistic of the event's share; 0 when either window has no spans. */
    public double z() {
      if (baselineSpans == 0 || incidentSpans == 0) {
        return 0;
      }
      return shareChange() / standardError();
    }

    /**
     * {@link #z()} with Yates' continuity correction: the difference of shares is reduced by half a
     * count in each window (never below 0), so a change of one or two occurrences weighs less.
     */
    public double zCorrected() {
      if (baselineSpans == 0 || incidentSpans == 0) {
        return 0;
      }
      double change = shareChange();
      double correction = 0.5 * (1.0 / baselineSpans + 1.0 / incidentSpans);
      double difference = Math.max(0, Math.abs(change) - correction);
      return Math.signum(change) * difference / standardError();
    }

    /**
     * The event's share in the incident window less its share in the baseline; 0 when either window
     * has no spans.
     */
    public double shareChange() {
      if (baselineSpans == 0 || incidentSpans == 0) {
        return 0;
      }
      return (double) incidentWithEvent / incidentSpans
          - (double) baselineWithEvent / baselineSpans;
    }

    /** Standard error of the share change under the pooled share (floored, never 0). */
    private double standardError() {
      double pooled =
          (double) (baselineWithEvent + incidentWithEvent) / (baselineSpans + incidentSpans);
      return Math.sqrt(
          Math.max(pooled * (1 - pooled), MIN_VARIANCE)
              * (1.0 / baselineSpans + 1.0 / incidentSpans));
    }
  }

  private PatternShift() {}

  /**
   * Each service's largest |z| over its operations' events, counting only operations with at least
   * {@code minSpans} spans in both windows.
   */
  public static Map<String, Double> scores(List<Counts> counts, long minSpans) {
    requireNonNull(counts, "counts");
    Map<String, Double> scores = new TreeMap<>();
    for (Counts c : counts) {
      if (c.baselineSpans() < minSpans || c.incidentSpans() < minSpans) {
        continue;
      }
      scores.merge(c.service(), Math.abs(c.z()), Math::max);
    }
    return scores;
  }
}
