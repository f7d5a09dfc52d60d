package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

/**
 * A feature, evidence or finding source refused or could not answer. The message says what failed
 * and never carries telemetry values or credentials.
 */
public final class SourceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why: the caller can map these to its own status codes. */
  public enum Reason {
    /** The credentials were missing, invalid or expired. */
    UNAUTHENTICATED,
    /** The credentials do not allow this tenant or action. */
    FORBIDDEN,
    /** The request was refused as invalid (for example a window the source does not allow). */
    INVALID,
    /** The item does not exist. */
    NOT_FOUND,
    /** The source is down, overloaded or answered something unreadable: retry later. */
    UNAVAILABLE
  }

  private final Reason reason;

  public SourceException(Reason reason, String message) {
    super(message);
    this.reason = requireNonNull(reason, "reason");
  }

  public SourceException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
