package io.mirador.core.ingest;

import static java.util.Objects.requireNonNull;

import io.mirador.crypto.Signal;
import java.util.Optional;

/**
 * One ingest outcome, for counters and audit. Every string is safe to log and to use as a metric
 * label: configured names, fixed reason labels, or {@code unknown}/{@code invalid}; never a value
 * taken from a hostile batch unless it matched a configured name.
 *
 * @param source {@code sealed}, {@code otlp_grpc} or {@code otlp_http}
 * @param actor {@code agent:<id>} or {@code apikey:<name>}, or {@code unknown}
 * @param tenant a configured tenant id, or {@code unknown}
 * @param signal the batch's signal, if known
 * @param result the outcome
 * @param storeNanos time spent in the store write (0 when the store was not called)
 * @param sequence the sealed batch's sequence number, or -1
 */
public record IngestEvent(
    String source,
    String actor,
    String tenant,
    Optional<Signal> signal,
    IngestResult result,
    long storeNanos,
    long sequence) {
  public IngestEvent {
    requireNonNull(source, "source");
    requireNonNull(actor, "actor");
    requireNonNull(tenant, "tenant");
    requireNonNull(signal, "signal");
    requireNonNull(result, "result");
  }

  /** The signal's label ({@code traces}, {@code metrics}, {@code logs}, ...) or {@code unknown}. */
  public String signalLabel() {
    return signal.map(s -> s.name().toLowerCase(java.util.Locale.ROOT)).orElse("unknown");
  }
}
