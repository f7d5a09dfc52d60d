package io.mirador.benchmarks.store;

import io.mirador.store.EncodedRows;
import io.mirador.store.InsertToken;
import io.mirador.store.Retention;
import io.mirador.store.TenantId;
import io.mirador.store.chdb.ChdbTransport;
import io.mirador.store.chdb.EmbeddedClickHouse;
import io.mirador.store.clickhouse.ClickHouseTelemetryStore;
import io.mirador.store.clickhouse.InsertFormat;
import io.mirador.store.clickhouse.SchemaOptions;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * What exactly-once writes cost the store insert (issue 18, goal: at most 5 % slower): realistic
 * spans, pre-encoded as the core's ingest workers encode them, written with {@code writeEncoded} on
 * one thread into the embedded store, in rounds that alternate three variants on the same engine:
 *
 * <ul>
 *   <li>{@code plain}: no token (what plain OTLP requests, and every write before issue 18, cost);
 *   <li>{@code token}: each insert named by an {@code insert_deduplication_token} into tables with
 *       a deduplication window of 1,000 inserts (migration 7);
 *   <li>{@code token+redo}: as {@code token}, plus what the core's writer does around it for sealed
 *       batches: the rows copied out ({@code persistable}), written to a redo file, deleted after.
 * </ul>
 *
 * Variants alternate round by round so that load from other processes falls on all of them alike;
 * the median round of each is reported, in spans per wall-clock second and in spans per CPU-second
 * of this process (the engine runs in it, so its CPU time covers encoding, insert and merges; it
 * varies far less than wall time when other work shares the cores).
 *
 * <p>Under load from other work, round-to-round noise (±30 %) hides a few per cent. So the harness
 * also measures the parts of the cost directly, many times over, and takes medians: the extra time
 * a token adds to an insert (pairs of small inserts, plain then tokened, the token's cost being per
 * insert and per part, not per row), the redo file of one batch (write and delete), and a plain
 * insert of one batch. Their ratio is the cost per batch.
 *
 * <pre>
 * java ... io.mirador.benchmarks.store.InsertTokenCost [spans=200000] [batch=10000] [rounds=7]
 *     [pairs=2000]
 * </pre>
 */
public final class InsertTokenCost {
  private InsertTokenCost() {}

  private enum Variant {
    PLAIN,
    TOKEN,
    TOKEN_REDO
  }

  public static void main(String[] args) throws Exception {
    long spans = arg(args, "spans", 200_000);
    int batch = (int) arg(args, "batch", 10_000);
    int rounds = (int) arg(args, "rounds", 7);
    Path dir = Files.createTempDirectory("mirador-bench-tokens-");
    Path redoDir = Files.createDirectories(dir.resolve("redo"));
    EmbeddedClickHouse engine = EmbeddedClickHouse.open(dir.resolve("clickhouse"));
    ClickHouseTelemetryStore store =
        ClickHouseTelemetryStore.open(
            new ChdbTransport(engine),
            SchemaOptions.singleNode("bench_tokens"),
            InsertFormat.ROW_BINARY);
    TenantId tenant = TenantId.of("bench");
    RealisticSpans generator =
        new RealisticSpans(7, (System.currentTimeMillis() - 3_600_000L) * 1_000_000L);
    List<byte[]> traceIds = new ArrayList<>();
    List<List<ResourceSpans>> batches = new ArrayList<>();
    for (long n = 0; n < spans; n += batch) {
      batches.add(generator.batch(batch / 10, traceIds));
    }
    System.out.printf(
        "embedded store at %s; %,d spans per round in inserts of %,d; %d rounds per variant%n",
        dir, spans, batch, rounds);
    // Warm-up: one round of each, not counted.
    for (Variant v : Variant.values()) {
      round(store, tenant, batches, v, redoDir, new Random(1));
    }
    double[][] rates = new double[Variant.values().length][rounds];
    double[][] perCpu = new double[Variant.values().length][rounds];
    Random random = new Random(42);
    for (int r = 0; r < rounds; r++) {
      for (Variant v : Variant.values()) {
        double[] result = round(store, tenant, batches, v, redoDir, random);
        rates[v.ordinal()][r] = result[0];
        perCpu[v.ordinal()][r] = result[1];
      }
      System.out.printf(
          "round %d: plain %,.0f (%,.0f/cpu-s)  token %,.0f (%,.0f)  token+redo %,.0f (%,.0f)%n",
          r + 1, rates[0][r], perCpu[0][r], rates[1][r], perCpu[1][r], rates[2][r], perCpu[2][r]);
    }
    decomposed(store, tenant, batches, redoDir, (int) arg(args, "pairs", 2000));
    double plain = median(rates[0]);
    double plainCpu = median(perCpu[0]);
    for (Variant v : Variant.values()) {
      double m = median(rates[v.ordinal()]);
      double c = median(perCpu[v.ordinal()]);
      System.out.printf(
          "%-10s median %,.0f spans/s (%+.1f %%; min %,.0f max %,.0f), %,.0f spans/cpu-s (%+.1f %%)%n",
          v.name().toLowerCase().replace('_', '+'),
          m,
          (m / plain - 1) * 100,
          Arrays.stream(rates[v.ordinal()]).min().orElse(0),
          Arrays.stream(rates[v.ordinal()]).max().orElse(0),
          c,
          (c / plainCpu - 1) * 100);
    }
    store.close();
  }

  /** One round: encode and write every batch; returns spans per second and per CPU-second. */
  private static double[] round(
      ClickHouseTelemetryStore store,
      TenantId tenant,
      List<List<ResourceSpans>> batches,
      Variant variant,
      Path redoDir,
      Random random)
      throws IOException {
    long stored = 0;
    long cpu = CPU.getProcessCpuTime();
    long start = System.nanoTime();
    for (List<ResourceSpans> batch : batches) {
      EncodedRows rows = store.encodeSpans(tenant, Retention.DEFAULT, batch);
      switch (variant) {
        case PLAIN -> stored += store.writeEncoded(List.of(rows));
        case TOKEN -> stored += store.writeEncoded(List.of(rows), token(random));
        case TOKEN_REDO -> {
          Path file = redoDir.resolve(Long.toString(random.nextLong() & Long.MAX_VALUE));
          Files.write(file, store.persistable(rows).orElseThrow());
          stored += store.writeEncoded(List.of(rows), token(random));
          Files.delete(file);
        }
      }
    }
    double wall = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (CPU.getProcessCpuTime() - cpu) / 1e9;
    return new double[] {stored / wall, stored / cpuSeconds};
  }

  private static final com.sun.management.OperatingSystemMXBean CPU =
      (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  /** The parts of the cost, each measured many times; medians in microseconds. */
  private static void decomposed(
      ClickHouseTelemetryStore store,
      TenantId tenant,
      List<List<ResourceSpans>> batches,
      Path redoDir,
      int pairs)
      throws IOException {
    Random random = new Random(3);
    List<ResourceSpans> one = List.of(batches.get(0).get(0));
    EncodedRows small = store.encodeSpans(tenant, Retention.DEFAULT, one);
    double[] plain = new double[pairs];
    double[] tokened = new double[pairs];
    for (int i = 0; i < pairs; i++) {
      long t0 = System.nanoTime();
      store.writeEncoded(List.of(small));
      long t1 = System.nanoTime();
      store.writeEncoded(List.of(small), token(random));
      long t2 = System.nanoTime();
      plain[i] = (t1 - t0) / 1e3;
      tokened[i] = (t2 - t1) / 1e3;
    }
    int n = Math.min(batches.size(), 20);
    double[] redo = new double[n];
    double[] insert = new double[n];
    long bytes = 0;
    for (int i = 0; i < n; i++) {
      EncodedRows rows = store.encodeSpans(tenant, Retention.DEFAULT, batches.get(i));
      byte[] kept = store.persistable(rows).orElseThrow();
      bytes = kept.length;
      long t0 = System.nanoTime();
      Path file = redoDir.resolve("r" + i);
      Files.write(file, kept);
      Files.delete(file);
      long t1 = System.nanoTime();
      store.writeEncoded(List.of(rows));
      long t2 = System.nanoTime();
      redo[i] = (t1 - t0) / 1e3;
      insert[i] = (t2 - t1) / 1e3;
    }
    double delta = median(tokened) - median(plain);
    double batchInsert = median(insert);
    System.out.printf(
        "decomposed: small insert plain %.0f us, tokened %.0f us (median of %d pairs): token"
            + " adds %.0f us an insert%n",
        median(plain), median(tokened), pairs, delta);
    System.out.printf(
        "  one batch (%,d spans, %,d bytes encoded): plain insert %.0f us, redo file write+delete"
            + " %.0f us (medians of %d)%n",
        batches.get(0).stream()
            .mapToInt(r -> r.getScopeSpansList().stream().mapToInt(x -> x.getSpansCount()).sum())
            .sum(),
        bytes,
        batchInsert,
        median(redo),
        n);
    System.out.printf(
        "  per batch: token %+.2f %%, redo file %+.2f %%, together %+.2f %%%n",
        delta / batchInsert * 100,
        median(redo) / batchInsert * 100,
        (delta + median(redo)) / batchInsert * 100);
  }

  private static InsertToken token(Random random) {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return new InsertToken("mirador-" + HexFormat.of().formatHex(b));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static long arg(String[] args, String name, long fallback) {
    for (String a : args) {
      if (a.startsWith(name + "=")) {
        return Long.parseLong(a.substring(name.length() + 1));
      }
    }
    return fallback;
  }
}
