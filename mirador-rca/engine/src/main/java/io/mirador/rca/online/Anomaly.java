package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

import io.mirador.rca.FeatureContribution;
import java.time.Instant;
import java.util.List;

/**
 * One anomalous minute of one service: the Isolation Forest score, the service's alarm level (the
 * 99th percentile of its baseline scores), their ratio, and what each feature contributed.
 */
public record Anomaly(
    String service,
    Instant minute,
    double score,
    double alarmLevel,
    double relativeScore,
    List<FeatureContribution> contributions) {
  public Anomaly {
    requireNonNull(service, "service");
    requireNonNull(minute, "minute");
    contributions = List.copyOf(requireNonNull(contributions, "contributions"));
  }
}
