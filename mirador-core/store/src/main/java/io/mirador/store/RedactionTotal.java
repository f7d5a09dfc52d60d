package io.mirador.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * The redactions of one source, action, signal and location summed over a query's range, or over
 * one bucket of it when the query has a step.
 *
 * @param bucketStart the start of the bucket, when the query has a step
 */
public record RedactionTotal(
    Optional<Instant> bucketStart,
    String source,
    String action,
    String signal,
    String location,
    long count) {
  public RedactionTotal {
    requireNonNull(bucketStart, "bucketStart");
    RedactionMinute.requireName(source, "source");
    RedactionMinute.requireName(action, "action");
    RedactionMinute.requireName(signal, "signal");
    RedactionMinute.requireName(location, "location");
  }
}
