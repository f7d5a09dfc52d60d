package io.mirador.benchmarks.soak;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Open-loop OTLP/HTTP protobuf load, as an SDK's exporter sends it, at a fixed rate of spans per
 * second, each request one attempt: its spans are recorded in the {@link SpanLedger} as
 * acknowledged (200 with nothing rejected), refused (an error status) or unanswered. A failed
 * request is not retried with the same spans: plain OTLP carries no idempotency key, so a retry of
 * a request the agent did queue would be stored twice (core README), and the ledger would no longer
 * tell the agent's duplicates from the client's.
 */
final class LoadSender implements AutoCloseable {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final String[] ROUTES = {"/api/orders", "/api/cart", "/api/users/{id}", "/health"};
  private static final String[] SERVICES = {"frontend", "cart", "checkout", "payment"};

  private final SpanLedger ledger;
  private final Supplier<URI> target;
  private final int spansPerSecond;
  private final Semaphore inFlight;
  private final int maxInFlight;
  private final long startNanos;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .executor(executor)
          .build();
  private final LongAdder partial = new LongAdder();
  private final LongAdder behindSchedule = new LongAdder();
  private final AtomicReference<String> lastFailure = new AtomicReference<>("");
  private volatile boolean stop;
  private Thread thread;

  LoadSender(
      SpanLedger ledger,
      Supplier<URI> target,
      int spansPerSecond,
      int maxInFlight,
      long startNanos) {
    this.ledger = ledger;
    this.target = target;
    this.spansPerSecond = spansPerSecond;
    this.maxInFlight = maxInFlight;
    this.inFlight = new Semaphore(maxInFlight);
    this.startNanos = startNanos;
  }

  /** Sends until {@link #finish} (or until the ledger is full). */
  void start() {
    thread = Thread.ofPlatform().name("soak-sender").start(this::run);
  }

  private void run() {
    long interval = 1_000_000_000L * ledger.spansPerRequest() / spansPerSecond;
    long begin = System.nanoTime();
    try {
      for (long i = 0; !stop; i++) {
        long wait = begin + i * interval - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        if (!inFlight.tryAcquire()) {
          behindSchedule.increment();
          inFlight.acquire();
        }
        if (ledger.requestsSent() == ledger.capacity()) {
          inFlight.release();
          lastFailure.set("ledger full: sending stopped early");
          return;
        }
        send(ledger.nextRequest());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void send(int request) {
    byte[] body = body(request);
    HttpRequest http =
        HttpRequest.newBuilder(target.get())
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    client
        .sendAsync(http, HttpResponse.BodyHandlers.ofByteArray())
        .whenComplete(
            (response, error) -> {
              try {
                ledger.answer(request, outcome(response, error), millisSinceStart());
              } finally {
                inFlight.release();
              }
            });
  }

  private SpanLedger.Outcome outcome(HttpResponse<byte[]> response, Throwable error) {
    if (error != null) {
      lastFailure.set(error.getClass().getSimpleName());
      return SpanLedger.Outcome.NO_ANSWER;
    }
    if (response.statusCode() != 200) {
      lastFailure.set("HTTP " + response.statusCode());
      return SpanLedger.Outcome.REFUSED;
    }
    try {
      ExportTraceServiceResponse parsed = ExportTraceServiceResponse.parseFrom(response.body());
      if (parsed.getPartialSuccess().getRejectedSpans() > 0) {
        partial.increment();
        return SpanLedger.Outcome.REFUSED;
      }
      return SpanLedger.Outcome.ACKNOWLEDGED;
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      lastFailure.set("unparsable 200 answer");
      return SpanLedger.Outcome.NO_ANSWER;
    }
  }

  private int millisSinceStart() {
    return (int) ((System.nanoTime() - startNanos) / 1_000_000);
  }

  /** One request: ten traces of ten spans each (for 100 spans per request), current timestamps. */
  private byte[] body(int request) {
    int spans = ledger.spansPerRequest();
    long now = System.currentTimeMillis() * 1_000_000L;
    String service = SERVICES[request % SERVICES.length];
    ScopeSpans.Builder scope =
        ScopeSpans.newBuilder()
            .setScope(InstrumentationScope.newBuilder().setName("io.mirador.soak").setVersion("1"));
    byte[] trace = new byte[16];
    long spanId0 = ledger.spanId(request, 0);
    for (int i = 0; i < spans; i++) {
      long spanId = ledger.spanId(request, i);
      if (i % 10 == 0) {
        ByteBuffer.wrap(trace).putLong(spanId).putLong(0x5300_0000_0000_0001L);
      }
      long start = now - 50_000_000L + i * 1_000L;
      String route = ROUTES[i % ROUTES.length];
      Span.Builder span =
          Span.newBuilder()
              .setTraceId(ByteString.copyFrom(trace))
              .setSpanId(id(spanId))
              .setName("GET " + route)
              .setKind(Span.SpanKind.SPAN_KIND_SERVER)
              .setStartTimeUnixNano(start)
              .setEndTimeUnixNano(start + 1_000_000L + (spanId % 40) * 1_000_000L)
              .addAttributes(text("http.request.method", "GET"))
              .addAttributes(text("http.route", route))
              .addAttributes(number("http.response.status_code", i % 50 == 0 ? 500 : 200))
              .addAttributes(text("url.full", "https://shop.example.com" + route + "?page=" + i))
              .addAttributes(text("client.address", "203.0.113." + (i % 250)))
              .addAttributes(text("soak.request", Integer.toString(request)))
              // As incompressible as a real request id: sealed batches of these spans are about
              // 50 bytes a span, so the queue budget fills as with real traffic, not 10 times
              // later.
              .addAttributes(text("request.id", Long.toHexString(mix(spanId))));
      if (i % 10 != 0) {
        span.setParentSpanId(id(spanId0 + (i / 10) * 10L));
      }
      scope.addSpans(span);
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(text("service.name", service)))
                .addScopeSpans(scope))
        .build()
        .toByteArray();
  }

  /** A bijective scrambling of a span id (splitmix64's finalizer). */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static ByteString id(long value) {
    return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(value).array());
  }

  private static KeyValue text(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static KeyValue number(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  /** Stops sending and waits for every answer. */
  void finish() throws InterruptedException {
    stop = true;
    thread.join();
    inFlight.acquire(maxInFlight);
    inFlight.release(maxInFlight);
  }

  long partialAnswers() {
    return partial.sum();
  }

  long behindSchedule() {
    return behindSchedule.sum();
  }

  String lastFailure() {
    return lastFailure.get();
  }

  @Override
  public void close() {
    stop = true;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    executor.shutdownNow();
  }
}
