package io.mirador.rca;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * What the RCA concluded about one incident: the symptom, the ranked probable causes, and examples
 * fetched from the telemetry at the top causes (spans and log records with errors).
 */
public record Finding(Symptom symptom, List<Cause> causes, List<Example> examples) {
  public Finding {
    requireNonNull(symptom, "symptom");
    // Each service once: the first (best-ranked) of its entries.
    java.util.Set<String> seen = new java.util.HashSet<>();
    causes =
        requireNonNull(causes, "causes").stream()
            .filter(c -> seen.add(requireNonNull(c, "cause").service()))
            .toList();
    examples = List.copyOf(requireNonNull(examples, "examples"));
  }

  /** A finding without examples. */
  public Finding(Symptom symptom, List<Cause> causes) {
    this(symptom, causes, List.of());
  }

  /** This finding with {@code examples} instead of its own. */
  public Finding withExamples(List<Example> examples) {
    return new Finding(symptom, causes, examples);
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
      List<String> callPath,
      List<CodePathEvidence> codePath,
      List<EdgeEvidence> edges) {
    public Cause {
      requireNonNull(service, "service");
      // The largest move first, whichever direction (a NaN deviation last).
      evidence =
          requireNonNull(evidence, "evidence").stream()
              .sorted(
                  java.util.Comparator.comparingDouble(
                          (MetricEvidence e) ->
                              Double.isNaN(e.deviation()) ? -1 : Math.abs(e.deviation()))
                      .reversed())
              .toList();
      callPath = List.copyOf(requireNonNull(callPath, "callPath"));
      codePath = List.copyOf(requireNonNull(codePath, "codePath"));
      edges = List.copyOf(requireNonNull(edges, "edges"));
      if (confidence < 0 || confidence > 1 || Double.isNaN(confidence)) {
        throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
      }
    }

    /** A cause without per-edge evidence. */
    public Cause(
        String service,
        double score,
        double confidence,
        List<MetricEvidence> evidence,
        List<String> callPath,
        List<CodePathEvidence> codePath) {
      this(service, score, confidence, evidence, callPath, codePath, List.of());
    }

    /** This cause with {@code edges} as its per-edge evidence. */
    public Cause withEdges(List<EdgeEvidence> edges) {
      return new Cause(service, score, confidence, evidence, callPath, codePath, edges);
    }

    /** A cause with metric evidence only. */
    public Cause(
        String service,
        double score,
        double confidence,
        List<MetricEvidence> evidence,
        List<String> callPath) {
      this(service, score, confidence, evidence, callPath, List.of());
    }
  }

  /**
   * A measured change of code path at the cause: after event {@code source}, the share of
   * occurrences directly followed by {@code target}, in the baseline and in the window, with the
   * two-proportion z statistic of the change.
   */
  public record CodePathEvidence(
      String source,
      String target,
      long baselineOccurrences,
      double baselineShare,
      long windowOccurrences,
      double windowShare,
      double z) {
    public CodePathEvidence {
      requireNonNull(source, "source");
      requireNonNull(target, "target");
    }
  }

  /**
   * The latency one call edge at a cause added, in nanoseconds: the gap (the caller's client span
   * minus the callee's server span: wire and network paths) and the callee's server time, p50 and
   * p95, each the median over the baseline's minutes against the median over the window's minutes;
   * {@code addedGapNanos} is the window's gap p50 minus the baseline's, {@code gapDeviation} that
   * move in robust scales (IQRs of the baseline minutes), {@code share} the part of the move
   * charged to the cause (the end of the edge whose other edges moved as well), {@code calls} the
   * window's calls; {@code baselineRepeatShare} and {@code windowRepeatShare} the share of the
   * calls that repeated an earlier call from the same caller span to the same operation (retries,
   * besides loops over items) in all baseline minutes and in the window.
   */
  public record EdgeEvidence(
      String caller,
      String callee,
      long calls,
      double baselineGapP50Nanos,
      double windowGapP50Nanos,
      double baselineGapP95Nanos,
      double windowGapP95Nanos,
      double baselineServerP50Nanos,
      double windowServerP50Nanos,
      double baselineServerP95Nanos,
      double windowServerP95Nanos,
      double addedGapNanos,
      double gapDeviation,
      double share,
      double baselineRepeatShare,
      double windowRepeatShare) {
    public EdgeEvidence {
      requireNonNull(caller, "caller");
      requireNonNull(callee, "callee");
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

  /**
   * One piece of telemetry at a candidate, as the core returned it (already redacted): a span with
   * error status, a log record of severity ERROR or above, or a slow call. {@code traceId} is empty
   * when the log record carries none; {@code text} is the span name and status message, or the log
   * body, truncated to {@link #MAX_TEXT} characters.
   */
  public record Example(String service, Kind kind, Instant time, String traceId, String text) {
    public static final int MAX_TEXT = 512;

    /** Which signal the example comes from. */
    public enum Kind {
      ERROR_SPAN,
      ERROR_LOG,
      /**
       * The slowest call to (or, at an entry service, from) the cause in a minute of the window.
       */
      SLOW_CALL
    }

    public Example {
      requireNonNull(service, "service");
      requireNonNull(kind, "kind");
      requireNonNull(time, "time");
      requireNonNull(traceId, "traceId");
      requireNonNull(text, "text");
      if (text.length() > MAX_TEXT) {
        text = text.substring(0, MAX_TEXT);
      }
    }
  }
}
