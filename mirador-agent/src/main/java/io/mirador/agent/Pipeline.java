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

    /** 503 (429 for rate) / UNAVAILABLE with a retry hint. */
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
    long cost = (long) body.length * MEMORY_PER_WIRE_BYTE;
    if (queueFull.getAsBoolean() || !limiter.tryAcquire(cost)) {
      counters.requestError(signal, RequestError.OVERLOADED);
      return CompletableFuture.completedFuture(
          new Outcome.Unavailable("agent is over its memory budget", OVERLOAD_RETRY));
    }
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
            limiter.release(cost);
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
        limiter.release(cost);
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
