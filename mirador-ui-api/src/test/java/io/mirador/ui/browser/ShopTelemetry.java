package io.mirador.ui.browser;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small shop instrumented with the OpenTelemetry Java SDK, sending OTLP/HTTP (protobuf) to the
 * agent: {@code frontend -> checkout -> payment -> payments-db}, and {@code checkout -> catalog}.
 * Server and client spans with attributes and events, ERROR logs correlated by trace and span id, a
 * cumulative counter and a histogram per service.
 *
 * <p>The SDK takes explicit span, event and log timestamps, and its meter providers run on a clock
 * this class moves, so a baseline of many minutes is sent backdated in seconds ({@link #baseline});
 * {@link #live} then sends in real time. A fault makes {@code payment} slow (about 30 times its own
 * time) and failing (half its calls), with an ERROR log line per failure.
 */
final class ShopTelemetry implements AutoCloseable {
  static final String FRONTEND = "frontend";
  static final String CHECKOUT = "checkout";
  static final String PAYMENT = "payment";
  static final String PAYMENTS_DB = "payments-db";
  static final String CATALOG = "catalog";
  static final List<String> SERVICES = List.of(FRONTEND, CHECKOUT, PAYMENT, PAYMENTS_DB, CATALOG);

  /** The text of the fault's error log line at payment. */
  static final String FAULT_LOG = "payment gateway timeout after 3 attempts";

  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<Long> STATUS =
      AttributeKey.longKey("http.response.status_code");

  private final MovableClock clock;
  private final Map<String, Instrumented> services = new LinkedHashMap<>();
  private final SplittableRandom random = new SplittableRandom(42);
  private final List<String> faultTraceIds = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong traces = new AtomicLong();
  private volatile boolean fault;
  private Thread liveThread;
  private volatile boolean liveRunning;

  /**
   * @param agentHttp the agent's OTLP/HTTP base URL ({@code http://127.0.0.1:port})
   * @param start when the meters start counting (the baseline's start)
   */
  ShopTelemetry(String agentHttp, Instant start) {
    this.clock = new MovableClock(start);
    for (String s : SERVICES) {
      services.put(s, new Instrumented(s, agentHttp, clock));
    }
  }

  /** Sends every minute of [{@code from}, {@code to}) backdated, {@code perMinute} orders each. */
  void baseline(Instant from, Instant to, int perMinute) {
    for (Instant m = from; m.isBefore(to); m = m.plus(Duration.ofMinutes(1))) {
      for (int i = 0; i < perMinute; i++) {
        Instant at = m.plusMillis(i * (60_000L / perMinute) + random.nextLong(1000));
        order(at, false);
        if (i % 3 == 0) {
          browse(at.plusMillis(200));
        }
      }
      clock.set(m.plus(Duration.ofMinutes(1)));
      services.values().forEach(Instrumented::flushMetrics);
    }
    flush();
  }

  /** From now on, {@code perMinute} orders a minute in real time, until {@link #close}. */
  synchronized void live(int perMinute) {
    if (liveThread != null) {
      return;
    }
    liveRunning = true;
    liveThread =
        new Thread(
            () -> {
              long every = 60_000L / perMinute;
              long sent = 0;
              while (liveRunning) {
                Instant now = Instant.now();
                order(now, fault);
                if (sent++ % 3 == 0) {
                  browse(now.plusMillis(100));
                }
                if (sent % 5 == 0) {
                  clock.set(Instant.now());
                  services.values().forEach(Instrumented::flushMetrics);
                }
                try {
                  Thread.sleep(every);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "shop-live-traffic");
    liveThread.setDaemon(true);
    liveThread.start();
  }

  /** Turns the fault at payment on or off (live traffic). */
  void fault(boolean on) {
    this.fault = on;
  }

  /** Trace ids of orders that failed at payment. */
  List<String> faultTraceIds() {
    synchronized (faultTraceIds) {
      return List.copyOf(faultTraceIds);
    }
  }

  long tracesSent() {
    return traces.get();
  }

  /** One trace whose span name, attributes, event and log body are XSS payloads. */
  String hostileTrace(Instant at, List<String> payloads) {
    Instrumented front = services.get(FRONTEND);
    Span server =
        front
            .tracer
            .spanBuilder(payloads.getFirst())
            .setSpanKind(SpanKind.SERVER)
            .setStartTimestamp(at)
            .setAttribute(METHOD, "GET")
            .setAttribute(ROUTE, "/search")
            .startSpan();
    for (int i = 0; i < payloads.size(); i++) {
      server.setAttribute("probe.value." + i, payloads.get(i));
    }
    server.setAttribute("url.full", payloads.getLast());
    server.addEvent(payloads.get(1 % payloads.size()), Attributes.empty(), at.plusMillis(1));
    Context ctx = Context.root().with(server);
    for (String p : payloads) {
      front
          .logger
          .logRecordBuilder()
          .setTimestamp(at.plusMillis(2))
          .setSeverity(Severity.ERROR)
          .setSeverityText("ERROR")
          .setBody(p)
          .setContext(ctx)
          .emit();
    }
    server.setStatus(StatusCode.ERROR, payloads.get(2 % payloads.size()));
    server.end(at.plusMillis(5));
    flush();
    return server.getSpanContext().getTraceId();
  }

  /** Forces every span and log out of the SDK's batches. */
  void flush() {
    services.values().forEach(Instrumented::flush);
  }

  @Override
  public void close() {
    liveRunning = false;
    if (liveThread != null) {
      liveThread.interrupt();
      try {
        liveThread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    services.values().forEach(Instrumented::close);
  }

  /** frontend -> checkout -> payment -> payments-db, checkout -> catalog. */
  private void order(Instant at, boolean faulty) {
    traces.incrementAndGet();
    double jitter = Math.max(0.5, 1 + 0.08 * random.nextGaussian());
    boolean fails = faulty && random.nextInt(2) == 0;
    long dbNanos = nanos(3, jitter);
    long paymentSelf = faulty ? nanos(140, jitter) : nanos(5, jitter);
    long catalogNanos = nanos(2, jitter);

    Instrumented front = services.get(FRONTEND);
    Instrumented checkout = services.get(CHECKOUT);
    Instrumented payment = services.get(PAYMENT);
    Instrumented db = services.get(PAYMENTS_DB);
    Instrumented catalog = services.get(CATALOG);

    long t0 = epochNanos(at);
    long paymentStart = t0 + nanos(1.5, 1);
    long paymentDuration = paymentSelf + dbNanos + nanos(0.4, 1);
    long catalogStart = paymentStart + paymentDuration + nanos(0.2, 1);
    long checkoutDuration = (catalogStart + catalogNanos + nanos(0.5, 1)) - (t0 + nanos(1, 1));
    long frontDuration = checkoutDuration + nanos(2, jitter);

    Span fs = server(front, "POST /checkout", "/checkout", t0, null);
    fs.setAttribute("enduser.id", "customer-" + random.nextInt(50));
    fs.setAttribute("user.email", "jane.doe" + random.nextInt(5) + "@example.com");
    Span fc = client(front, "POST checkout", t0 + nanos(0.5, 1), fs);
    Span cs = server(checkout, "POST /checkout", "/checkout", t0 + nanos(1, 1), fc);
    cs.setAttribute("cart.items", 1 + random.nextInt(6));
    Span cc = client(checkout, "POST payment /charge", paymentStart - nanos(0.1, 1), cs);
    Span ps = server(payment, "POST /charge", "/charge", paymentStart, cc);
    ps.setAttribute("payment.method", random.nextInt(3) == 0 ? "iban" : "card");
    ps.addEvent(
        "fraud.check", Attributes.empty(), paymentStart + nanos(1, 1), TimeUnit.NANOSECONDS);
    Span pc = client(payment, "SELECT payments", paymentStart + paymentSelf, ps);
    pc.setAttribute("db.system", "postgresql");
    Span ds = server(db, "SELECT payments", "SELECT payments", paymentStart + paymentSelf, pc);
    ds.setAttribute("db.statement", "SELECT status FROM payments WHERE order_id = ?");
    end(db, ds, paymentStart + paymentSelf, paymentStart + paymentSelf + dbNanos, false, 200);
    end(payment, pc, 0, paymentStart + paymentSelf + dbNanos, false, 0);
    if (fails) {
      ps.addEvent(
          "exception",
          Attributes.of(
              AttributeKey.stringKey("exception.type"),
              "java.net.SocketTimeoutException",
              AttributeKey.stringKey("exception.message"),
              FAULT_LOG),
          paymentStart + paymentDuration - 1000,
          TimeUnit.NANOSECONDS);
      payment
          .logger
          .logRecordBuilder()
          .setTimestamp(paymentStart + paymentDuration - 500, TimeUnit.NANOSECONDS)
          .setSeverity(Severity.ERROR)
          .setSeverityText("ERROR")
          .setBody(FAULT_LOG)
          .setAttribute(AttributeKey.stringKey("order.id"), "o-" + random.nextInt(100_000))
          .setContext(Context.root().with(ps))
          .emit();
      faultTraceIds.add(ps.getSpanContext().getTraceId());
    }
    end(payment, ps, paymentStart, paymentStart + paymentDuration, fails, fails ? 503 : 200);
    end(checkout, cc, 0, paymentStart + paymentDuration + nanos(0.1, 1), fails, 0);
    Span cat = client(checkout, "GET catalog /price", catalogStart - nanos(0.1, 1), cs);
    Span catS = server(catalog, "GET /price", "/price", catalogStart, cat);
    end(catalog, catS, catalogStart, catalogStart + catalogNanos, false, 200);
    end(checkout, cat, 0, catalogStart + catalogNanos + nanos(0.1, 1), false, 0);
    end(
        checkout,
        cs,
        t0 + nanos(1, 1),
        t0 + nanos(1, 1) + checkoutDuration,
        fails,
        fails ? 502 : 200);
    end(front, fc, 0, t0 + nanos(1, 1) + checkoutDuration + nanos(0.2, 1), fails, 0);
    end(front, fs, t0, t0 + frontDuration, fails, fails ? 502 : 200);
  }

  /** frontend -> catalog: a product page. */
  private void browse(Instant at) {
    long t0 = epochNanos(at);
    Instrumented front = services.get(FRONTEND);
    Instrumented catalog = services.get(CATALOG);
    Span fs = server(front, "GET /products", "/products", t0, null);
    Span fc = client(front, "GET catalog /products", t0 + nanos(0.3, 1), fs);
    Span cs = server(catalog, "GET /products", "/products", t0 + nanos(0.5, 1), fc);
    end(catalog, cs, t0 + nanos(0.5, 1), t0 + nanos(4, 1), false, 200);
    end(front, fc, 0, t0 + nanos(4.3, 1), false, 0);
    end(front, fs, t0, t0 + nanos(5, 1), false, 200);
  }

  private static Span server(Instrumented s, String name, String route, long start, Span parent) {
    return s.tracer
        .spanBuilder(name)
        .setSpanKind(SpanKind.SERVER)
        .setParent(parent == null ? Context.root() : Context.root().with(parent))
        .setStartTimestamp(start, TimeUnit.NANOSECONDS)
        .setAttribute(METHOD, name.startsWith("GET") ? "GET" : "POST")
        .setAttribute(ROUTE, route)
        .startSpan();
  }

  private static Span client(Instrumented s, String name, long start, Span parent) {
    return s.tracer
        .spanBuilder(name)
        .setSpanKind(SpanKind.CLIENT)
        .setParent(Context.root().with(parent))
        .setStartTimestamp(start, TimeUnit.NANOSECONDS)
        .startSpan();
  }

  private static void end(
      Instrumented s, Span span, long start, long end, boolean error, int status) {
    if (status > 0) {
      span.setAttribute(STATUS, (long) status);
    }
    if (error) {
      span.setStatus(StatusCode.ERROR, status >= 500 ? "HTTP " + status : "downstream failed");
    }
    span.end(end, TimeUnit.NANOSECONDS);
    if (status > 0) {
      // Server spans feed the service's own metrics.
      Attributes a = Attributes.of(STATUS, (long) status);
      s.requests.add(1, a);
      s.duration.record((end - start) / 1e9, a);
    }
  }

  private static long nanos(double millis, double jitter) {
    return (long) (millis * jitter * 1_000_000);
  }

  private static long epochNanos(Instant at) {
    return TimeUnit.SECONDS.toNanos(at.getEpochSecond()) + at.getNano();
  }

  /** One service: its own resource, tracer, logger and meters, each exporting to the agent. */
  private static final class Instrumented {
    final SdkTracerProvider traces;
    final SdkLoggerProvider logs;
    final SdkMeterProvider metrics;
    final PeriodicMetricReader reader;
    final Tracer tracer;
    final Logger logger;
    final LongCounter requests;
    final DoubleHistogram duration;

    Instrumented(String name, String agentHttp, Clock clock) {
      Resource resource =
          Resource.getDefault()
              .merge(
                  Resource.create(
                      Attributes.of(
                          AttributeKey.stringKey("service.name"), name,
                          AttributeKey.stringKey("service.version"), "1.4.2",
                          AttributeKey.stringKey("deployment.environment"), "browser-it")));
      traces =
          SdkTracerProvider.builder()
              .setResource(resource)
              .addSpanProcessor(
                  BatchSpanProcessor.builder(
                          OtlpHttpSpanExporter.builder()
                              .setEndpoint(agentHttp + "/v1/traces")
                              .setTimeout(Duration.ofSeconds(30))
                              .build())
                      .setMaxQueueSize(500_000)
                      .setMaxExportBatchSize(2048)
                      .setScheduleDelay(Duration.ofMillis(500))
                      .build())
              .build();
      logs =
          SdkLoggerProvider.builder()
              .setResource(resource)
              .addLogRecordProcessor(
                  BatchLogRecordProcessor.builder(
                          OtlpHttpLogRecordExporter.builder()
                              .setEndpoint(agentHttp + "/v1/logs")
                              .setTimeout(Duration.ofSeconds(30))
                              .build())
                      .setMaxQueueSize(100_000)
                      .setScheduleDelay(Duration.ofMillis(500))
                      .build())
              .build();
      reader =
          PeriodicMetricReader.builder(
                  OtlpHttpMetricExporter.builder()
                      .setEndpoint(agentHttp + "/v1/metrics")
                      .setTimeout(Duration.ofSeconds(30))
                      .build())
              .setInterval(Duration.ofHours(1))
              .build();
      metrics =
          SdkMeterProvider.builder()
              .setResource(resource)
              .setClock(clock)
              .registerMetricReader(reader)
              .build();
      tracer = traces.get("io.mirador.ui.browser.shop");
      logger = logs.get("io.mirador.ui.browser.shop");
      var meter = metrics.get("io.mirador.ui.browser.shop");
      requests =
          meter
              .counterBuilder("shop.requests")
              .setDescription("requests served")
              .setUnit("{request}")
              .build();
      duration =
          meter
              .histogramBuilder("shop.request.duration")
              .setDescription("request duration")
              .setUnit("s")
              // The semantic conventions' buckets for durations in seconds (the SDK's default
              // buckets are for milliseconds: every request would land in the first).
              .setExplicitBucketBoundariesAdvice(
                  List.of(
                      0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5,
                      10.0))
              .build();
    }

    void flushMetrics() {
      reader.forceFlush().join(30, TimeUnit.SECONDS);
    }

    void flush() {
      traces.forceFlush().join(60, TimeUnit.SECONDS);
      logs.forceFlush().join(60, TimeUnit.SECONDS);
    }

    void close() {
      traces.shutdown().join(30, TimeUnit.SECONDS);
      logs.shutdown().join(30, TimeUnit.SECONDS);
      metrics.shutdown().join(30, TimeUnit.SECONDS);
    }
  }

  /** The meters' clock: set to each backdated minute's end before its metrics are exported. */
  private static final class MovableClock implements Clock {
    private final AtomicLong epochNanos;

    MovableClock(Instant start) {
      epochNanos = new AtomicLong(epochNanos(start));
    }

    void set(Instant at) {
      epochNanos.accumulateAndGet(epochNanos(at), Math::max);
    }

    @Override
    public long now() {
      return epochNanos.get();
    }

    @Override
    public long nanoTime() {
      return epochNanos.get();
    }
  }
}
