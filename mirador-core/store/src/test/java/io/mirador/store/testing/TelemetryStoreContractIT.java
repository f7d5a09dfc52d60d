package io.mirador.store.testing;

import static io.mirador.store.testing.Otlp.attr;
import static io.mirador.store.testing.Otlp.log;
import static io.mirador.store.testing.Otlp.resourceLogs;
import static io.mirador.store.testing.Otlp.resourceSpans;
import static io.mirador.store.testing.Otlp.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.store.DependencyEdge;
import io.mirador.store.EncodedRows;
import io.mirador.store.LogQuery;
import io.mirador.store.MetricInfo;
import io.mirador.store.MetricQuery;
import io.mirador.store.MetricSeries;
import io.mirador.store.MetricType;
import io.mirador.store.Page;
import io.mirador.store.Retention;
import io.mirador.store.SpanQuery;
import io.mirador.store.StoredLog;
import io.mirador.store.StoredSpan;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TenantId;
import io.mirador.store.TimeRange;
import io.mirador.store.TraceSummary;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The storage contract, run against every transport (as Zipkin's {@code ITSpanStore}). A subclass
 * supplies the store. Tests share one store per JVM and keep apart by tenant: every test writes
 * under tenants of its own, which is itself what tenant isolation must make safe.
 */
public abstract class TelemetryStoreContractIT {
  private static final AtomicInteger TENANTS = new AtomicInteger();
  private static final long SECOND = 1_000_000_000L;

  /** The store under test; the same instance may be returned to every test. */
  protected abstract TelemetryStore store();

  private final Random random = new Random(42);
  // Data sits at a fixed recent time so that retention (30 days here) keeps it.
  private final Instant base =
      Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(1));
  private final long t0 = base.getEpochSecond() * SECOND;

  protected static TenantId newTenant() {
    return TenantId.of("t" + ProcessHandle.current().pid() + "-" + TENANTS.incrementAndGet());
  }

  private TimeRange around() {
    return TimeRange.of(base.minus(Duration.ofMinutes(10)), base.plus(Duration.ofMinutes(10)));
  }

  private String traceId() {
    return Otlp.randomTraceId(random);
  }

  private String spanId() {
    return Otlp.randomSpanId(random);
  }

  // ---------------------------------------------------------------- traces

  @Test
  void spanRoundTripsEveryField() {
    TenantId tenant = newTenant();
    String traceId = traceId();
    String rootId = spanId();
    String linkedTrace = traceId();
    String linkedSpan = spanId();
    Span root =
        span(traceId, rootId, null, "GET /orders", t0, 250_000_000L)
            .setTraceState("vendor=1")
            .addAttributes(attr("http.method", "GET"))
            .addAttributes(attr("http.status_code", 500L))
            .addAttributes(attr("ratio", 0.25))
            .addAttributes(attr("cached", true))
            .addAttributes(Otlp.arrayAttr("tags", "a", "b"))
            .addEvents(
                Span.Event.newBuilder()
                    .setTimeUnixNano(t0 + 1_000)
                    .setName("retry")
                    .addAttributes(attr("attempt", 2L)))
            .addEvents(Span.Event.newBuilder().setTimeUnixNano(t0 + 2_000).setName("done"))
            .addLinks(
                Span.Link.newBuilder()
                    .setTraceId(Otlp.id(linkedTrace))
                    .setSpanId(Otlp.id(linkedSpan))
                    .setTraceState("k=v")
                    .addAttributes(attr("link.kind", "follows")))
            .setStatus(Otlp.error("upstream timed out"))
            .build();

    assertThat(
            store().writeSpans(tenant, Retention.DEFAULT, List.of(resourceSpans("orders", root))))
        .isEqualTo(1);

    List<StoredSpan> trace = store().trace(tenant, traceId);
    assertThat(trace).hasSize(1);
    StoredSpan s = trace.getFirst();
    assertThat(s.startTimeUnixNano()).isEqualTo(t0);
    assertThat(s.traceId()).isEqualTo(traceId);
    assertThat(s.spanId()).isEqualTo(rootId);
    assertThat(s.parentSpanId()).isEmpty();
    assertThat(s.traceState()).isEqualTo("vendor=1");
    assertThat(s.name()).isEqualTo("GET /orders");
    assertThat(s.kind()).isEqualTo("Server");
    assertThat(s.serviceName()).isEqualTo("orders");
    assertThat(s.resourceAttributes())
        .containsEntry("service.name", "orders")
        .containsEntry("host.name", "host-1");
    assertThat(s.scopeName()).isEqualTo("test-scope");
    assertThat(s.scopeVersion()).isEqualTo("1.0");
    assertThat(s.attributes())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "http.method", "GET",
                "http.status_code", "500",
                "ratio", "0.25",
                "cached", "true",
                "tags", "[\"a\",\"b\"]"));
    assertThat(s.durationNanos()).isEqualTo(250_000_000L);
    assertThat(s.statusCode()).isEqualTo("Error");
    assertThat(s.statusMessage()).isEqualTo("upstream timed out");
    assertThat(s.events())
        .containsExactly(
            new StoredSpan.Event(t0 + 1_000, "retry", Map.of("attempt", "2")),
            new StoredSpan.Event(t0 + 2_000, "done", Map.of()));
    assertThat(s.links())
        .containsExactly(
            new StoredSpan.Link(linkedTrace, linkedSpan, "k=v", Map.of("link.kind", "follows")));
  }

  @Test
  void traceByIdReturnsEverySpanOfTheTraceOldestFirst() {
    TenantId tenant = newTenant();
    String traceId = traceId();
    String root = spanId();
    String child = spanId();
    String grandchild = spanId();
    store()
        .writeSpans(
            tenant,
            Retention.DEFAULT,
            List.of(
                resourceSpans(
                    "frontend", span(traceId, root, null, "GET /", t0, 900_000_000L).build()),
                resourceSpans(
                    "backend",
                    span(traceId, child, root, "query", t0 + 100_000_000L, 300_000_000L).build(),
                    span(traceId, grandchild, child, "db", t0 + 1_500_000_000L, 1_000L).build()),
                resourceSpans("other", span(traceId(), spanId(), null, "x", t0, 1).build())));

    assertThat(store().trace(tenant, traceId))
        .extracting(StoredSpan::spanId)
        .containsExactly(root, child, grandchild);
    assertThat(store().trace(tenant, traceId())).isEmpty();
    assertThatThrownBy(() -> store().trace(tenant, "not-hex"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void spanSearchFiltersByEveryCriterion() {
    TenantId tenant = newTenant();
    String traceId = traceId();
    store()
        .writeSpans(
            tenant,
            Retention.DEFAULT,
            List.of(
                resourceSpans(
                    "checkout",
                    span(traceId, spanId(), null, "POST /pay", t0, 50_000_000L)
                        .addAttributes(attr("customer.tier", "gold"))
                        .build(),
                    span(traceId, spanId(), null, "POST /pay", t0 + SECOND, 900_000_000L)
                        .setStatus(Otlp.error("declined"))
                        .addAttributes(attr("customer.tier", "silver"))
                        .build(),
                    span(traceId, spanId(), null, "GET /cart", t0 + 2 * SECOND, 5_000_000L)
                        .build()),
                resourceSpans(
                    "inventory",
                    span(traceId, spanId(), null, "POST /pay", t0 + 3 * SECOND, 1_000L).build())));

    TimeRange range = around();
    assertThat(search(SpanQuery.builder(tenant, range).build())).hasSize(4);
    assertThat(search(SpanQuery.builder(tenant, range).service("checkout").build())).hasSize(3);
    assertThat(
            search(
                SpanQuery.builder(tenant, range)
                    .service("checkout")
                    .operation("POST /pay")
                    .build()))
        .hasSize(2);
    assertThat(search(SpanQuery.builder(tenant, range).statusCode("Error").build()))
        .extracting(StoredSpan::statusMessage)
        .containsExactly("declined");
    assertThat(search(SpanQuery.builder(tenant, range).minDurationNanos(10_000_000L).build()))
        .extracting(StoredSpan::durationNanos)
        .containsExactlyInAnyOrder(50_000_000L, 900_000_000L);
    assertThat(
            search(
                SpanQuery.builder(tenant, range)
                    .minDurationNanos(10_000_000L)
                    .maxDurationNanos(100_000_000L)
                    .build()))
        .extracting(StoredSpan::durationNanos)
        .containsExactly(50_000_000L);
    assertThat(search(SpanQuery.builder(tenant, range).attribute("customer.tier", "gold").build()))
        .hasSize(1);
    assertThat(
            search(SpanQuery.builder(tenant, range).attribute("customer.tier", "bronze").build()))
        .isEmpty();
    // Half-open range: a span exactly at `to` is outside, one at `from` inside.
    assertThat(
            search(
                SpanQuery.builder(tenant, TimeRange.of(base.plusSeconds(1), base.plusSeconds(3)))
                    .build()))
        .extracting(StoredSpan::startTimeUnixNano)
        .containsExactly(t0 + 2 * SECOND, t0 + SECOND);
  }

  @Test
  void spanSearchPagesNewestFirstWithoutGapsOrRepeats() {
    TenantId tenant = newTenant();
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      // Pairs of spans share a start time, so the cursor's tie-break is exercised.
      spans.add(span(traceId(), spanId(), null, "op", t0 + (i / 2) * SECOND, 1_000).build());
    }
    store()
        .writeSpans(
            tenant, Retention.DEFAULT, List.of(resourceSpans("svc", spans.toArray(Span[]::new))));

    Set<String> seen = new HashSet<>();
    List<Long> times = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      SpanQuery.Builder query = SpanQuery.builder(tenant, around()).limit(10);
      if (cursor != null) {
        query.cursor(cursor);
      }
      Page<StoredSpan> page = store().searchSpans(query.build());
      for (StoredSpan s : page.items()) {
        assertThat(seen.add(s.spanId())).as("span %s repeated", s.spanId()).isTrue();
        times.add(s.startTimeUnixNano());
      }
      cursor = page.nextCursor().orElse(null);
      pages++;
    } while (cursor != null);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(25);
    assertThat(times).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThatThrownBy(
            () -> store().searchSpans(SpanQuery.builder(tenant, around()).cursor("bad!").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid cursor");
  }

  @Test
  void traceSearchFindsTracesByTheirSpansAndSummarisesWholeTraces() {
    TenantId tenant = newTenant();
    TenantId other = newTenant();
    String checkout = traceId();
    String browse = traceId();
    String orphan = traceId();
    String root = spanId();
    String pay = spanId();
    long minute = 60 * SECOND;
    store()
        .writeSpans(
            tenant,
            Retention.DEFAULT,
            List.of(
                resourceSpans(
                    "frontend",
                    span(checkout, root, null, "GET /checkout", t0, 900_000_000L).build(),
                    span(browse, spanId(), null, "GET /", t0 + 10 * SECOND, 5_000_000L).build()),
                resourceSpans(
                    "payments",
                    span(checkout, pay, root, "charge", t0 + 100_000_000L, 300_000_000L)
                        .setStatus(Otlp.error("declined"))
                        .build(),
                    span(orphan, spanId(), spanId(), "refund", t0 + 20 * SECOND, 1_000L).build()),
                resourceSpans(
                    "catalog",
                    span(browse, spanId(), spanId(), "list", t0 + 10 * SECOND, 1_000L).build()),
                // Outside the searched window (11 minutes later), still part of the trace.
                resourceSpans(
                    "db",
                    span(checkout, spanId(), pay, "INSERT", t0 + 11 * minute, 2_000L).build())));
    store()
        .writeSpans(
            other,
            Retention.DEFAULT,
            List.of(
                resourceSpans(
                    "payments",
                    span(traceId(), spanId(), null, "charge", t0 + 5 * SECOND, 1_000L)
                        .setStatus(Otlp.error("x"))
                        .build())));

    Page<TraceSummary> failed =
        store()
            .searchTraces(
                SpanQuery.builder(tenant, around())
                    .service("payments")
                    .statusCode("Error")
                    .build());
    assertThat(failed.items())
        .containsExactly(
            new TraceSummary(
                checkout,
                t0,
                11 * minute + 2_000L,
                3,
                1,
                "frontend",
                "GET /checkout",
                List.of("db", "frontend", "payments")));
    assertThat(failed.nextCursor()).isEmpty();

    List<String> order = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      SpanQuery.Builder query = SpanQuery.builder(tenant, around()).limit(2);
      if (cursor != null) {
        query.cursor(cursor);
      }
      Page<TraceSummary> page = store().searchTraces(query.build());
      page.items().forEach(t -> order.add(t.traceId()));
      cursor = page.nextCursor().orElse(null);
      pages++;
    } while (cursor != null);
    // Newest latest-matching span first; the db span is outside the window, so the checkout trace
    // sorts by its payment span.
    assertThat(order).containsExactly(orphan, browse, checkout);
    assertThat(pages).isEqualTo(2);

    TraceSummary rootless =
        store()
            .searchTraces(SpanQuery.builder(tenant, around()).operation("refund").build())
            .items()
            .getFirst();
    assertThat(rootless.rootServiceName()).isEmpty();
    assertThat(rootless.rootSpanName()).isEmpty();
    assertThat(rootless.services()).containsExactly("payments");

    assertThat(
            store()
                .searchTraces(SpanQuery.builder(tenant, around()).attribute("k", "none").build())
                .items())
        .isEmpty();
    assertThat(store().searchTraces(SpanQuery.builder(other, around()).build()).items())
        .singleElement()
        .satisfies(t -> assertThat(t.traceId()).isNotIn(checkout, browse, orphan));
    assertThatThrownBy(
            () -> store().searchTraces(SpanQuery.builder(tenant, around()).cursor("bad!").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid cursor");
  }

  @Test
  void largeBatchesWithArbitraryBinaryValuesStoreExactly() {
    // Random durations, times and integers put every byte value into the encoded rows; an
    // insert path that let the engine parse row data as SQL text broke on such batches.
    TenantId tenant = newTenant();
    Random values = new Random(11);
    List<Span> spans = new ArrayList<>();
    Map<String, Long> durations = new java.util.HashMap<>();
    for (int i = 0; i < 3000; i++) {
      String traceId = traceId();
      long duration = values.nextLong(1L << 40);
      durations.put(traceId, duration);
      spans.add(
          span(traceId, spanId(), null, "op", t0 + values.nextLong(SECOND * 60), duration)
              .addAttributes(attr("n", values.nextLong()))
              // ~700 bytes a span: the batch spans several insert chunks.
              .addAttributes(attr("padding", Long.toHexString(values.nextLong()).repeat(40)))
              .addEvents(
                  Span.Event.newBuilder().setTimeUnixNano(values.nextLong(1L << 62)).setName("e"))
              .build());
    }
    assertThat(
            store()
                .writeSpans(
                    tenant,
                    Retention.DEFAULT,
                    List.of(resourceSpans("svc", spans.toArray(Span[]::new)))))
        .isEqualTo(3000);
    durations.entrySet().stream()
        .limit(20)
        .forEach(
            e ->
                assertThat(store().trace(tenant, e.getKey()))
                    .singleElement()
                    .satisfies(s -> assertThat(s.durationNanos()).isEqualTo(e.getValue())));
  }

  @Test
  void randomSpansRoundTripExactly() {
    // Seeded property test: arbitrary Unicode names, keys and values, random ids, times and
    // status; everything written must read back field for field.
    TenantId tenant = newTenant();
    Random r = new Random(2026);
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Span.Builder s =
          span(
                  traceId(),
                  spanId(),
                  r.nextBoolean() ? spanId() : null,
                  randomText(r),
                  t0 + r.nextInt(1_000_000_000),
                  r.nextLong(1L << 50))
              .setKind(Span.SpanKind.forNumber(r.nextInt(6)))
              .setTraceState(r.nextBoolean() ? "" : randomText(r));
      int attributes = r.nextInt(20);
      for (int a = 0; a < attributes; a++) {
        String key = "k" + a + randomText(r);
        s.addAttributes(
            switch (r.nextInt(3)) {
              case 0 -> attr(key, randomText(r));
              case 1 -> attr(key, r.nextLong());
              default -> attr(key, r.nextBoolean());
            });
      }
      if (r.nextInt(4) == 0) {
        s.setStatus(Otlp.error(randomText(r)));
      }
      for (int e = r.nextInt(3); e > 0; e--) {
        s.addEvents(
            Span.Event.newBuilder()
                .setTimeUnixNano(t0 + e)
                .setName(randomText(r))
                .addAttributes(attr("x", randomText(r))));
      }
      spans.add(s.build());
    }
    store()
        .writeSpans(
            tenant,
            Retention.DEFAULT,
            List.of(resourceSpans("svc-" + randomText(r), spans.toArray(Span[]::new))));

    for (Span expected : spans) {
      String traceId = java.util.HexFormat.of().formatHex(expected.getTraceId().toByteArray());
      StoredSpan actual = store().trace(tenant, traceId).getFirst();
      assertThat(actual.name()).isEqualTo(expected.getName());
      assertThat(actual.traceState()).isEqualTo(expected.getTraceState());
      assertThat(actual.startTimeUnixNano()).isEqualTo(expected.getStartTimeUnixNano());
      assertThat(actual.durationNanos())
          .isEqualTo(expected.getEndTimeUnixNano() - expected.getStartTimeUnixNano());
      assertThat(actual.parentSpanId())
          .isEqualTo(java.util.HexFormat.of().formatHex(expected.getParentSpanId().toByteArray()));
      assertThat(actual.statusMessage()).isEqualTo(expected.getStatus().getMessage());
      assertThat(actual.attributes()).hasSize(expected.getAttributesCount());
      for (KeyValue kv : expected.getAttributesList()) {
        AnyValue v = kv.getValue();
        String want =
            switch (v.getValueCase()) {
              case STRING_VALUE -> v.getStringValue();
              case INT_VALUE -> Long.toString(v.getIntValue());
              default -> Boolean.toString(v.getBoolValue());
            };
        assertThat(actual.attributes()).containsEntry(kv.getKey(), want);
      }
      assertThat(actual.events())
          .extracting(StoredSpan.Event::name)
          .containsExactlyElementsOf(
              expected.getEventsList().stream().map(Span.Event::getName).toList());
    }
  }

  private static final String QUOTES = "'\\\"`;{}%_";

  /** Up to 30 characters from ASCII, controls, quotes, Latin, CJK and astral planes. */
  private static String randomText(Random r) {
    StringBuilder text = new StringBuilder();
    for (int n = r.nextInt(30); n > 0; n--) {
      int cp =
          switch (r.nextInt(6)) {
            case 0 -> r.nextInt(0x20); // controls, NUL included
            case 1 -> QUOTES.codePointAt(r.nextInt(QUOTES.length()));
            case 2 -> 0x20 + r.nextInt(0x5f);
            case 3 -> 0xa0 + r.nextInt(0x700);
            case 4 -> 0x4e00 + r.nextInt(0x5000);
            default -> 0x1f300 + r.nextInt(0x300);
          };
      text.appendCodePoint(cp);
    }
    return text.toString();
  }

  @Test
  void concurrentWritersAndReadersEachSeeTheirOwnData() throws Exception {
    int threads = 4;
    int batches = 5;
    List<TenantId> tenants = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      tenants.add(newTenant());
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
      for (TenantId tenant : tenants) {
        results.add(
            pool.submit(
                () -> {
                  Random local = new Random(tenant.hashCode());
                  int written = 0;
                  for (int b = 0; b < batches; b++) {
                    List<Span> spans = new ArrayList<>();
                    for (int s = 0; s < 50; s++) {
                      spans.add(
                          span(
                                  Otlp.randomTraceId(local),
                                  Otlp.randomSpanId(local),
                                  null,
                                  "op",
                                  t0 + b,
                                  10)
                              .build());
                    }
                    written +=
                        store()
                            .writeSpans(
                                tenant,
                                Retention.DEFAULT,
                                List.of(resourceSpans("svc", spans.toArray(Span[]::new))));
                    // Read between writes: a reader never sees another tenant's rows.
                    assertThat(
                            store()
                                .searchSpans(
                                    SpanQuery.builder(tenant, around()).limit(1000).build())
                                .items())
                        .hasSize(written);
                  }
                  return written;
                }));
      }
      for (java.util.concurrent.Future<Integer> result : results) {
        assertThat(result.get(2, java.util.concurrent.TimeUnit.MINUTES)).isEqualTo(batches * 50);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void countsStoredRowsAndRefusedRequests() {
    TenantId tenant = newTenant();
    io.mirador.store.StoreStats before = store().stats();
    store()
        .writeSpans(
            tenant,
            Retention.DEFAULT,
            List.of(
                resourceSpans(
                    "svc",
                    span(traceId(), spanId(), null, "a", t0, 1).build(),
                    span(traceId(), spanId(), null, "b", t0, 1).build())));
    store()
        .writeLogs(
            tenant,
            Retention.DEFAULT,
            List.of(
                resourceLogs("svc", log(t0, SeverityNumber.SEVERITY_NUMBER_INFO, "x").build())));
    store().writeMetrics(tenant, Retention.DEFAULT, List.of(allMetricTypes(t0)));
    assertThatThrownBy(() -> store().trace(tenant, "xyz"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> store().searchLogs(LogQuery.builder(tenant, around()).cursor("%%%").build()))
        .isInstanceOf(IllegalArgumentException.class);
    io.mirador.store.StoreStats after = store().stats();
    assertThat(after.spansWritten() - before.spansWritten()).isEqualTo(2);
    assertThat(after.logsWritten() - before.logsWritten()).isEqualTo(1);
    assertThat(after.metricPointsWritten() - before.metricPointsWritten()).isEqualTo(10);
    assertThat(after.invalidRequests() - before.invalidRequests()).isEqualTo(2);
    assertThat(after.failedWrites()).isEqualTo(before.failedWrites());
    assertThat(after.failedReads()).isEqualTo(before.failedReads());
  }

  @Test
  void encodedBatchesOfSeveralTenantsShareOneWriteAndStayApart() {
    TenantId a = newTenant();
    TenantId b = newTenant();
    String traceA = traceId();
    String traceB = traceId();
    Retention shortLived = new Retention(2, 2, 2);
    io.mirador.store.StoreStats before = store().stats();
    List<EncodedRows> spans =
        List.of(
            store()
                .encodeSpans(
                    a,
                    Retention.DEFAULT,
                    List.of(
                        resourceSpans(
                            "orders",
                            span(traceA, spanId(), null, "GET /a", t0, 5).build(),
                            span(traceA, spanId(), null, "GET /a2", t0 + 1, 5).build()))),
            store()
                .encodeSpans(
                    b,
                    shortLived,
                    List.of(
                        resourceSpans(
                            "billing", span(traceB, spanId(), null, "GET /b", t0, 7).build()))),
            store().encodeSpans(a, Retention.DEFAULT, List.of()));
    assertThat(spans).extracting(EncodedRows::rows).containsExactly(2, 1, 0);

    assertThat(store().writeEncoded(spans)).isEqualTo(3);
    assertThat(store().writeEncoded(List.of())).isZero();

    assertThat(store().trace(a, traceA))
        .extracting(StoredSpan::name)
        .containsExactly("GET /a", "GET /a2");
    assertThat(store().trace(a, traceB)).isEmpty();
    assertThat(store().trace(b, traceB))
        .singleElement()
        .satisfies(s -> assertThat(s.serviceName()).isEqualTo("billing"));
    assertThat(store().trace(b, traceA)).isEmpty();

    EncodedRows logs =
        store()
            .encodeLogs(
                b,
                shortLived,
                List.of(
                    resourceLogs(
                        "billing", log(t0, SeverityNumber.SEVERITY_NUMBER_WARN, "late").build())));
    assertThat(store().writeEncoded(List.of(logs))).isEqualTo(1);
    assertThat(logs(LogQuery.builder(b, around()).build()))
        .extracting(StoredLog::body)
        .containsExactly("late");
    assertThat(logs(LogQuery.builder(a, around()).build())).isEmpty();

    // One insert takes one kind, encoded by this store: spans and logs cannot be mixed.
    assertThatThrownBy(() -> store().writeEncoded(List.of(spans.get(0), logs)))
        .isInstanceOf(IllegalArgumentException.class);
    EncodedRows foreign =
        new EncodedRows() {
          @Override
          public Kind kind() {
            return Kind.SPANS;
          }

          @Override
          public int rows() {
            return 1;
          }
        };
    assertThatThrownBy(() -> store().writeEncoded(List.of(foreign)))
        .isInstanceOf(IllegalArgumentException.class);
    io.mirador.store.StoreStats after = store().stats();
    assertThat(after.spansWritten() - before.spansWritten()).isEqualTo(3);
    assertThat(after.logsWritten() - before.logsWritten()).isEqualTo(1);
    assertThat(after.failedWrites()).isEqualTo(before.failedWrites());
  }

  // ---------------------------------------------------------------- logs

  @Test
  void logsRoundTripAndFilter() {
    TenantId tenant = newTenant();
    String traceId = traceId();
    String spanId = spanId();
    store()
        .writeLogs(
            tenant,
            Retention.DEFAULT,
            List.of(
                resourceLogs(
                    "payments",
                    log(t0, SeverityNumber.SEVERITY_NUMBER_INFO, "payment accepted")
                        .addAttributes(attr("order", "o-1"))
                        .build(),
                    log(
                            t0 + SECOND,
                            SeverityNumber.SEVERITY_NUMBER_ERROR,
                            "Payment DECLINED by bank")
                        .setTraceId(Otlp.id(traceId))
                        .setSpanId(Otlp.id(spanId))
                        .setFlags(1)
                        .build()),
                resourceLogs(
                    "shipping",
                    log(t0 + 2 * SECOND, SeverityNumber.SEVERITY_NUMBER_WARN, "slow carrier")
                        .build())));

    List<StoredLog> all = logs(LogQuery.builder(tenant, around()).build());
    assertThat(all)
        .extracting(StoredLog::body)
        .containsExactly("slow carrier", "Payment DECLINED by bank", "payment accepted");
    StoredLog declined = all.get(1);
    assertThat(declined.traceId()).isEqualTo(traceId);
    assertThat(declined.spanId()).isEqualTo(spanId);
    assertThat(declined.traceFlags()).isEqualTo(1);
    assertThat(declined.severityNumber()).isEqualTo(17);
    assertThat(declined.severityText()).isEqualTo("ERROR");
    assertThat(declined.serviceName()).isEqualTo("payments");
    assertThat(declined.scopeName()).isEqualTo("test-logger");
    assertThat(all.get(2).attributes()).containsEntry("order", "o-1");

    assertThat(logs(LogQuery.builder(tenant, around()).service("payments").build())).hasSize(2);
    assertThat(logs(LogQuery.builder(tenant, around()).minSeverityNumber(13).build()))
        .extracting(StoredLog::body)
        .containsExactly("slow carrier", "Payment DECLINED by bank");
    assertThat(logs(LogQuery.builder(tenant, around()).bodyContains("declined").build()))
        .extracting(StoredLog::body)
        .containsExactly("Payment DECLINED by bank");
    assertThat(logs(LogQuery.builder(tenant, around()).traceId(traceId).build())).hasSize(1);
  }

  @Test
  void logSearchPages() {
    TenantId tenant = newTenant();
    List<io.opentelemetry.proto.logs.v1.LogRecord> records = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      records.add(
          log(t0 + (i / 3) * SECOND, SeverityNumber.SEVERITY_NUMBER_INFO, "line " + i).build());
    }
    store()
        .writeLogs(
            tenant,
            Retention.DEFAULT,
            List.of(
                resourceLogs(
                    "svc", records.toArray(io.opentelemetry.proto.logs.v1.LogRecord[]::new))));
    Set<String> bodies = new HashSet<>();
    String cursor = null;
    do {
      LogQuery.Builder query = LogQuery.builder(tenant, around()).limit(4);
      if (cursor != null) {
        query.cursor(cursor);
      }
      Page<StoredLog> page = store().searchLogs(query.build());
      page.items().forEach(l -> assertThat(bodies.add(l.body())).isTrue());
      cursor = page.nextCursor().orElse(null);
    } while (cursor != null);
    assertThat(bodies).hasSize(15);
  }

  // ---------------------------------------------------------------- metrics

  @Test
  void storesAllFiveMetricTypes() {
    TenantId tenant = newTenant();
    Map<MetricType, Integer> counts =
        store().writeMetrics(tenant, Retention.DEFAULT, List.of(allMetricTypes(t0)));
    assertThat(counts)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                MetricType.GAUGE, 4,
                MetricType.SUM, 2,
                MetricType.HISTOGRAM, 2,
                MetricType.EXPONENTIAL_HISTOGRAM, 1,
                MetricType.SUMMARY, 1));

    TimeRange range = around();
    Duration minute = Duration.ofMinutes(1);
    List<MetricSeries> cpu =
        store()
            .metricSeries(
                new MetricQuery(
                    tenant,
                    "cpu.utilization",
                    MetricType.GAUGE,
                    range,
                    Map.of(),
                    minute,
                    MetricQuery.Aggregation.AVG));
    assertThat(cpu).hasSize(2); // two attribute sets: core 0 and core 1
    MetricSeries core0 =
        cpu.stream()
            .filter(s -> s.attributes().equals(Map.of("core", "0")))
            .findFirst()
            .orElseThrow();
    assertThat(core0.points()).hasSize(2);
    assertThat(core0.points().get(0).value())
        .isEqualTo(0.3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(core0.points().get(0).count()).isEqualTo(2);
    assertThat(core0.points().get(1).value()).isEqualTo(0.9);

    assertThat(
            single(
                    tenant,
                    "cpu.utilization",
                    MetricType.GAUGE,
                    Map.of("core", "0"),
                    MetricQuery.Aggregation.MAX)
                .points())
        .extracting(MetricSeries.Point::value)
        .containsExactly(0.4, 0.9);
    assertThat(
            single(
                    tenant,
                    "cpu.utilization",
                    MetricType.GAUGE,
                    Map.of("core", "0"),
                    MetricQuery.Aggregation.LAST)
                .points()
                .getFirst()
                .value())
        .isEqualTo(0.4);
    assertThat(
            single(tenant, "requests", MetricType.SUM, Map.of(), MetricQuery.Aggregation.SUM)
                .points()
                .getFirst()
                .value())
        .isEqualTo(30.0);
    // Histogram-family series report the mean observation per step.
    assertThat(
            single(tenant, "latency", MetricType.HISTOGRAM, Map.of(), MetricQuery.Aggregation.AVG)
                .points()
                .getFirst())
        .isEqualTo(new MetricSeries.Point(t0, 2.0, 20));
    assertThat(
            single(
                    tenant,
                    "latency.exp",
                    MetricType.EXPONENTIAL_HISTOGRAM,
                    Map.of(),
                    MetricQuery.Aggregation.AVG)
                .points()
                .getFirst()
                .value())
        .isEqualTo(3.0);
    assertThat(
            single(tenant, "rpc.summary", MetricType.SUMMARY, Map.of(), MetricQuery.Aggregation.AVG)
                .points()
                .getFirst()
                .count())
        .isEqualTo(4);
    assertThat(
            store()
                .metricSeries(
                    new MetricQuery(
                        tenant,
                        "no.such.metric",
                        MetricType.GAUGE,
                        range,
                        Map.of(),
                        minute,
                        MetricQuery.Aggregation.AVG)))
        .isEmpty();
  }

  @Test
  void cumulativeCountersBecomeRatesPerStreamAcrossResetsAndProcesses() {
    TenantId tenant = newTenant();
    long minute = 60 * SECOND;
    Sum.Builder a = cumulativeCounter();
    long[] aValues = {100, 160, 220, 10, 70, 130, 190}; // reset (drop) at k = 0
    for (int k = -3; k <= 3; k++) {
      a.addDataPoints(counterPoint(t0 + k * minute, t0 - 3600 * SECOND, aValues[k + 3]));
    }
    Sum.Builder b = cumulativeCounter();
    for (int k = -2; k <= 3; k++) {
      // Started 150 s before t0, inside the look-back: its first value is all increase.
      b.addDataPoints(counterPoint(t0 + k * minute, t0 - 150 * SECOND, 30 + 60 * (k + 2)));
    }
    Sum.Builder other = cumulativeCounter();
    other.addDataPoints(counterPoint(t0, t0 - 30 * SECOND, 5));
    store()
        .writeMetrics(
            tenant,
            Retention.DEFAULT,
            List.of(
                counterResource("svc-a", "a", a),
                counterResource("svc-a", "b", b),
                counterResource("svc-b", "c", other)));

    MetricSeries rate =
        series(tenant, "http.requests", MetricType.SUM, MetricQuery.Aggregation.RATE, "svc-a");
    assertThat(rate.service()).isEqualTo("svc-a");
    assertThat(rate.attributes()).isEqualTo(Map.of("route", "/cart"));
    assertThat(rate.points())
        .extracting(MetricSeries.Point::stepStartUnixNano)
        .containsExactly(
            t0 - 2 * minute, t0 - minute, t0, t0 + minute, t0 + 2 * minute, t0 + 3 * minute);
    assertThat(rate.points())
        .extracting(MetricSeries.Point::value)
        .usingElementComparator(APPROX)
        .containsExactly(90 / 60.0, 2.0, 70 / 60.0, 2.0, 2.0, 2.0);
    assertThat(
            series(
                    tenant,
                    "http.requests",
                    MetricType.SUM,
                    MetricQuery.Aggregation.INCREASE,
                    "svc-a")
                .points())
        .extracting(MetricSeries.Point::value)
        .containsExactly(90.0, 120.0, 70.0, 120.0, 120.0, 120.0);
    // Without the service filter each service is its own series.
    assertThat(
            store()
                .metricSeries(
                    new MetricQuery(
                        tenant,
                        "http.requests",
                        MetricType.SUM,
                        around(),
                        Map.of(),
                        Duration.ofMinutes(1),
                        MetricQuery.Aggregation.RATE)))
        .extracting(MetricSeries::service)
        .containsExactly("svc-a", "svc-b");

    List<MetricInfo> catalog =
        store().metricCatalog(tenant, around(), Optional.empty(), Optional.empty());
    assertThat(catalog).hasSize(1);
    MetricInfo info = catalog.getFirst();
    assertThat(info.name()).isEqualTo("http.requests");
    assertThat(info.type()).isEqualTo(MetricType.SUM);
    assertThat(info.unit()).isEqualTo("{request}");
    assertThat(info.description()).isEqualTo("requests served");
    assertThat(info.monotonic()).contains(true);
    assertThat(info.temporality()).contains(MetricInfo.Temporality.CUMULATIVE);
    assertThat(info.services()).containsExactly("svc-a", "svc-b");
    assertThat(store().metricCatalog(tenant, around(), Optional.of("nobody"), Optional.empty()))
        .isEmpty();
  }

  @Test
  void deltaSumsRateAndHistogramQuantilesComeFromBuckets() {
    TenantId tenant = newTenant();
    long minute = 60 * SECOND;
    store().writeMetrics(tenant, Retention.DEFAULT, List.of(allMetricTypes(t0)));
    // Delta counter: 10 + 20 in the step of t0.
    assertThat(
            series(tenant, "requests", MetricType.SUM, MetricQuery.Aggregation.RATE, null).points())
        .extracting(MetricSeries.Point::value)
        .usingElementComparator(APPROX)
        .containsExactly(0.5);
    // Delta histogram: buckets (..1] 5, (1..] 15, largest observation 2: p50 = 1 + 5/15.
    assertThat(
            series(tenant, "latency", MetricType.HISTOGRAM, MetricQuery.Aggregation.P50, null)
                .points()
                .getFirst()
                .value())
        .isCloseTo(1 + 5 / 15.0, org.assertj.core.data.Offset.offset(1e-9));

    Histogram.Builder h =
        Histogram.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
    long start = t0 - 3600 * SECOND;
    h.addDataPoints(histogramPoint(t0 - minute, start, 5, List.of(10L, 0L, 0L, 0L)));
    h.addDataPoints(histogramPoint(t0, start, 20, List.of(10L, 10L, 0L, 0L)));
    h.addDataPoints(histogramPoint(t0 + minute, start, 80, List.of(10L, 10L, 20L, 0L)));
    store()
        .writeMetrics(
            tenant,
            Retention.DEFAULT,
            List.of(
                ResourceMetrics.newBuilder()
                    .setResource(Otlp.resource("svc-h"))
                    .addScopeMetrics(
                        ScopeMetrics.newBuilder()
                            .addMetrics(
                                Metric.newBuilder()
                                    .setName("http.duration")
                                    .setUnit("s")
                                    .setHistogram(h)))
                    .build()));
    // The first point's start lies before the look-back: its running total is no increase.
    MetricSeries p50 =
        series(tenant, "http.duration", MetricType.HISTOGRAM, MetricQuery.Aggregation.P50, "svc-h");
    assertThat(p50.points())
        .extracting(MetricSeries.Point::stepStartUnixNano)
        .containsExactly(t0, t0 + minute);
    // t0: 10 new observations in (1, 2]; t0 + 1 min: 20 new in (2, 4].
    assertThat(p50.points())
        .extracting(MetricSeries.Point::value)
        .usingElementComparator(APPROX)
        .containsExactly(1.5, 3.0);
    assertThat(p50.points()).extracting(MetricSeries.Point::count).containsExactly(10L, 20L);
    assertThat(
            series(
                    tenant,
                    "http.duration",
                    MetricType.HISTOGRAM,
                    MetricQuery.Aggregation.P90,
                    "svc-h")
                .points())
        .extracting(MetricSeries.Point::value)
        .usingElementComparator(APPROX)
        .containsExactly(1.9, 3.8);
    assertThat(
            series(
                    tenant,
                    "http.duration",
                    MetricType.HISTOGRAM,
                    MetricQuery.Aggregation.AVG,
                    "svc-h")
                .points())
        .extracting(MetricSeries.Point::value)
        .usingElementComparator(APPROX)
        .containsExactly(1.5, 3.0);
    assertThat(
            series(
                    tenant,
                    "http.duration",
                    MetricType.HISTOGRAM,
                    MetricQuery.Aggregation.RATE,
                    "svc-h")
                .points())
        .extracting(MetricSeries.Point::value)
        .usingElementComparator(APPROX)
        .containsExactly(10 / 60.0, 20 / 60.0);
    // Exponential: the SDK lowered the scale from 1 to 0 between the two points; the increase
    // is taken at scale 0, where bucket 1 is (2, 4]: 10 new observations there.
    long expStart = t0 - 3600 * SECOND;
    ExponentialHistogram.Builder exp =
        ExponentialHistogram.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
            .addDataPoints(
                ExponentialHistogramDataPoint.newBuilder()
                    .setTimeUnixNano(t0 - minute)
                    .setStartTimeUnixNano(expStart)
                    .setCount(8)
                    .setSum(24)
                    .setScale(1)
                    .setPositive(
                        ExponentialHistogramDataPoint.Buckets.newBuilder()
                            .setOffset(2)
                            .addAllBucketCounts(List.of(4L, 4L))))
            .addDataPoints(
                ExponentialHistogramDataPoint.newBuilder()
                    .setTimeUnixNano(t0)
                    .setStartTimeUnixNano(expStart)
                    .setCount(18)
                    .setSum(54)
                    .setScale(0)
                    .setPositive(
                        ExponentialHistogramDataPoint.Buckets.newBuilder()
                            .setOffset(1)
                            .addAllBucketCounts(List.of(18L))));
    store()
        .writeMetrics(
            tenant,
            Retention.DEFAULT,
            List.of(
                ResourceMetrics.newBuilder()
                    .setResource(Otlp.resource("svc-e"))
                    .addScopeMetrics(
                        ScopeMetrics.newBuilder()
                            .addMetrics(
                                Metric.newBuilder()
                                    .setName("rpc.duration")
                                    .setExponentialHistogram(exp)))
                    .build()));
    MetricSeries expP50 =
        series(
            tenant,
            "rpc.duration",
            MetricType.EXPONENTIAL_HISTOGRAM,
            MetricQuery.Aggregation.P50,
            "svc-e");
    assertThat(expP50.points()).hasSize(1);
    assertThat(expP50.points().getFirst().stepStartUnixNano()).isEqualTo(t0);
    assertThat(expP50.points().getFirst().count()).isEqualTo(10);
    assertThat(expP50.points().getFirst().value())
        .isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(
            series(
                    tenant,
                    "rpc.duration",
                    MetricType.EXPONENTIAL_HISTOGRAM,
                    MetricQuery.Aggregation.AVG,
                    "svc-e")
                .points())
        .extracting(MetricSeries.Point::value)
        .usingElementComparator(APPROX)
        .containsExactly(3.0);

    assertThat(
            store().metricCatalog(tenant, around(), Optional.empty(), Optional.of("http.duration")))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.type()).isEqualTo(MetricType.HISTOGRAM);
              assertThat(i.unit()).isEqualTo("s");
              assertThat(i.monotonic()).isEmpty();
              assertThat(i.temporality()).contains(MetricInfo.Temporality.CUMULATIVE);
            });
  }

  private static final java.util.Comparator<Double> APPROX =
      (x, y) -> Math.abs(x - y) < 1e-9 ? 0 : Double.compare(x, y);

  private MetricSeries series(
      TenantId tenant, String name, MetricType type, MetricQuery.Aggregation agg, String service) {
    List<MetricSeries> series =
        store()
            .metricSeries(
                new MetricQuery(
                    tenant,
                    name,
                    type,
                    around(),
                    Map.of(),
                    Duration.ofMinutes(1),
                    agg,
                    Optional.ofNullable(service)));
    assertThat(series).hasSize(1);
    return series.getFirst();
  }

  private static Sum.Builder cumulativeCounter() {
    return Sum.newBuilder()
        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
        .setIsMonotonic(true);
  }

  private static NumberDataPoint counterPoint(long time, long start, long value) {
    return NumberDataPoint.newBuilder()
        .setTimeUnixNano(time)
        .setStartTimeUnixNano(start)
        .setAsInt(value)
        .addAttributes(attr("route", "/cart"))
        .build();
  }

  private static HistogramDataPoint histogramPoint(
      long time, long start, double sum, List<Long> buckets) {
    return HistogramDataPoint.newBuilder()
        .setTimeUnixNano(time)
        .setStartTimeUnixNano(start)
        .setCount(buckets.stream().mapToLong(Long::longValue).sum())
        .setSum(sum)
        .addAllBucketCounts(buckets)
        .addAllExplicitBounds(List.of(1.0, 2.0, 4.0))
        .build();
  }

  private static ResourceMetrics counterResource(String service, String instance, Sum.Builder sum) {
    return ResourceMetrics.newBuilder()
        .setResource(
            Otlp.resource(service).toBuilder().addAttributes(attr("service.instance.id", instance)))
        .addScopeMetrics(
            ScopeMetrics.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("meter"))
                .addMetrics(
                    Metric.newBuilder()
                        .setName("http.requests")
                        .setUnit("{request}")
                        .setDescription("requests served")
                        .setSum(sum)))
        .build();
  }

  private MetricSeries single(
      TenantId tenant,
      String name,
      MetricType type,
      Map<String, String> attrs,
      MetricQuery.Aggregation agg) {
    List<MetricSeries> series =
        store()
            .metricSeries(
                new MetricQuery(tenant, name, type, around(), attrs, Duration.ofMinutes(1), agg));
    assertThat(series).hasSize(1);
    return series.getFirst();
  }

  /** Gauge (4 points: core 0 at t0, t0+10s, t0+60s; core 1 at t0), sum, histograms, summary. */
  static ResourceMetrics allMetricTypes(long t0) {
    long s = SECOND;
    Exemplar exemplar =
        Exemplar.newBuilder()
            .setTimeUnixNano(t0)
            .setAsDouble(0.5)
            .setTraceId(Otlp.id("0102030405060708090a0b0c0d0e0f10"))
            .setSpanId(Otlp.id("0102030405060708"))
            .addFilteredAttributes(attr("k", "v"))
            .build();
    Metric gauge =
        Metric.newBuilder()
            .setName("cpu.utilization")
            .setUnit("1")
            .setGauge(
                Gauge.newBuilder()
                    .addDataPoints(point(t0, 0.2, "core", "0").toBuilder().addExemplars(exemplar))
                    .addDataPoints(point(t0 + 10 * s, 0.4, "core", "0"))
                    .addDataPoints(point(t0 + 60 * s, 0.9, "core", "0"))
                    .addDataPoints(point(t0, 0.7, "core", "1")))
            .build();
    Metric sum =
        Metric.newBuilder()
            .setName("requests")
            .setSum(
                Sum.newBuilder()
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                    .setIsMonotonic(true)
                    .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(t0).setAsInt(10))
                    .addDataPoints(
                        NumberDataPoint.newBuilder().setTimeUnixNano(t0 + s).setAsInt(20)))
            .build();
    Metric histogram =
        Metric.newBuilder()
            .setName("latency")
            .setHistogram(
                Histogram.newBuilder()
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                    .addDataPoints(
                        HistogramDataPoint.newBuilder()
                            .setTimeUnixNano(t0)
                            .setCount(10)
                            .setSum(10)
                            .addAllBucketCounts(List.of(5L, 5L))
                            .addExplicitBounds(1.0)
                            .setMin(0.1)
                            .setMax(2)
                            .addExemplars(exemplar))
                    .addDataPoints(
                        HistogramDataPoint.newBuilder()
                            .setTimeUnixNano(t0 + s)
                            .setCount(10)
                            .setSum(30)
                            .addAllBucketCounts(List.of(0L, 10L))
                            .addExplicitBounds(1.0)))
            .build();
    Metric exp =
        Metric.newBuilder()
            .setName("latency.exp")
            .setExponentialHistogram(
                ExponentialHistogram.newBuilder()
                    .setAggregationTemporality(
                        AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                    .addDataPoints(
                        ExponentialHistogramDataPoint.newBuilder()
                            .setTimeUnixNano(t0)
                            // Cumulative: a running total counts as an increase only when its
                            // stream started inside the look-back (here a second before).
                            .setStartTimeUnixNano(t0 - s)
                            .setCount(5)
                            .setSum(15)
                            .setScale(2)
                            .setZeroCount(1)
                            .setPositive(
                                ExponentialHistogramDataPoint.Buckets.newBuilder()
                                    .setOffset(1)
                                    .addAllBucketCounts(List.of(2L, 2L)))
                            .setNegative(
                                ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(-1))))
            .build();
    Metric summary =
        Metric.newBuilder()
            .setName("rpc.summary")
            .setSummary(
                Summary.newBuilder()
                    .addDataPoints(
                        SummaryDataPoint.newBuilder()
                            .setTimeUnixNano(t0)
                            .setCount(4)
                            .setSum(8)
                            .addQuantileValues(
                                SummaryDataPoint.ValueAtQuantile.newBuilder()
                                    .setQuantile(0.5)
                                    .setValue(1.5))
                            .addQuantileValues(
                                SummaryDataPoint.ValueAtQuantile.newBuilder()
                                    .setQuantile(0.99)
                                    .setValue(4))))
            .build();
    return ResourceMetrics.newBuilder()
        .setResource(Otlp.resource("metrics-svc"))
        .addScopeMetrics(
            ScopeMetrics.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("meter"))
                .addMetrics(gauge)
                .addMetrics(sum)
                .addMetrics(histogram)
                .addMetrics(exp)
                .addMetrics(summary)
                .addMetrics(Metric.newBuilder().setName("empty")))
        .build();
  }

  private static NumberDataPoint point(long time, double value, String key, String attrValue) {
    return NumberDataPoint.newBuilder()
        .setTimeUnixNano(time)
        .setStartTimeUnixNano(time - SECOND)
        .setAsDouble(value)
        .addAttributes(attr(key, attrValue))
        .build();
  }

  // ---------------------------------------------------------------- service graph

  @Test
  void dependencyEdgesCountCallsErrorsAndLatency() {
    TenantId tenant = newTenant();
    List<io.opentelemetry.proto.trace.v1.ResourceSpans> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String trace = traceId();
      String front = spanId();
      String api = spanId();
      Span.Builder apiSpan =
          span(trace, api, front, "GET /api", t0 + i * SECOND, (i + 1) * 1_000_000L);
      if (i < 3) {
        apiSpan.setStatus(Otlp.error("boom"));
      }
      batch.add(
          resourceSpans(
              "frontend", span(trace, front, null, "GET /", t0 + i * SECOND, 50_000_000L).build()));
      batch.add(
          resourceSpans(
              "api",
              apiSpan.build(),
              // A child in the same service is not an edge.
              span(trace, spanId(), api, "internal", t0 + i * SECOND, 10).build()));
      batch.add(
          resourceSpans(
              "db", span(trace, spanId(), api, "SELECT", t0 + i * SECOND, 500_000L).build()));
    }
    store().writeSpans(tenant, Retention.DEFAULT, batch);

    List<DependencyEdge> edges = store().dependencies(tenant, around());
    assertThat(edges)
        .extracting(DependencyEdge::caller, DependencyEdge::callee)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("api", "db"),
            org.assertj.core.groups.Tuple.tuple("frontend", "api"));
    DependencyEdge frontendApi = edges.get(1);
    assertThat(frontendApi.calls()).isEqualTo(10);
    assertThat(frontendApi.errors()).isEqualTo(3);
    assertThat(frontendApi.latencyP50Nanos()).isBetween(4_000_000.0, 7_000_000.0);
    assertThat(frontendApi.latencyP99Nanos()).isBetween(9_000_000.0, 10_000_001.0);
    assertThat(edges.get(0).errors()).isZero();
  }

  @Test
  void operationFeaturesAndLogPatternsPerMinute() {
    TenantId tenant = newTenant();
    long m0 = t0;
    long m1 = t0 + 60 * SECOND;
    long ms = 1_000_000L;
    store()
        .writeSpans(
            tenant,
            Retention.DEFAULT,
            List.of(
                resourceSpans(
                    "api",
                    span(traceId(), spanId(), null, "GET /a", m0, 10 * ms).build(),
                    span(traceId(), spanId(), null, "GET /a", m0 + SECOND, 30 * ms)
                        .setStatus(Otlp.error("boom"))
                        .build(),
                    span(traceId(), spanId(), null, "GET /a", m1, 50 * ms).build(),
                    span(traceId(), spanId(), null, "call db", m0, 5 * ms)
                        .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                        .build())));
    store()
        .writeLogs(
            tenant,
            Retention.DEFAULT,
            List.of(
                resourceLogs(
                    "api",
                    log(
                            m0,
                            SeverityNumber.SEVERITY_NUMBER_INFO,
                            "order 17 paid by 0af7651916cd43dd")
                        .build(),
                    log(
                            m0 + SECOND,
                            SeverityNumber.SEVERITY_NUMBER_INFO,
                            "order 2 paid by 00f067aa0ba902b7")
                        .build(),
                    log(m0, SeverityNumber.SEVERITY_NUMBER_ERROR, "order 3 failed").build(),
                    log(m1, SeverityNumber.SEVERITY_NUMBER_INFO, "order 4 paid by ab12cd34ef56ab78")
                        .build())));

    List<io.mirador.store.OperationMinute> ops =
        store().operationFeatures(io.mirador.store.FeatureQuery.of(tenant, around()));
    assertThat(ops)
        .extracting(
            io.mirador.store.OperationMinute::operation,
            io.mirador.store.OperationMinute::kind,
            io.mirador.store.OperationMinute::minuteStartUnixNano,
            io.mirador.store.OperationMinute::spans,
            io.mirador.store.OperationMinute::errors)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("GET /a", "Server", m0, 2L, 1L),
            org.assertj.core.groups.Tuple.tuple("GET /a", "Server", m1, 1L, 0L),
            org.assertj.core.groups.Tuple.tuple("call db", "Client", m0, 1L, 0L));
    assertThat(ops.getFirst().latencyP50Nanos()).isBetween(10.0 * ms, 30.0 * ms);
    assertThat(ops.getFirst().latencyP95Nanos()).isBetween(25.0 * ms, 30.0 * ms);
    assertThat(ops).allMatch(o -> o.service().equals("api"));

    List<io.mirador.store.LogPatternMinute> patterns =
        store().logPatterns(io.mirador.store.FeatureQuery.of(tenant, around()));
    assertThat(patterns)
        .extracting(
            io.mirador.store.LogPatternMinute::minuteStartUnixNano,
            io.mirador.store.LogPatternMinute::pattern,
            io.mirador.store.LogPatternMinute::severityNumber,
            io.mirador.store.LogPatternMinute::records)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(m0, "order <N> failed", 17, 1L),
            org.assertj.core.groups.Tuple.tuple(m0, "order <N> paid by <H>", 9, 2L),
            org.assertj.core.groups.Tuple.tuple(m1, "order <N> paid by <H>", 9, 1L));
    assertThat(store().operationFeatures(io.mirador.store.FeatureQuery.of(newTenant(), around())))
        .isEmpty();
    assertThat(store().logPatterns(io.mirador.store.FeatureQuery.of(newTenant(), around())))
        .isEmpty();
  }

  @Test
  void spanEventsCountSpansThatCalledOrLogged() {
    TenantId tenant = newTenant();
    long m0 = t0;
    long ms = 1_000_000L;
    String trace = traceId();
    String first = spanId();
    String second = spanId();
    String other = traceId();
    String third = spanId();
    store()
        .writeSpans(
            tenant,
            Retention.DEFAULT,
            List.of(
                resourceSpans(
                    "api",
                    span(trace, first, null, "GET /a", m0, 10 * ms).build(),
                    span(trace, second, null, "GET /a", m0 + SECOND, 10 * ms).build(),
                    span(other, third, null, "GET /a", m0 + 2 * SECOND, 10 * ms).build()),
                resourceSpans(
                    "db",
                    span(trace, spanId(), first, "query", m0 + ms, 2 * ms).build(),
                    span(trace, spanId(), first, "query", m0 + 2 * ms, 2 * ms).build(),
                    span(trace, spanId(), second, "query", m0 + SECOND + ms, 2 * ms).build())));
    store()
        .writeLogs(
            tenant,
            Retention.DEFAULT,
            List.of(
                resourceLogs(
                    "api",
                    log(m0 + ms, SeverityNumber.SEVERITY_NUMBER_ERROR, "row 17 missing")
                        .setTraceId(Otlp.id(trace))
                        .setSpanId(Otlp.id(first))
                        .build(),
                    log(m0 + 2 * SECOND, SeverityNumber.SEVERITY_NUMBER_ERROR, "row 18 missing")
                        .setTraceId(Otlp.id(other))
                        .setSpanId(Otlp.id(third))
                        .build(),
                    log(m0 + 3 * SECOND, SeverityNumber.SEVERITY_NUMBER_ERROR, "row 19 missing")
                        .build())));

    assertThat(store().spanEvents(io.mirador.store.FeatureQuery.of(tenant, around())))
        .extracting(
            io.mirador.store.SpanEventMinute::service,
            io.mirador.store.SpanEventMinute::operation,
            io.mirador.store.SpanEventMinute::event,
            io.mirador.store.SpanEventMinute::minuteStartUnixNano,
            io.mirador.store.SpanEventMinute::spans)
        .containsExactly(
            // two spans called db (one of them twice), two logged the pattern
            org.assertj.core.groups.Tuple.tuple("api", "GET /a", "call db query", m0, 2L),
            org.assertj.core.groups.Tuple.tuple("api", "GET /a", "log 17 row <N> missing", m0, 2L));
    assertThat(store().spanEvents(io.mirador.store.FeatureQuery.of(newTenant(), around())))
        .isEmpty();
  }

  @Test
  void eventPairsFollowEachSpansEventsInTimeOrder() {
    TenantId tenant = newTenant();
    long m0 = t0;
    long ms = 1_000_000L;
    String trace = traceId();
    String first = spanId();
    String second = spanId();
    Span firstSpan =
        span(trace, first, null, "GET /a", m0, 10 * ms)
            .addEvents(Span.Event.newBuilder().setTimeUnixNano(m0 + 5 * ms).setName("retry"))
            .build();
    // the same span written twice (a retried export) counts once
    store()
        .writeSpans(
            tenant,
            Retention.DEFAULT,
            List.of(
                resourceSpans(
                    "api",
                    firstSpan,
                    firstSpan,
                    span(trace, second, null, "GET /a", m0 + SECOND, 10 * ms).build())));
    io.opentelemetry.proto.logs.v1.LogRecord looked =
        log(m0 + 2 * ms, SeverityNumber.SEVERITY_NUMBER_INFO, "looked up 17")
            .setTraceId(Otlp.id(trace))
            .setSpanId(Otlp.id(first))
            .build();
    store()
        .writeLogs(
            tenant,
            Retention.DEFAULT,
            List.of(
                resourceLogs(
                    "api",
                    log(m0 + 7 * ms, SeverityNumber.SEVERITY_NUMBER_ERROR, "row 17 missing")
                        .setTraceId(Otlp.id(trace))
                        .setSpanId(Otlp.id(first))
                        .build(),
                    looked,
                    looked)));

    assertThat(store().eventPairs(io.mirador.store.FeatureQuery.of(tenant, around())))
        .extracting(
            io.mirador.store.EventPairMinute::service,
            io.mirador.store.EventPairMinute::source,
            io.mirador.store.EventPairMinute::target,
            io.mirador.store.EventPairMinute::minuteStartUnixNano,
            io.mirador.store.EventPairMinute::count)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "api", "event retry", "log 17 row <N> missing", m0, 1L),
            org.assertj.core.groups.Tuple.tuple(
                "api", "log 17 row <N> missing", "end GET /a", m0, 1L),
            org.assertj.core.groups.Tuple.tuple(
                "api", "log 9 looked up <N>", "event retry", m0, 1L),
            org.assertj.core.groups.Tuple.tuple("api", "start GET /a", "end GET /a", m0, 1L),
            org.assertj.core.groups.Tuple.tuple(
                "api", "start GET /a", "log 9 looked up <N>", m0, 1L));
    assertThat(store().eventPairs(io.mirador.store.FeatureQuery.of(newTenant(), around())))
        .isEmpty();
  }

  @Test
  void selfTimesChargeClientCallsToTheCallee() {
    TenantId tenant = newTenant();
    long m0 = t0;
    long ms = 1_000_000L;
    String trace = traceId();
    String server = spanId();
    String client = spanId();
    store()
        .writeSpans(
            tenant,
            Retention.DEFAULT,
            List.of(
                resourceSpans(
                    "api",
                    // 100 ms in total, 70 of them in the client call: 30 ms of its own
                    span(trace, server, null, "GET /a", m0, 100 * ms).build(),
                    span(trace, client, server, "call db", m0 + ms, 70 * ms)
                        .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                        .build()),
                resourceSpans(
                    "db",
                    // the client waited 70 ms for a 60 ms query: 10 ms in front of db
                    span(trace, spanId(), client, "query", m0 + 5 * ms, 60 * ms).build())));

    List<io.mirador.store.SelfTimeMinute> self =
        store().selfTimes(io.mirador.store.FeatureQuery.of(tenant, around()));

    assertThat(self)
        .extracting(
            io.mirador.store.SelfTimeMinute::service,
            io.mirador.store.SelfTimeMinute::minuteStartUnixNano,
            io.mirador.store.SelfTimeMinute::spans)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("api", m0, 1L),
            org.assertj.core.groups.Tuple.tuple("db", m0, 2L));
    assertThat(self.get(0).p50Nanos()).isEqualTo(30.0 * ms);
    assertThat(self.get(1).p95Nanos()).isBetween(10.0 * ms, 60.0 * ms);
    assertThat(store().selfTimes(io.mirador.store.FeatureQuery.of(newTenant(), around())))
        .isEmpty();

    // A caller named in gapsToCaller keeps its client call's 10 ms gap: api 30 ms (its own) and
    // 10 ms (the gap), db only its query.
    List<io.mirador.store.SelfTimeMinute> kept =
        store()
            .selfTimes(
                io.mirador.store.FeatureQuery.of(tenant, around()), java.util.Set.of("api", "x'"));
    assertThat(kept)
        .extracting(
            io.mirador.store.SelfTimeMinute::service, io.mirador.store.SelfTimeMinute::spans)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("api", 2L),
            org.assertj.core.groups.Tuple.tuple("db", 1L));
    assertThat(kept.get(1).p50Nanos()).isEqualTo(60.0 * ms);
    assertThat(
            store()
                .selfTimes(
                    io.mirador.store.FeatureQuery.of(tenant, around()), java.util.Set.of("db")))
        .extracting(io.mirador.store.SelfTimeMinute::service)
        .containsExactly("api", "db");
    java.util.Set<String> tooMany = new java.util.HashSet<>();
    for (int i = 0; i <= io.mirador.store.TelemetryStore.MAX_GAPS_TO_CALLER; i++) {
      tooMany.add("s" + i);
    }
    assertThatThrownBy(
            () -> store().selfTimes(io.mirador.store.FeatureQuery.of(tenant, around()), tooMany))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most");
  }

  @Test
  void edgeLatenciesSplitEachCallIntoWireGapAndServerTime() {
    TenantId tenant = newTenant();
    long m0 = t0;
    long m1 = t0 + 60 * SECOND;
    long ms = 1_000_000L;
    var api = new java.util.ArrayList<Span>();
    var db = new java.util.ArrayList<Span>();
    String slowTrace = null;
    // Minute 0: three calls api -> db, gaps 5, 10 and 40 ms in front of 20 ms queries.
    long[] gaps = {5, 10, 40};
    for (long gap : gaps) {
      String trace = traceId();
      String server = spanId();
      String client = spanId();
      api.add(span(trace, server, null, "GET /a", m0, (gap + 30) * ms).build());
      api.add(
          span(trace, client, server, "call db", m0 + ms, (gap + 20) * ms)
              .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
              .build());
      db.add(span(trace, spanId(), client, "query", m0 + 2 * ms, 20 * ms).build());
      if (gap == 40) {
        slowTrace = trace;
      }
    }
    // Minute 1: one call with a 2 ms gap; an internal span with a db child is not a call, and a
    // client span whose callee sent nothing is not a measured call.
    String trace = traceId();
    String client = spanId();
    String internal = spanId();
    api.add(
        span(trace, client, null, "call db", m1, 52 * ms)
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .build());
    db.add(span(trace, spanId(), client, "query", m1 + ms, 50 * ms).build());
    api.add(span(trace, internal, null, "work", m1, 90 * ms).build());
    db.add(span(trace, spanId(), internal, "query", m1 + ms, 10 * ms).build());
    api.add(
        span(traceId(), spanId(), null, "call cache", m1, 9 * ms)
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .build());
    List<io.mirador.store.EdgeLatencyMinute> edges = writeAndReadEdges(tenant, api, db);

    assertThat(edges)
        .extracting(
            io.mirador.store.EdgeLatencyMinute::caller,
            io.mirador.store.EdgeLatencyMinute::callee,
            io.mirador.store.EdgeLatencyMinute::minuteStartUnixNano,
            io.mirador.store.EdgeLatencyMinute::calls,
            io.mirador.store.EdgeLatencyMinute::repeats)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("api", "db", m0, 3L, 0L),
            org.assertj.core.groups.Tuple.tuple("api", "db", m1, 1L, 0L));
    io.mirador.store.EdgeLatencyMinute first = edges.getFirst();
    assertThat(first.gapP50Nanos()).isEqualTo(10.0 * ms);
    assertThat(first.gapP95Nanos()).isBetween(10.0 * ms, 40.0 * ms);
    assertThat(first.serverP50Nanos()).isEqualTo(20.0 * ms);
    assertThat(first.slowestTraceId()).isEqualTo(slowTrace);
    assertThat(first.slowestNanos()).isEqualTo(60.0 * ms);
    assertThat(edges.get(1).gapP50Nanos()).isEqualTo(2.0 * ms);
    assertThat(edges.get(1).serverP50Nanos()).isEqualTo(50.0 * ms);
    assertThat(store().edgeLatencies(io.mirador.store.FeatureQuery.of(newTenant(), around())))
        .isEmpty();
  }

  /** Writes {@code api}'s and {@code db}'s spans and reads the tenant's edges back. */
  private List<io.mirador.store.EdgeLatencyMinute> writeAndReadEdges(
      TenantId tenant, List<Span> api, List<Span> db) {
    store()
        .writeSpans(
            tenant,
            Retention.DEFAULT,
            List.of(
                resourceSpans("api", api.toArray(Span[]::new)),
                resourceSpans("db", db.toArray(Span[]::new))));
    return store().edgeLatencies(io.mirador.store.FeatureQuery.of(tenant, around()));
  }

  /**
   * A retry is a second call from the same caller span to the same callee operation; calls from
   * other spans, to other operations, and root client spans (no caller span) do not repeat.
   */
  @Test
  void edgeLatenciesCountCallsRepeatedFromTheSameCallerSpan() {
    TenantId tenant = newTenant();
    long ms = 1_000_000L;
    var api = new java.util.ArrayList<Span>();
    var db = new java.util.ArrayList<Span>();
    String trace = traceId();
    String handler = spanId();
    api.add(span(trace, handler, null, "POST /orders", t0, 90 * ms).build());
    // The handler asks "query" twice (a retry) and "insert" once.
    for (String op : List.of("query", "query", "insert")) {
      String client = spanId();
      api.add(
          span(trace, client, handler, "call db", t0 + ms, 20 * ms)
              .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
              .build());
      db.add(span(trace, spanId(), client, op, t0 + 2 * ms, 10 * ms).build());
    }
    // Another handler of another trace asks "query" once; two root client spans ask it once each.
    String other = traceId();
    String otherHandler = spanId();
    api.add(span(other, otherHandler, null, "POST /orders", t0, 90 * ms).build());
    for (String parent : java.util.Arrays.asList(otherHandler, null, null)) {
      String client = spanId();
      api.add(
          span(other, client, parent, "call db", t0 + ms, 20 * ms)
              .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
              .build());
      db.add(span(other, spanId(), client, "query", t0 + 2 * ms, 10 * ms).build());
    }
    List<io.mirador.store.EdgeLatencyMinute> edges = writeAndReadEdges(tenant, api, db);

    assertThat(edges)
        .extracting(
            io.mirador.store.EdgeLatencyMinute::calls, io.mirador.store.EdgeLatencyMinute::repeats)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(6L, 1L));
  }

  /**
   * Evidence must read the same when it is fetched again: latency quantiles of a minute with more
   * spans than ClickHouse's exact reservoir (8192) come from a sample, and the sample must not
   * depend on the run (threads, merge order).
   */
  @Test
  void latencyQuantilesOfLargeMinutesReadTheSameEveryTime() {
    TenantId tenant = newTenant();
    long ms = 1_000_000L;
    int traces = 12_000;
    var spans = new java.util.ArrayList<Span>();
    var children = new java.util.ArrayList<Span>();
    for (int i = 0; i < traces; i++) {
      String trace = traceId();
      String parent = spanId();
      long start = t0 + (i % 50) * SECOND;
      long child = (1 + random.nextInt(400)) * ms;
      spans.add(
          span(trace, parent, null, "GET /a", start, child + random.nextInt(200) * ms).build());
      children.add(span(trace, spanId(), parent, "query", start + ms, child).build());
    }
    for (int from = 0; from < traces; from += 3000) {
      store()
          .writeSpans(
              tenant,
              Retention.DEFAULT,
              List.of(
                  resourceSpans("api", spans.subList(from, from + 3000).toArray(Span[]::new)),
                  resourceSpans("db", children.subList(from, from + 3000).toArray(Span[]::new))));
    }
    io.mirador.store.FeatureQuery query = io.mirador.store.FeatureQuery.of(tenant, around());

    var features = store().serviceFeatures(query);
    var operations = store().operationFeatures(query);
    var self = store().selfTimes(query);
    var edges = store().dependencies(tenant, around());
    assertThat(features).hasSize(2);
    assertThat(features.getFirst().requests()).isEqualTo(traces);
    // A sample, but close: child durations are uniform on 1-400 ms, so the db median is ~200 ms.
    assertThat(features.get(1).latencyP50Nanos()).isBetween(190.0 * ms, 210.0 * ms);
    for (int read = 0; read < 4; read++) {
      assertThat(store().serviceFeatures(query)).isEqualTo(features);
      assertThat(store().operationFeatures(query)).isEqualTo(operations);
      assertThat(store().selfTimes(query)).isEqualTo(self);
      assertThat(store().dependencies(tenant, around())).isEqualTo(edges);
    }
  }

  @Test
  void serviceFeaturesPerMinuteFromSpansLogsAndGauges() {
    TenantId tenant = newTenant();
    long m0 = t0;
    long m1 = t0 + 60 * SECOND;
    long ms = 1_000_000L;
    store()
        .writeSpans(
            tenant,
            Retention.DEFAULT,
            List.of(
                resourceSpans(
                    "api",
                    span(traceId(), spanId(), null, "GET /a", m0 + SECOND, 10 * ms).build(),
                    span(traceId(), spanId(), null, "GET /a", m0 + 2 * SECOND, 20 * ms).build(),
                    span(traceId(), spanId(), null, "GET /a", m0 + 3 * SECOND, 30 * ms)
                        .setStatus(Otlp.error("boom"))
                        .build(),
                    span(traceId(), spanId(), null, "GET /a", m0 + 4 * SECOND, 40 * ms).build(),
                    // Outgoing and internal work is not a request the service served.
                    span(traceId(), spanId(), null, "call db", m0, 5 * ms)
                        .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                        .build(),
                    span(traceId(), spanId(), null, "work", m0, 5 * ms)
                        .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
                        .build(),
                    span(traceId(), spanId(), null, "GET /b", m1, 50 * ms).build(),
                    span(traceId(), spanId(), null, "GET /b", m1 + SECOND, 50 * ms).build()),
                resourceSpans(
                    "db",
                    span(traceId(), spanId(), null, "consume", m0, 7 * ms)
                        .setKind(Span.SpanKind.SPAN_KIND_CONSUMER)
                        .build())));
    store()
        .writeLogs(
            tenant,
            Retention.DEFAULT,
            List.of(
                resourceLogs(
                    "api",
                    log(m0, SeverityNumber.SEVERITY_NUMBER_ERROR, "e1").build(),
                    log(m0 + SECOND, SeverityNumber.SEVERITY_NUMBER_ERROR2, "e2").build(),
                    log(m0, SeverityNumber.SEVERITY_NUMBER_WARN, "w").build()),
                resourceLogs("db", log(m1, SeverityNumber.SEVERITY_NUMBER_FATAL, "f").build())));
    store()
        .writeMetrics(
            tenant,
            Retention.DEFAULT,
            List.of(
                gauges("api", "process.cpu.utilization", m0, 0.2, m0 + SECOND, 0.4),
                gauges("worker", "process.cpu.utilization", m1, 0.9, m1 + SECOND, 0.9),
                gauges("api", "not.requested", m0, 5, m0, 5)));

    List<io.mirador.store.ServiceMinute> features =
        store().serviceFeatures(io.mirador.store.FeatureQuery.of(tenant, around()));

    assertThat(features)
        .extracting(
            io.mirador.store.ServiceMinute::service,
            io.mirador.store.ServiceMinute::minuteStartUnixNano)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("api", m0),
            org.assertj.core.groups.Tuple.tuple("api", m1),
            org.assertj.core.groups.Tuple.tuple("db", m0),
            org.assertj.core.groups.Tuple.tuple("db", m1),
            org.assertj.core.groups.Tuple.tuple("worker", m1));
    io.mirador.store.ServiceMinute api0 = features.get(0);
    assertThat(api0.requests()).isEqualTo(4);
    assertThat(api0.errors()).isEqualTo(1);
    assertThat(api0.errorRate()).isEqualTo(0.25);
    assertThat(api0.latencyP50Nanos()).isBetween(20.0 * ms, 30.0 * ms);
    assertThat(api0.latencyP99Nanos()).isBetween(39.0 * ms, 40.0 * ms);
    assertThat(api0.errorLogs()).isEqualTo(2);
    assertThat(api0.gauges())
        .containsOnlyKeys("process.cpu.utilization")
        .hasEntrySatisfying(
            "process.cpu.utilization",
            v -> assertThat(v).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-9)));
    assertThat(features.get(1).requests()).isEqualTo(2);
    assertThat(features.get(1).errorLogs()).isZero();
    assertThat(features.get(2).requests()).isEqualTo(1); // the consumer span
    assertThat(features.get(3).requests()).isZero();
    assertThat(features.get(3).errorLogs()).isEqualTo(1);
    assertThat(features.get(3).latencyP50Nanos()).isNaN();
    assertThat(features.get(4).gauges()).containsEntry("process.cpu.utilization", 0.9);
    assertThat(store().serviceFeatures(io.mirador.store.FeatureQuery.of(newTenant(), around())))
        .isEmpty();
    assertThatThrownBy(
            () ->
                io.mirador.store.FeatureQuery.of(
                    tenant, TimeRange.of(base.minus(Duration.ofDays(2)), base)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ResourceMetrics gauges(
      String service, String name, long t1, double v1, long t2, double v2) {
    return ResourceMetrics.newBuilder()
        .setResource(Otlp.resource(service))
        .addScopeMetrics(
            ScopeMetrics.newBuilder()
                .addMetrics(
                    Metric.newBuilder()
                        .setName(name)
                        .setGauge(
                            Gauge.newBuilder()
                                .addDataPoints(
                                    NumberDataPoint.newBuilder()
                                        .setTimeUnixNano(t1)
                                        .setAsDouble(v1))
                                .addDataPoints(
                                    NumberDataPoint.newBuilder()
                                        .setTimeUnixNano(t2)
                                        .setAsDouble(v2)))))
        .build();
  }

  // ---------------------------------------------------------------- tenancy

  @Test
  void tenantsNeverSeeEachOthersRows() {
    TenantId a = newTenant();
    TenantId b = newTenant();
    String sharedTraceId = traceId();
    String parent = spanId();
    for (TenantId tenant : List.of(a, b)) {
      String service = "svc-" + tenant.value();
      store()
          .writeSpans(
              tenant,
              Retention.DEFAULT,
              List.of(
                  resourceSpans(service, span(sharedTraceId, parent, null, "root", t0, 10).build()),
                  resourceSpans(
                      service + "-callee",
                      span(sharedTraceId, spanId(), parent, "child", t0, 5).build())));
      store()
          .writeLogs(
              tenant,
              Retention.DEFAULT,
              List.of(
                  resourceLogs(
                      service,
                      log(t0, SeverityNumber.SEVERITY_NUMBER_INFO, "hello")
                          .setTraceId(Otlp.id(sharedTraceId))
                          .build())));
      store().writeMetrics(tenant, Retention.DEFAULT, List.of(allMetricTypes(t0)));
    }

    for (TenantId tenant : List.of(a, b)) {
      String own = "svc-" + tenant.value();
      assertThat(store().trace(tenant, sharedTraceId))
          .hasSize(2)
          .allSatisfy(s -> assertThat(s.serviceName()).startsWith(own));
      assertThat(search(SpanQuery.builder(tenant, around()).build()))
          .allSatisfy(s -> assertThat(s.serviceName()).startsWith(own));
      assertThat(logs(LogQuery.builder(tenant, around()).traceId(sharedTraceId).build()))
          .singleElement()
          .satisfies(l -> assertThat(l.serviceName()).isEqualTo(own));
      assertThat(store().dependencies(tenant, around()))
          .singleElement()
          .satisfies(e -> assertThat(e.caller()).isEqualTo(own));
      assertThat(
              single(tenant, "requests", MetricType.SUM, Map.of(), MetricQuery.Aggregation.SUM)
                  .points()
                  .getFirst()
                  .value())
          .isEqualTo(30.0);
    }
  }

  @Test
  void eraseRemovesEveryRowOfOneTenantOnly() {
    TenantId doomed = newTenant();
    TenantId kept = newTenant();
    String traceId = traceId();
    for (TenantId tenant : List.of(doomed, kept)) {
      store()
          .writeSpans(
              tenant,
              Retention.DEFAULT,
              List.of(resourceSpans("svc", span(traceId, spanId(), null, "op", t0, 10).build())));
      store()
          .writeLogs(
              tenant,
              Retention.DEFAULT,
              List.of(
                  resourceLogs("svc", log(t0, SeverityNumber.SEVERITY_NUMBER_INFO, "x").build())));
      store().writeMetrics(tenant, Retention.DEFAULT, List.of(allMetricTypes(t0)));
    }

    // 1 span + 1 log + 10 metric points
    assertThat(store().eraseTenant(doomed)).isEqualTo(12);

    assertThat(store().trace(doomed, traceId)).isEmpty();
    assertThat(search(SpanQuery.builder(doomed, around()).build())).isEmpty();
    assertThat(logs(LogQuery.builder(doomed, around()).build())).isEmpty();
    for (MetricType type : MetricType.values()) {
      assertThat(
              store()
                  .metricSeries(
                      new MetricQuery(
                          doomed,
                          metricName(type),
                          type,
                          around(),
                          Map.of(),
                          Duration.ofMinutes(1),
                          MetricQuery.Aggregation.AVG)))
          .as(type.name())
          .isEmpty();
    }
    assertThat(store().trace(kept, traceId)).hasSize(1);
    assertThat(logs(LogQuery.builder(kept, around()).build())).hasSize(1);
    assertThat(store().eraseTenant(doomed)).isZero();
  }

  private static String metricName(MetricType type) {
    return switch (type) {
      case GAUGE -> "cpu.utilization";
      case SUM -> "requests";
      case HISTOGRAM -> "latency";
      case EXPONENTIAL_HISTOGRAM -> "latency.exp";
      case SUMMARY -> "rpc.summary";
    };
  }

  @Test
  void retentionIsPerTenant() {
    TenantId shortLived = newTenant();
    TenantId longLived = newTenant();
    Instant tenDaysAgo = Instant.now().minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);
    long old = tenDaysAgo.getEpochSecond() * SECOND;
    String traceId = traceId();
    for (TenantId tenant : List.of(shortLived, longLived)) {
      Retention retention = tenant == shortLived ? Retention.days(3) : Retention.days(30);
      store()
          .writeSpans(
              tenant,
              retention,
              List.of(resourceSpans("svc", span(traceId, spanId(), null, "op", old, 10).build())));
      store()
          .writeLogs(
              tenant,
              retention,
              List.of(
                  resourceLogs(
                      "svc", log(old, SeverityNumber.SEVERITY_NUMBER_INFO, "old").build())));
      store().writeMetrics(tenant, retention, List.of(allMetricTypes(old)));
    }

    store().enforceRetention();

    TimeRange then = TimeRange.of(tenDaysAgo.minusSeconds(600), tenDaysAgo.plusSeconds(600));
    assertThat(store().trace(shortLived, traceId)).isEmpty();
    assertThat(store().searchLogs(LogQuery.builder(shortLived, then).build()).items()).isEmpty();
    assertThat(
            store()
                .metricSeries(
                    new MetricQuery(
                        shortLived,
                        "requests",
                        MetricType.SUM,
                        then,
                        Map.of(),
                        Duration.ofMinutes(1),
                        MetricQuery.Aggregation.SUM)))
        .isEmpty();
    assertThat(store().trace(longLived, traceId)).hasSize(1);
    assertThat(store().searchLogs(LogQuery.builder(longLived, then).build()).items()).hasSize(1);
    assertThat(
            store()
                .metricSeries(
                    new MetricQuery(
                        longLived,
                        "requests",
                        MetricType.SUM,
                        then,
                        Map.of(),
                        Duration.ofMinutes(1),
                        MetricQuery.Aggregation.SUM)))
        .hasSize(1);
  }

  // ---------------------------------------------------------------- hostile input

  @Test
  void hostileValuesAreStoredAndMatchedLiterally() {
    TenantId tenant = newTenant();
    List<String> hostile =
        List.of(
            "' OR 1=1 --",
            "x'); DROP TABLE mirador.otel_traces; --",
            "back\\slash\\' quote",
            "tab\there\nnewline\rcr",
            "nul\0byte",
            "/* comment */ ; SELECT 1",
            "{tenant:String}",
            "Ünïcödé ✓ 日本語 \uD83D\uDE00",
            "%_ like wildcards %");
    List<Span> spans = new ArrayList<>();
    for (String value : hostile) {
      spans.add(
          span(traceId(), spanId(), null, value, t0, 10)
              .addAttributes(attr("v", value))
              .addAttributes(attr(value, "as-key"))
              .build());
    }
    store()
        .writeSpans(
            tenant, Retention.DEFAULT, List.of(resourceSpans("svc", spans.toArray(Span[]::new))));
    store()
        .writeLogs(
            tenant,
            Retention.DEFAULT,
            List.of(
                resourceLogs(
                    "svc",
                    hostile.stream()
                        .map(v -> log(t0, SeverityNumber.SEVERITY_NUMBER_INFO, "body " + v).build())
                        .toArray(io.opentelemetry.proto.logs.v1.LogRecord[]::new))));

    for (String value : hostile) {
      assertThat(search(SpanQuery.builder(tenant, around()).operation(value).build()))
          .as("operation %s", value)
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.name()).isEqualTo(value);
                assertThat(s.attributes()).containsEntry("v", value).containsEntry(value, "as-key");
              });
      assertThat(search(SpanQuery.builder(tenant, around()).attribute("v", value).build()))
          .hasSize(1);
      assertThat(search(SpanQuery.builder(tenant, around()).service(value).build())).isEmpty();
      assertThat(logs(LogQuery.builder(tenant, around()).bodyContains(value).build()))
          .as("body %s", value)
          .extracting(StoredLog::body)
          .contains("body " + value);
    }
    // The injection attempts changed nothing: the tables still answer.
    assertThat(search(SpanQuery.builder(tenant, around()).build())).hasSize(hostile.size());
  }

  @Test
  void attributeValuesOfEveryTypeAreStoredAsTheExporterDoes() {
    TenantId tenant = newTenant();
    String traceId = traceId();
    Span s =
        span(traceId, spanId(), null, "types", t0, 10)
            .addAttributes(attr("int", -42L))
            .addAttributes(attr("double.whole", 3.0))
            .addAttributes(attr("double.big", 1.5e20))
            .addAttributes(attr("bool", false))
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("bytes")
                    .setValue(
                        AnyValue.newBuilder()
                            .setBytesValue(
                                com.google.protobuf.ByteString.copyFrom(new byte[] {1, 2, 3}))))
            .addAttributes(Otlp.kvlistAttr("map", attr("a", 1L), attr("b", "x\"y")))
            .build();
    store().writeSpans(tenant, Retention.DEFAULT, List.of(resourceSpans("svc", s)));
    assertThat(store().trace(tenant, traceId).getFirst().attributes())
        .containsEntry("int", "-42")
        .containsEntry("double.whole", "3")
        .containsEntry("double.big", "150000000000000000000")
        .containsEntry("bool", "false")
        .containsEntry("bytes", "AQID")
        .containsEntry("map", "{\"a\":1,\"b\":\"x\\\"y\"}");
  }

  private List<StoredSpan> search(SpanQuery query) {
    return store().searchSpans(query).items();
  }

  private List<StoredLog> logs(LogQuery query) {
    return store().searchLogs(query).items();
  }
}
