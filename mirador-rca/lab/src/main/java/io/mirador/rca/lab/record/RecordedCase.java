package io.mirador.rca.lab.record;

import static java.util.Objects.requireNonNull;

import io.mirador.rca.lab.schedule.FaultType;

/**
 * One case as a run's {@code report.md} recorded it: what ran where, how long the detection loop
 * took to gain the true service ({@code detectedAfterSeconds} null when it did not), the true
 * service's place in the on-demand RCA's ranking ({@code rcaRank} 0 when absent or when the RCA
 * failed), and the second figure, how long until a finding showed it ({@code shownAfterSeconds}
 * null when none did; {@code shownRecorded} false when the report predates the figure: unknown, not
 * "not shown").
 */
record RecordedCase(
    String run,
    int index,
    FaultType type,
    String service,
    String truth,
    String start,
    Long detectedAfterSeconds,
    int rankInFinding,
    int rcaRank,
    boolean rcaFailed,
    boolean shownRecorded,
    Long shownAfterSeconds) {
  RecordedCase {
    requireNonNull(run, "run");
    requireNonNull(type, "type");
    requireNonNull(service, "service");
    requireNonNull(truth, "truth");
    requireNonNull(start, "start");
    if (rcaRank < 0 || rankInFinding < 0) {
      throw new IllegalArgumentException("case " + index + " of " + run + ": negative rank");
    }
    if ((detectedAfterSeconds != null && detectedAfterSeconds < 0)
        || (shownAfterSeconds != null && shownAfterSeconds < 0)) {
      throw new IllegalArgumentException("case " + index + " of " + run + ": negative delay");
    }
    if (!shownRecorded && shownAfterSeconds != null) {
      throw new IllegalArgumentException(
          "case " + index + " of " + run + ": a shown delay in a report that does not record it");
    }
  }

  boolean detected() {
    return detectedAfterSeconds != null;
  }

  boolean shown() {
    return shownAfterSeconds != null;
  }
}
