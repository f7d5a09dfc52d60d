package io.mirador.benchmarks.store;

import io.mirador.store.Retention;
import io.mirador.store.StoredSpan;
import io.mirador.store.TenantId;
import io.mirador.store.chdb.ChdbTransport;
import io.mirador.store.chdb.EmbeddedClickHouse;
import io.mirador.store.clickhouse.ClickHouseTelemetryStore;
import io.mirador.store.clickhouse.InsertFormat;
import io.mirador.store.clickhouse.SchemaOptions;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;

/**
 * Load harness for the embedded store: insert throughput of realistic spans on one writer thread,
 * for each insert format, then trace-by-id latency with the store holding that many spans.
 *
 * <pre>
 * java ... io.mirador.benchmarks.store.StoreLoadHarness [spans=1000000] [batch=10000] [lookups=1000]
 * </pre>
 */
public final class StoreLoadHarness {
  private StoreLoadHarness() {}

  public static void main(String[] args) throws Exception {
    long spans = arg(args, "spans", 1_000_000);
    int batchSpans = (int) arg(args, "batch", 10_000);
    int lookups = (int) arg(args, "lookups", 1_000);
    Path dir = Files.createTempDirectory("mirador-bench-");
    EmbeddedClickHouse engine = EmbeddedClickHouse.open(dir);
    System.out.printf(
        "embedded store at %s; %d spans per format in batches of %d, 15 attributes and 2 events"
            + " each%n",
        dir, spans, batchSpans);
    String formats = System.getProperty("formats", "JSON_EACH_ROW,ROW_BINARY");
    for (String name : formats.split(",")) {
      InsertFormat format = InsertFormat.valueOf(name);
      TimedTransport transport = new TimedTransport(new ChdbTransport(engine));
      ClickHouseTelemetryStore store =
          ClickHouseTelemetryStore.open(
              transport, SchemaOptions.singleNode("bench_" + format.name().toLowerCase()), format);
      run(store, transport, format, spans, batchSpans, lookups);
    }
    engine.close();
  }

  private static void run(
      ClickHouseTelemetryStore store,
      TimedTransport transport,
      InsertFormat format,
      long spans,
      int batchSpans,
      int lookups) {
    TenantId tenant = TenantId.of("bench");
    RealisticSpans generator =
        new RealisticSpans(1, (System.currentTimeMillis() - 3_600_000L) * 1_000_000L);
    List<byte[]> traceIds = new ArrayList<>();
    // Generate first so that the timing covers encoding and storing only.
    List<List<ResourceSpans>> batches = new ArrayList<>();
    for (long written = 0; written < spans; written += batchSpans) {
      batches.add(generator.batch(batchSpans / 10, traceIds));
    }
    long start = System.nanoTime();
    long stored = 0;
    for (List<ResourceSpans> batch : batches) {
      stored += store.writeSpans(tenant, Retention.DEFAULT, batch);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "insert %-13s %,d spans in %.2f s = %,.0f spans/s (one writer thread)%n",
        format.clickHouseName(), stored, seconds, stored / seconds);
    System.out.printf(
        "  of which waiting on the engine: %.2f s (%.0f%%; %.2f s at the end of inserts),"
            + " %,d bytes encoded (%.0f bytes/span)%n",
        transport.insertNanos / 1e9,
        100.0 * transport.insertNanos / 1e9 / seconds,
        transport.finishNanos / 1e9,
        transport.insertBytes,
        (double) transport.insertBytes / stored);
    batches.clear();

    Random random = new Random(3);
    Histogram latency = new Histogram(3_600_000_000_000L, 3);
    for (int i = 0; i < Math.min(20, lookups); i++) { // warm-up
      store.trace(tenant, HexFormat.of().formatHex(traceIds.get(random.nextInt(traceIds.size()))));
    }
    for (int i = 0; i < lookups; i++) {
      String id = HexFormat.of().formatHex(traceIds.get(random.nextInt(traceIds.size())));
      long t0 = System.nanoTime();
      List<StoredSpan> trace = store.trace(tenant, id);
      latency.recordValue(System.nanoTime() - t0);
      if (trace.size() != 10) {
        throw new IllegalStateException("trace " + id + " has " + trace.size() + " spans, not 10");
      }
    }
    System.out.printf(
        "trace-by-id %-8s at %,d stored spans: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms"
            + " (%d lookups)%n",
        format.clickHouseName(),
        stored,
        latency.getValueAtPercentile(50) / 1e6,
        latency.getValueAtPercentile(90) / 1e6,
        latency.getValueAtPercentile(99) / 1e6,
        latency.getMaxValue() / 1e6,
        lookups);
  }

  private static long arg(String[] args, String name, long fallback) {
    for (String arg : args) {
      if (arg.startsWith(name + "=")) {
        return Long.parseLong(arg.substring(name.length() + 1));
      }
    }
    return fallback;
  }
}
