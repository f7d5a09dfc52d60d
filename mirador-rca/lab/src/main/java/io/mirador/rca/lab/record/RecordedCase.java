package io.mirador.rca.lab.record;

import static java.util.Objects.requireNonNull;

import io.mirador.rca.lab.schedule.FaultType;

/**
 * One case as a run's {@code report.md} recorded it: what ran where, how long the detection loop
 * took to gain the true service ({@code detectedAfterSeconds} null when it did not), and the true
 * service's place in the on-demand RCA's ranking ({@code rcaRank} 0 when absent or when the RCA
 * failed).
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
    boolean rcaFailed) {
  RecordedCase {
    requireNonNull(run, "run");
    requireNonNull(type, "type");
    requireNonNull(service, "service");
    requireNonNull(truth, "truth");
    requireNonNull(start, "start");
    if (rcaRank < 0 || rankInFinding < 0) {
      throw new IllegalArgumentException("case " + index + " of " + run + ": negative rank");
    }
  }

  boolean detected() {
    return detectedAfterSeconds != null;
  }
}
