package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

import io.mirador.rca.FeatureContribution;
import java.time.Instant;
import java.util.List;

/**
 * One anomalous minute of one service, judged as the detection loop judges it: the Isolation Forest
 * score, the service's alarm level (just above the 99th percentile of its baseline scores), the
 * largest move of a feature from its baseline median in the deviation alarm's scales, the relative
 * score (the higher of score / alarm level and deviation / {@link
 * DetectionLoop#DEFAULT_DEVIATION_ALARM}; at least 1), and what each feature contributed to the
 * forest's score.
 */
public record Anomaly(
    String service,
    Instant minute,
    double score,
    double alarmLevel,
    double deviation,
    double relativeScore,
    List<FeatureContribution> contributions) {
  public Anomaly {
    requireNonNull(service, "service");
    requireNonNull(minute, "minute");
    contributions = List.copyOf(requireNonNull(contributions, "contributions"));
  }
}
