package io.mirador.pii;

import static java.util.Objects.requireNonNull;

/**
 * A redacted message and the redactions applied to it. {@code message} is the input instance itself
 * when nothing was redacted.
 */
public record Redacted<T>(T message, RedactionCounts counts) {
  public Redacted {
    requireNonNull(message, "message");
    requireNonNull(counts, "counts");
  }
}
