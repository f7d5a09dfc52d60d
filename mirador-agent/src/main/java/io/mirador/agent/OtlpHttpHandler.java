package io.mirador.agent;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.mirador.agent.AgentCounters.RequestError;
import io.mirador.crypto.Signal;
import io.mirador.otlp.OtlpDecoder;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * OTLP/HTTP: {@code POST /v1/traces|metrics|logs} with {@code application/x-protobuf} or {@code
 * application/json}, optionally {@code Content-Encoding: gzip}. Transport-free (the Quarkus layer
 * reads the body, bounded, and writes the {@link Response}); errors carry a {@code
 * google.rpc.Status} in the request's encoding, as the specification asks.
 */
final class OtlpHttpHandler {
  /** What to send back. {@code retryAfterSeconds} > 0 adds a Retry-After header. */
  record Response(int status, String contentType, byte[] body, long retryAfterSeconds) {}

  static final String PROTOBUF = "application/x-protobuf";
  static final String JSON = "application/json";

  private final Pipeline pipeline;
  private final int maxRequestBytes;
  private final OversizeRefusals oversize;

  OtlpHttpHandler(Pipeline pipeline, int maxRequestBytes) {
    this(pipeline, maxRequestBytes, new OversizeRefusals(maxRequestBytes));
  }

  OtlpHttpHandler(Pipeline pipeline, int maxRequestBytes, OversizeRefusals oversize) {
    this.pipeline = requireNonNull(pipeline, "pipeline");
    this.maxRequestBytes = maxRequestBytes;
    this.oversize = requireNonNull(oversize, "oversize");
  }

  int maxRequestBytes() {
    return maxRequestBytes;
  }

  /** Requests refused as too large, per receiver, and the warning that names their client. */
  OversizeRefusals oversize() {
    return oversize;
  }

  static Signal signalForPath(String path) {
    return switch (path) {
      case "/v1/traces" -> Signal.TRACES;
      case "/v1/metrics" -> Signal.METRICS;
      case "/v1/logs" -> Signal.LOGS;
      default -> null;
    };
  }

  /** The response to a body that was larger than the limit (not read to its end). */
  Response tooLarge(Signal signal, String contentType) {
    pipeline.counters().requestError(signal, RequestError.TOO_LARGE);
    return error(
        413,
        format(contentType),
        Code.RESOURCE_EXHAUSTED,
        "request exceeds " + maxRequestBytes + " bytes",
        0);
  }

  /**
   * The response to a request refused at its headers because the agent is saturated: 429 with
   * Retry-After (OTLP/HTTP throttling; SDKs retry it after the hint) and a RetryInfo in the body.
   */
  Response overloaded(Signal signal, String contentType, String reason) {
    pipeline.counters().requestError(signal, RequestError.OVERLOADED);
    return error(
        429,
        format(contentType),
        Code.RESOURCE_EXHAUSTED,
        reason,
        Pipeline.OVERLOAD_RETRY.toSeconds());
  }

  CompletableFuture<Response> handle(
      Signal signal, String contentType, String contentEncoding, byte[] body) {
    return handle(signal, contentType, contentEncoding, body, null, System.nanoTime());
  }

  /**
   * Answers one request. {@code held}: the memory reserved at its headers (released here or by the
   * pipeline), {@code admittedAtNanos}: when it was admitted (the wait for a worker is checked).
   */
  CompletableFuture<Response> handle(
      Signal signal,
      String contentType,
      String contentEncoding,
      byte[] body,
      MemoryLimiter.Reservation held,
      long admittedAtNanos) {
    Pipeline.Outcome.Throttled late = pipeline.lateOnWorker(signal, admittedAtNanos);
    if (late != null) {
      release(held);
      return done(throttled(format(contentType), late));
    }
    CompletableFuture<Response> answer = answer(signal, contentType, contentEncoding, body, held);
    if (held != null) {
      answer.whenComplete((r, e) -> held.close());
    }
    return answer;
  }

  private static void release(MemoryLimiter.Reservation held) {
    if (held != null) {
      held.close();
    }
  }

  private static Response throttled(OtlpDecoder.Format format, Pipeline.Outcome.Throttled t) {
    return error(
        429, format, Code.RESOURCE_EXHAUSTED, t.reason(), Math.max(1, t.retryAfter().toSeconds()));
  }

  private CompletableFuture<Response> answer(
      Signal signal,
      String contentType,
      String contentEncoding,
      byte[] body,
      MemoryLimiter.Reservation held) {
    OtlpDecoder.Format format = format(contentType);
    if (format == null) {
      pipeline.counters().requestError(signal, RequestError.UNSUPPORTED_MEDIA_TYPE);
      return done(
          error(
              415,
              OtlpDecoder.Format.PROTOBUF,
              Code.INVALID_ARGUMENT,
              "Content-Type must be application/x-protobuf or application/json",
              0));
    }
    if (body.length > maxRequestBytes) {
      return done(tooLarge(signal, contentType));
    }
    String enc =
        contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    if (enc.equals("gzip")) {
      try {
        body = gunzip(body);
      } catch (TooLargeException e) {
        return done(tooLarge(signal, contentType));
      } catch (IOException e) {
        pipeline.counters().requestError(signal, RequestError.BAD_ENCODING);
        return done(
            error(400, format, Code.INVALID_ARGUMENT, "gzip body is truncated or corrupt", 0));
      }
    } else if (!enc.equals("identity") && !enc.isEmpty()) {
      pipeline.counters().requestError(signal, RequestError.BAD_ENCODING);
      return done(
          error(
              415, format, Code.INVALID_ARGUMENT, "Content-Encoding must be gzip or identity", 0));
    }
    return pipeline
        .admitted(signal, body, format, held)
        .thenApply(
            outcome ->
                switch (outcome) {
                  case Pipeline.Outcome.Accepted a ->
                      new Response(200, contentTypeOf(format), encode(a.response(), format), 0);
                  case Pipeline.Outcome.Invalid i ->
                      error(400, format, Code.INVALID_ARGUMENT, i.reason(), 0);
                  case Pipeline.Outcome.TooLarge t ->
                      error(413, format, Code.RESOURCE_EXHAUSTED, t.reason(), 0);
                  case Pipeline.Outcome.Throttled t -> throttled(format, t);
                  case Pipeline.Outcome.Unavailable u ->
                      error(
                          503,
                          format,
                          Code.UNAVAILABLE,
                          u.reason(),
                          Math.max(1, u.retryAfter().toSeconds()));
                });
  }

  private static CompletableFuture<Response> done(Response r) {
    return CompletableFuture.completedFuture(r);
  }

  static OtlpDecoder.Format format(String contentType) {
    if (contentType == null) {
      return null;
    }
    String ct = contentType.toLowerCase(Locale.ROOT);
    int semi = ct.indexOf(';');
    if (semi >= 0) {
      ct = ct.substring(0, semi);
    }
    return switch (ct.trim()) {
      case PROTOBUF, "application/protobuf" -> OtlpDecoder.Format.PROTOBUF;
      case JSON -> OtlpDecoder.Format.JSON;
      default -> null;
    };
  }

  private static String contentTypeOf(OtlpDecoder.Format f) {
    return f == OtlpDecoder.Format.JSON ? JSON : PROTOBUF;
  }

  private static byte[] encode(Message m, OtlpDecoder.Format f) {
    return f == OtlpDecoder.Format.JSON ? OtlpCodec.encodeJson(m) : m.toByteArray();
  }

  private static Response error(
      int http, OtlpDecoder.Format f, Code code, String message, long retryAfterSeconds) {
    OtlpDecoder.Format fmt = f == null ? OtlpDecoder.Format.PROTOBUF : f;
    com.google.rpc.Status.Builder s =
        com.google.rpc.Status.newBuilder().setCode(code.getNumber()).setMessage(message);
    if (retryAfterSeconds > 0) {
      s.addDetails(
          Any.pack(
              RetryInfo.newBuilder()
                  .setRetryDelay(
                      com.google.protobuf.Duration.newBuilder().setSeconds(retryAfterSeconds))
                  .build()));
    }
    byte[] body =
        fmt == OtlpDecoder.Format.JSON
            ? ("{\"code\":" + code.getNumber() + ",\"message\":" + jsonString(message) + "}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)
            : s.build().toByteArray();
    return new Response(http, contentTypeOf(fmt), body, retryAfterSeconds);
  }

  private static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  private static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
  }

  /** Inflates with the same limit as plain bodies (a gzip bomb stops at the limit). */
  private byte[] gunzip(byte[] body) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 8192)) {
      byte[] out = in.readNBytes(maxRequestBytes + 1);
      if (out.length > maxRequestBytes) {
        throw new TooLargeException();
      }
      return out;
    } catch (EOFException | ZipException e) {
      throw new IOException("bad gzip", e);
    }
  }
}
