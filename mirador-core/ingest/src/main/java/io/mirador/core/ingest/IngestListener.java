package io.mirador.core.ingest;

/**
 * Receives every ingest outcome (metrics, audit of refusals). Called on the request thread after
 * the outcome is final; implementations must be fast and must not throw.
 */
@FunctionalInterface
public interface IngestListener {
  IngestListener NONE = event -> {};

  void onEvent(IngestEvent event);
}
