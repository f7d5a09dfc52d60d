package io.mirador.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * The stored redaction counts of one tenant whose minute starts in {@code range}, summed, or summed
 * per {@code step} (buckets aligned to the Unix epoch).
 *
 * @param step whole minutes, at least one; at most {@link #MAX_BUCKETS} buckets in the range
 */
public record RedactionQuery(TenantId tenant, TimeRange range, Optional<Duration> step) {
  /** The most buckets a stepped query may ask for. */
  public static final int MAX_BUCKETS = 10_000;

  public RedactionQuery {
    requireNonNull(tenant, "tenant");
    requireNonNull(range, "range");
    requireNonNull(step, "step");
    if (step.isPresent()) {
      Duration s = step.get();
      if (s.compareTo(Duration.ofMinutes(1)) < 0
          || s.toNanosPart() != 0
          || s.toSecondsPart() != 0) {
        throw new IllegalArgumentException("step must be a whole number of minutes, at least 1m");
      }
      if (range.duration().dividedBy(s) >= MAX_BUCKETS) {
        throw new IllegalArgumentException(
            "step gives more than " + MAX_BUCKETS + " buckets in the range; use a larger step");
      }
    }
  }
}
