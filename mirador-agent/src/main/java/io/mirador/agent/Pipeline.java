package io.mirador.agent;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Message;
import io.mirador.agent.AgentCounters.Kind;
import io.mirador.agent.AgentCounters.RequestError;
import io.mirador.crypto.Signal;
import io.mirador.otlp.OtlpDecoder;
import io.mirador.pii.OtlpRedactor;
import io.mirador.pii.Redacted;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * What both receivers do with a request body: memory limit first (before parsing), decode and
 * validate, redact with the tenant's policy, enrich and split by lane, batch, and answer once the
 * data is queued (durably, in disk mode). Every outcome is counted.
 */
final class Pipeline {
  /** Parsed protobuf objects take several times their wire size (and redaction copies them). */
  static final int MEMORY_PER_WIRE_BYTE = 6;

  static final Duration OVERLOAD_RETRY = Duration.ofSeconds(1);
  static final Duration QUEUE_RETRY = Duration.ofSeconds(5);

  /** How a request ends, independent of the transport. */
  sealed interface Outcome {
    /** 200 / OK with this response (which carries partial success, if any). */
    record Accepted(Message response) implements Outcome {}

    /** 400 / INVALID_ARGUMENT. */
    record Invalid(String reason) implements Outcome {}

    /** 413 / RESOURCE_EXHAUSTED. */
    record TooLarge(String reason) implements Outcome {}

    /**
     * 429 / RESOURCE_EXHAUSTED with a retry hint (Retry-After, google.rpc.RetryInfo): the agent is
     * over its admission limits (memory, heap, queueing delay) and sheds the request unread.
     */
    record Throttled(String reason, Duration retryAfter) implements Outcome {}

    /** 503 / UNAVAILABLE with a retry hint: the agent cannot queue now (disk error). */
    record Unavailable(String reason, Duration retryAfter) implements Outcome {}
  }

  private final MemoryLimiter limiter;
  private final OtlpRedactor redactor;
  private final Shaper shaper;
  private final Batcher batcher;
  private final AgentCounters counters;
  private final BooleanSupplier queueFull;

  Pipeline(
      MemoryLimiter limiter,
      OtlpRedactor redactor,
      Shaper shaper,
      Batcher batcher,
      AgentCounters counters,
      BooleanSupplier queueRefuses) {
    this.limiter = requireNonNull(limiter, "limiter");
    this.redactor = requireNonNull(redactor, "redactor");
    this.shaper = requireNonNull(shaper, "shaper");
    this.batcher = requireNonNull(batcher, "batcher");
    this.counters = requireNonNull(counters, "counters");
    this.queueFull = requireNonNull(queueRefuses, "queueRefuses");
  }

  AgentCounters counters() {
    return counters;
  }

  CompletableFuture<Outcome> export(Signal signal, byte[] body, OtlpDecoder.Format format) {
    return export(signal, body, format, null, System.nanoTime());
  }

  /**
   * Refuses a request that waited longer than the limit for a worker (it is answered unprocessed,
   * so that accepted requests keep a bounded latency); null when it may go on. Call first thing on
   * the worker.
   */
  Outcome.Throttled lateOnWorker(Signal signal, long admittedAtNanos) {
    long waited = System.nanoTime() - admittedAtNanos;
    if (limiter.tookAfterWait(waited)) {
      return null;
    }
    counters.requestError(signal, RequestError.OVERLOADED);
    return new Outcome.Throttled(
        "agent is overloaded: the request waited "
            + waited / 1_000_000
            + " ms for a worker (limit "
            + limiter.maxQueueWaitMillis()
            + " ms)",
        OVERLOAD_RETRY);
  }

  /**
   * Processes one request. {@code held} is the memory the receiver reserved at the request's
   * headers (null: none yet); it is grown to the decoded size before parsing and released when the
   * request is answered. {@code admittedAtNanos} is when the receiver admitted the request.
   */
  CompletableFuture<Outcome> export(
      Signal signal,
      byte[] body,
      OtlpDecoder.Format format,
      MemoryLimiter.Reservation held,
      long admittedAtNanos) {
    Outcome.Throttled late = lateOnWorker(signal, admittedAtNanos);
    if (late != null) {
      if (held != null) {
        held.close();
      }
      return CompletableFuture.completedFuture(late);
    }
    return admitted(signal, body, format, held);
  }

  /** {@link #export} for a request whose wait was checked already ({@link #lateOnWorker}). */
  CompletableFuture<Outcome> admitted(
      Signal signal, byte[] body, OtlpDecoder.Format format, MemoryLimiter.Reservation held) {
    long cost = (long) body.length * MEMORY_PER_WIRE_BYTE;
    MemoryLimiter.Reservation reservation = held;
    if (reservation != null && !reservation.growTo(cost)) {
      reservation.close();
      reservation = null;
    } else if (reservation == null && !queueFull.getAsBoolean()) {
      reservation = limiter.reserve(cost);
    }
    if (reservation == null || queueFull.getAsBoolean()) {
      if (reservation != null) {
        reservation.close();
      }
      counters.requestError(signal, RequestError.OVERLOADED);
      return CompletableFuture.completedFuture(
          new Outcome.Throttled("agent is over its memory budget", OVERLOAD_RETRY));
    }
    MemoryLimiter.Reservation owned = reservation;
    boolean handedOff = false;
    try {
      OtlpCodec.Decoded decoded = OtlpCodec.decode(signal, body, format);
      if (decoded instanceof OtlpCodec.Decoded.Bad bad) {
        counters.requestError(signal, RequestError.MALFORMED);
        return CompletableFuture.completedFuture(new Outcome.Invalid(bad.reason()));
      }
      OtlpCodec.Decoded.Ok ok = (OtlpCodec.Decoded.Ok) decoded;
      counters.add(signal, Kind.REJECTED, ok.rejected());
      Message response = OtlpCodec.response(signal, ok.rejected(), ok.rejectReason());
      if (ok.records() == 0 && isEmpty(ok.message())) {
        return CompletableFuture.completedFuture(new Outcome.Accepted(response));
      }
      Message redacted = redact(signal, ok.message());
      List<List<Message>> lanes = shaper.shape(signal, redacted);
      CompletableFuture<Void> queued = batcher.add(signal, lanes);
      handedOff = true;
      int records = ok.records();
      return queued.handle(
          (v, err) -> {
            owned.close();
            if (err != null) {
              counters.add(signal, Kind.REFUSED, records);
              counters.requestError(signal, RequestError.INTERNAL);
              return new Outcome.Unavailable("agent queue cannot write now", QUEUE_RETRY);
            }
            counters.add(signal, Kind.ACCEPTED, records);
            return new Outcome.Accepted(response);
          });
    } catch (RuntimeException e) {
      counters.requestError(signal, RequestError.INTERNAL);
      return CompletableFuture.completedFuture(
          new Outcome.Unavailable("agent failed to process the request", QUEUE_RETRY));
    } finally {
      if (!handedOff) {
        owned.close();
      }
    }
  }

  private static boolean isEmpty(Message m) {
    return switch (m) {
      case ExportTraceServiceRequest r -> r.getResourceSpansCount() == 0;
      case ExportLogsServiceRequest r -> r.getResourceLogsCount() == 0;
      case ExportMetricsServiceRequest r -> r.getResourceMetricsCount() == 0;
      default -> true;
    };
  }

  private Message redact(Signal signal, Message m) {
    Redacted<? extends Message> r =
        switch (m) {
          case ExportTraceServiceRequest t -> redactor.redact(t);
          case ExportLogsServiceRequest l -> redactor.redact(l);
          case ExportMetricsServiceRequest x -> redactor.redact(x);
          default -> throw new IllegalArgumentException("unsupported message");
        };
    counters.add(signal, Kind.REDACTED, r.counts().total());
    return r.message();
  }
}
