package io.mirador.rca;

import static java.util.Objects.requireNonNull;

/**
 * How much one feature raised an anomaly score: {@code contribution} is the score minus the score
 * with the feature set to its baseline {@code reference} value.
 */
public record FeatureContribution(
    String feature, double value, double reference, double contribution) {
  public FeatureContribution {
    requireNonNull(feature, "feature");
  }
}
