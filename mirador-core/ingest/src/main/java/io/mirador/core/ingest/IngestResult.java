package io.mirador.core.ingest;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** What ingest made of a batch or request. A value, never an exception, on the hot path. */
public sealed interface IngestResult {

  /**
   * Stored now.
   *
   * @param rows spans, log records or metric data points stored
   * @param rejected items left out because they were invalid (OTLP partial success)
   * @param rejectionMessage why, when {@code rejected > 0}; empty otherwise
   */
  record Stored(int rows, long rejected, String rejectionMessage) implements IngestResult {
    public Stored {
      requireNonNull(rejectionMessage, "rejectionMessage");
    }
  }

  /** Stored before: a retry of an acknowledged batch; not stored again. */
  record Duplicate() implements IngestResult {}

  /** Refused for good; the message names the check, never a telemetry value or a secret. */
  record Refused(Refusal kind, String message) implements IngestResult {
    public Refused {
      requireNonNull(kind, "kind");
      requireNonNull(message, "message");
    }
  }

  /** Not stored now; the sender should retry the same batch after {@code delay}. */
  record RetryLater(Retry reason, Duration delay, String message) implements IngestResult {
    public RetryLater {
      requireNonNull(reason, "reason");
      requireNonNull(delay, "delay");
      requireNonNull(message, "message");
    }
  }

  /** Why a batch was refused; each maps to one gRPC status and one HTTP status. */
  enum Refusal {
    /** The tenant is not configured. PERMISSION_DENIED. */
    UNKNOWN_TENANT,
    /** The tenant's residency region is not this core's. PERMISSION_DENIED, audited. */
    WRONG_REGION,
    /** The sender is not a registered agent of the tenant. PERMISSION_DENIED. */
    UNKNOWN_AGENT,
    /** No or an unknown API key. UNAUTHENTICATED. */
    UNAUTHENTICATED,
    /** The batch's fields are malformed. INVALID_ARGUMENT. */
    MALFORMED,
    /** Larger than the configured limits. INVALID_ARGUMENT (sealed), RESOURCE_EXHAUSTED (OTLP). */
    TOO_LARGE,
    /** The batch does not open: wrong key, modified, unknown recipient key. INVALID_ARGUMENT. */
    NOT_OPENED,
    /** The plaintext is not an OTLP request of the batch's signal. INVALID_ARGUMENT. */
    INVALID_OTLP,
    /** A signal the core does not store (profiles). INVALID_ARGUMENT. */
    UNSUPPORTED_SIGNAL,
    /** The sequence number is older than the replay window. FAILED_PRECONDITION. */
    TOO_OLD;

    /** The label used in metrics and audit actions. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** Why a batch should be retried. */
  enum Retry {
    /** The store failed or is unreachable. */
    STORE_UNAVAILABLE,
    /** In-flight bytes would exceed the memory budget. */
    OVER_MEMORY_BUDGET,
    /** The same batch is being stored right now (a concurrent retry). */
    IN_PROGRESS,
    /** Every ingest worker is busy and their queue is full. */
    BUSY;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }
}
