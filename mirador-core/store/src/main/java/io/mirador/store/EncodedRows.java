package io.mirador.store;

/**
 * Rows encoded by a store for a later {@link TelemetryStore#writeEncoded}: a writer that gathers
 * many callers' batches into one insert lets each caller encode on its own thread, while the
 * decoded telemetry is fresh, and holds compact bytes rather than object graphs while it waits.
 * Opaque outside the store that made them; tenant and retention are inside the rows.
 */
public interface EncodedRows {
  /** The rows' kind; {@link TelemetryStore#writeEncoded} takes batches of one kind per call. */
  enum Kind {
    SPANS,
    LOGS
  }

  Kind kind();

  /** Spans or log records held. */
  int rows();
}
