package io.mirador.ui.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The speed benchmark's data, through the same paths as real data: spans through the agent with the
 * OpenTelemetry SDK (a 5,000-span trace; 200 services calling each other), findings through the
 * core's findings API (the path the RCA service stores them by).
 */
final class BenchData {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BenchData() {}

  /** One trace of {@code count} spans over {@code services} services, as a tree; its id. */
  static String bigTrace(String agentHttp, Instant at, int count, int services) {
    Collected collected = new Collected();
    List<SdkTracerProvider> providers = providers(services, "big-trace-svc-", collected);
    SplittableRandom random = new SplittableRandom(5000);
    long t0 = epochNanos(at);
    List<Span> open = new ArrayList<>();
    List<long[]> times = new ArrayList<>();
    List<Integer> depth = new ArrayList<>();
    Span root =
        tracer(providers, 0)
            .spanBuilder("GET /report")
            .setSpanKind(SpanKind.SERVER)
            .setNoParent()
            .setStartTimestamp(t0, TimeUnit.NANOSECONDS)
            .startSpan();
    open.add(root);
    times.add(new long[] {t0, t0 + 4_000_000_000L});
    depth.add(0);
    for (int i = 1; i < count; i++) {
      int parent = random.nextInt(Math.max(1, Math.min(open.size(), 1 + i / 4)));
      long[] pt = times.get(parent);
      long start = pt[0] + random.nextLong(Math.max(1, (pt[1] - pt[0]) / 2));
      long end = start + Math.max(10_000, random.nextLong(Math.max(20_000, (pt[1] - start) / 2)));
      // A service per depth: calls go one way, as in a real system (no cycles on the map).
      int svc = Math.min(depth.get(parent) + 1, services - 1);
      Span s =
          tracer(providers, svc)
              .spanBuilder((i % 7 == 0 ? "SELECT item " : "GET /part/") + (i % 97))
              .setSpanKind(i % 3 == 0 ? SpanKind.CLIENT : SpanKind.INTERNAL)
              .setParent(Context.root().with(open.get(parent)))
              .setStartTimestamp(start, TimeUnit.NANOSECONDS)
              .setAttribute("part.index", i)
              .startSpan();
      if (i % 211 == 0) {
        s.setStatus(StatusCode.ERROR, "part failed");
      }
      open.add(s);
      times.add(new long[] {start, end});
      depth.add(depth.get(parent) + 1);
    }
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).end(times.get(i)[1], TimeUnit.NANOSECONDS);
    }
    export(agentHttp, collected);
    return root.getSpanContext().getTraceId();
  }

  /**
   * {@code services} services in a five-ary call tree ({@code wide-000} calls 001..005, ...), one
   * trace per leaf path every 20 s over {@code minutes}: every edge of the map carries calls.
   */
  static void wideTopology(String agentHttp, Instant from, int minutes, int services) {
    Collected collected = new Collected();
    List<SdkTracerProvider> providers = providers(services, "wide-", collected);
    SplittableRandom random = new SplittableRandom(200);
    for (int round = 0; round < minutes * 3; round++) {
      long t = epochNanos(from) + round * 20_000_000_000L;
      for (int leaf = services / 5; leaf < services; leaf++) {
        List<Integer> path = new ArrayList<>();
        for (int n = leaf; n > 0; n = (n - 1) / 5) {
          path.add(n);
        }
        path.add(0);
        Collections.reverse(path);
        Span parent = null;
        long start = t + random.nextLong(1_000_000_000L);
        List<Span> chain = new ArrayList<>();
        for (int hop = 0; hop < path.size(); hop++) {
          Tracer tracer = tracer(providers, path.get(hop));
          Span client =
              parent == null
                  ? null
                  : tracer(providers, path.get(hop - 1))
                      .spanBuilder("call " + name("wide-", path.get(hop)))
                      .setSpanKind(SpanKind.CLIENT)
                      .setParent(Context.root().with(parent))
                      .setStartTimestamp(start + hop * 100_000L, TimeUnit.NANOSECONDS)
                      .startSpan();
          Span server =
              tracer
                  .spanBuilder("GET /op")
                  .setSpanKind(SpanKind.SERVER)
                  .setParent(client == null ? Context.root() : Context.root().with(client))
                  .setStartTimestamp(start + hop * 100_000L + 10_000, TimeUnit.NANOSECONDS)
                  .startSpan();
          if (client != null) {
            chain.add(client);
          }
          chain.add(server);
          parent = server;
        }
        long end = start + 5_000_000L;
        for (int i = chain.size() - 1; i >= 0; i--) {
          chain.get(i).end(end - (chain.size() - i) * 10_000L, TimeUnit.NANOSECONDS);
        }
      }
    }
    export(agentHttp, collected);
  }

  /** {@code count} findings of the tenant, modelled on {@code model} (a stored finding). */
  static void findings(MiradorStack stack, JsonNode model, int count) throws Exception {
    Instant now = Instant.now();
    for (int i = 0; i < count; i++) {
      ObjectNode input = JSON.createObjectNode();
      Instant opened = now.minus(Duration.ofMinutes(10L + i * 8L));
      input.put("status", i % 4 == 0 ? "OPEN" : "CLOSED");
      input.put("openedAt", opened.toString());
      if (i % 4 != 0) {
        input.put("closedAt", opened.plus(Duration.ofMinutes(5 + i % 20)).toString());
      }
      ObjectNode symptom = input.putObject("symptom");
      symptom.put("service", i % 3 == 0 ? "frontend" : "checkout");
      symptom.put("metric", model.path("symptom").path("metric").asText("latency_p95"));
      symptom.put("from", opened.toString());
      symptom.put("to", opened.plus(Duration.ofMinutes(5)).toString());
      input.set("causes", model.path("causes"));
      ObjectNode evidence = model.path("evidence").deepCopy();
      evidence.put("incidentId", java.util.UUID.randomUUID().toString());
      evidence.put("source", "ui speed benchmark");
      input.set("evidence", evidence);
      int status =
          stack.corePost("/api/v1/tenants/" + MiradorStack.TENANT + "/findings", input.toString());
      if (status != 201) {
        throw new IllegalStateException("core refused a benchmark finding: HTTP " + status);
      }
    }
  }

  private static List<SdkTracerProvider> providers(int n, String prefix, SpanProcessor sink) {
    List<SdkTracerProvider> providers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      providers.add(
          SdkTracerProvider.builder()
              .setResource(
                  Resource.getDefault()
                      .merge(
                          Resource.create(
                              Attributes.of(
                                  AttributeKey.stringKey("service.name"), name(prefix, i)))))
              .addSpanProcessor(sink)
              .build());
    }
    return providers;
  }

  private static Tracer tracer(List<SdkTracerProvider> providers, int i) {
    return providers.get(i).get("io.mirador.ui.browser.bench");
  }

  private static String name(String prefix, int i) {
    return prefix + String.format("%03d", i);
  }

  /** Exports what was collected through the SDK's OTLP/HTTP exporter, in batches of 2,000. */
  private static void export(String agentHttp, Collected collected) {
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(agentHttp + "/v1/traces")
            .setTimeout(Duration.ofSeconds(60))
            .build();
    try {
      List<SpanData> all = collected.spans();
      for (int i = 0; i < all.size(); i += 2000) {
        CompletableResultCode r = exporter.export(all.subList(i, Math.min(all.size(), i + 2000)));
        if (!r.join(60, TimeUnit.SECONDS).isSuccess()) {
          throw new IllegalStateException("the agent refused a benchmark batch");
        }
      }
    } finally {
      exporter.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  private static long epochNanos(Instant at) {
    return TimeUnit.SECONDS.toNanos(at.getEpochSecond()) + at.getNano();
  }

  /** Keeps every ended span of the benchmark's providers for one export. */
  private static final class Collected implements SpanProcessor {
    private final List<SpanData> spans = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      spans.add(span.toSpanData());
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }

    List<SpanData> spans() {
      synchronized (spans) {
        return List.copyOf(spans);
      }
    }
  }
}
