package io.mirador.agent;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mirador.crypto.Signal;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The Quarkus wiring: starts the {@link Agent} from the YAML file, serves OTLP/HTTP on the HTTP
 * port, and exposes the agent's counters on {@code /q/metrics} and its readiness on {@code
 * /q/health}. No pipeline logic lives here.
 */
@ApplicationScoped
public class AgentService {
  private static final Logger LOG = Logger.getLogger(AgentService.class.getName());

  @Inject MeterRegistry registry;

  /** What a chunked body (no Content-Length) reserves at first; it grows as chunks arrive. */
  private static final long CHUNKED_FIRST_RESERVATION = 64 * 1024;

  private volatile Agent agent;

  void onStart(@Observes StartupEvent event) {
    try {
      agent = Agent.start(ConfigLoader.load(AgentMain.configPath(), System.getenv()));
    } catch (Exception e) {
      LOG.severe("mirador-agent cannot start: " + e.getMessage());
      Quarkus.asyncExit(2);
      return;
    }
    registerMetrics(agent);
  }

  void onStop(@Observes ShutdownEvent event) {
    Agent a = agent;
    if (a != null) {
      a.close();
    }
  }

  Agent agent() {
    return agent;
  }

  void routes(@Observes Router router) {
    for (String path : new String[] {"/v1/traces", "/v1/metrics", "/v1/logs"}) {
      Signal signal = OtlpHttpHandler.signalForPath(path);
      router.post(path).handler(ctx -> receive(ctx, signal));
    }
  }

  private void receive(RoutingContext ctx, Signal signal) {
    Agent a = agent;
    HttpServerRequest req = ctx.request();
    if (a == null) {
      ctx.response().setStatusCode(503).putHeader("Retry-After", "5").end();
      return;
    }
    OtlpHttpHandler http = a.http();
    String contentType = req.getHeader("Content-Type");
    String encoding = req.getHeader("Content-Encoding");
    int max = http.maxRequestBytes();
    MemoryLimiter limiter = a.limiter();
    if (limiter.saturated()) {
      // Refused before the body is read: an overloaded agent does not buffer what it cannot take.
      respond(ctx, http.overloaded(signal, contentType, limiter.reason()), true);
      return;
    }
    String declared = req.getHeader("Content-Length");
    long length = declared == null ? -1 : parseLong(declared);
    if (length > max) {
      reply(ctx, http, signal, http.tooLarge(signal, contentType), true);
      return;
    }
    // The body's memory is reserved before it is read (a chunked body: as it arrives), so that
    // bodies buffered by many concurrent senders stay within memory.limitBytes.
    MemoryLimiter.Reservation held =
        limiter.reserve(
            (length >= 0 ? length : CHUNKED_FIRST_RESERVATION) * Pipeline.MEMORY_PER_WIRE_BYTE);
    if (held == null) {
      respond(ctx, http.overloaded(signal, contentType, limiter.reason()), true);
      return;
    }
    long admittedAt = System.nanoTime();
    ctx.response().closeHandler(v -> held.close());
    Buffer body = Buffer.buffer((int) Math.max(0, Math.min(length, max)));
    boolean[] over = {false};
    req.handler(
        chunk -> {
          if (over[0]) {
            return;
          }
          long size = (long) body.length() + chunk.length();
          if (size > max) {
            over[0] = true;
            held.close();
            reply(ctx, http, signal, http.tooLarge(signal, contentType), true);
            return;
          }
          if (!held.growTo(size * Pipeline.MEMORY_PER_WIRE_BYTE)) {
            over[0] = true;
            held.close();
            respond(ctx, http.overloaded(signal, contentType, limiter.reason()), true);
            return;
          }
          body.appendBuffer(chunk);
        });
    req.endHandler(
        v -> {
          if (over[0]) {
            return;
          }
          a.workers()
              .execute(
                  () ->
                      http.handle(signal, contentType, encoding, body.getBytes(), held, admittedAt)
                          .whenComplete(
                              (r, err) -> {
                                if (err != null) {
                                  ctx.response().setStatusCode(500).end();
                                } else {
                                  reply(ctx, http, signal, r, false);
                                }
                              }));
        });
    req.resume();
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Responds; a 413 is also counted per receiver and logged with the client that sent it. */
  private static void reply(
      RoutingContext ctx,
      OtlpHttpHandler http,
      Signal signal,
      OtlpHttpHandler.Response r,
      boolean close) {
    if (r.status() == 413) {
      HttpServerRequest req = ctx.request();
      http.oversize()
          .refused(
              OversizeRefusals.Receiver.HTTP,
              signal,
              req.remoteAddress() == null ? null : req.remoteAddress().toString(),
              req.getHeader("User-Agent"));
    }
    respond(ctx, r, close);
  }

  private static void respond(RoutingContext ctx, OtlpHttpHandler.Response r, boolean close) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(r.status()).putHeader("Content-Type", r.contentType());
    if (r.retryAfterSeconds() > 0) {
      ctx.response().putHeader("Retry-After", String.valueOf(r.retryAfterSeconds()));
    }
    // HTTP/1.x: the rest of a refused body is not read, so the connection cannot be reused.
    // HTTP/2 (h2c) prohibits the header; the refused stream simply ends.
    if (close && ctx.request().version() != io.vertx.core.http.HttpVersion.HTTP_2) {
      ctx.response().putHeader("Connection", "close");
    }
    ctx.response().end(Buffer.buffer(r.body()));
  }

  private void registerMetrics(Agent a) {
    AgentCounters c = a.counters();
    for (Signal s : new Signal[] {Signal.TRACES, Signal.METRICS, Signal.LOGS}) {
      String signal = s.name().toLowerCase(Locale.ROOT);
      for (AgentCounters.Kind k : AgentCounters.Kind.values()) {
        FunctionCounter.builder("mirador.agent.records", c, x -> x.get(s, k))
            .tag("signal", signal)
            .tag("outcome", k.name().toLowerCase(Locale.ROOT))
            .description("Telemetry records (spans, data points, log records) by outcome")
            .register(registry);
      }
      for (AgentCounters.RequestError e : AgentCounters.RequestError.values()) {
        FunctionCounter.builder("mirador.agent.request.errors", c, x -> x.requestErrors(s, e))
            .tag("signal", signal)
            .tag("reason", e.name().toLowerCase(Locale.ROOT))
            .description("OTLP requests refused as a whole")
            .register(registry);
      }
    }
    for (OversizeRefusals.Receiver r : OversizeRefusals.Receiver.values()) {
      FunctionCounter.builder(
              "mirador.agent.requests.too.large", a.http().oversize(), o -> o.count(r))
          .tag("receiver", r.name().toLowerCase(Locale.ROOT))
          .description(
              "OTLP requests refused as over receivers.maxRequestBytes (each also logged, with"
                  + " the client's address and user agent)")
          .register(registry);
    }
    FunctionCounter.builder("mirador.agent.batches.dropped", c, AgentCounters::droppedBatches)
        .description("Sealed batches lost (queue full, unreadable segment, refused by the core)")
        .register(registry);
    Gauge.builder("mirador.agent.queue.bytes", a.queue(), BatchQueue::bytes)
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder("mirador.agent.queue.max.bytes", a.queue(), BatchQueue::maxBytes)
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder("mirador.agent.queue.segments", a.queue(), BatchQueue::segments)
        .register(registry);
    Gauge.builder("mirador.agent.queue.age.seconds", a.queue(), q -> q.oldestAgeMillis() / 1000.0)
        .description("Age of the oldest queued batch")
        .register(registry);
    Gauge.builder("mirador.agent.memory.inflight.bytes", a.limiter(), MemoryLimiter::inFlightBytes)
        .register(registry);
    Gauge.builder("mirador.agent.core.reachable", a, x -> x.health().coreReachable() ? 1 : 0)
        .register(registry);
    Timer export =
        Timer.builder("mirador.agent.export.latency")
            .description("From a batch being queued to the core's acknowledgement")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    c.onExportLatency(n -> export.record(n, TimeUnit.NANOSECONDS));
  }

  /** Readiness: the queue below its high-water mark and the core reachable. */
  @Readiness
  @ApplicationScoped
  public static class Ready implements HealthCheck {
    @Inject AgentService service;

    @Override
    public HealthCheckResponse call() {
      Agent a = service.agent();
      if (a == null) {
        return HealthCheckResponse.down("mirador-agent");
      }
      Agent.Health h = a.health();
      return HealthCheckResponse.named("mirador-agent")
          .status(h.ready())
          .withData("queueBelowHighWatermark", h.queueOk())
          .withData("coreReachable", h.coreReachable())
          .withData("queueBytes", h.queueBytes())
          .withData("queueMaxBytes", h.queueMaxBytes())
          .withData("unreachable", h.detail())
          .build();
    }
  }
}
