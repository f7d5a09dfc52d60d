package io.mirador.benchmarks.store;

import io.mirador.store.chdb.ChdbTransport;
import io.mirador.store.chdb.EmbeddedClickHouse;
import io.mirador.store.clickhouse.ClickHouseTelemetryStore;
import io.mirador.store.clickhouse.InsertFormat;
import io.mirador.store.clickhouse.QueryParameters;
import io.mirador.store.clickhouse.SchemaOptions;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the span tables cost the engine per span, merges included: the same encoded batches
 * inserted, through the real schema (materialized view attached), into variants of it made by ALTER
 * statements. For each variant it reports the insert's wall time, the process's CPU time during the
 * inserts and until the background merges went quiet (capped), and the bytes on disk per span. The
 * process CPU is the figure that matters on a 2-core appliance: the core's Java work and the
 * engine's inserts and merges share the same two cores.
 *
 * <pre>
 * java ... io.mirador.benchmarks.store.EngineCostExperiment [spans=400000] [batch=16000] [rounds=2]
 *     (-Dvariants=current;before-3-4;...)
 * </pre>
 */
public final class EngineCostExperiment {
  private EngineCostExperiment() {}

  public static void main(String[] args) throws Exception {
    int spans = (int) arg(args, "spans", 400_000);
    int batch = (int) arg(args, "batch", 16_000);
    int rounds = (int) arg(args, "rounds", 2);
    long quietCapMs = arg(args, "quietMs", 30_000);
    EmbeddedClickHouse engine = EmbeddedClickHouse.open(Files.createTempDirectory("engine-cost"));
    ChdbTransport chdb = new ChdbTransport(engine);
    List<CapturedInserts.Insert> captured = capture(chdb, spans, batch);

    // Variants of the current schema (migrations 1-4), made by ALTER statements.
    Map<String, Consumer<String>> all = new LinkedHashMap<>();
    all.put("current", db -> {});
    all.put("zstd", db -> zstd(chdb, db));
    all.put("wide", db -> wideAbove(chdb, db, 10L << 20));
    all.put(
        "zstd,wide",
        db -> {
          zstd(chdb, db);
          wideAbove(chdb, db, 10L << 20);
        });
    // The schema before migrations 3 and 4: ZSTD(1), wide parts above 10 MiB, merges of about 5.
    all.put(
        "before-3-4",
        db -> {
          zstd(chdb, db);
          wideAbove(chdb, db, 10L << 20);
          mergeBase(chdb, db, 5);
        });
    for (int base : new int[] {5, 10, 16}) {
      all.put("merge-base-" + base, db -> mergeBase(chdb, db, base));
    }
    all.put("no-mv", db -> chdb.execute("DROP VIEW " + db + ".otel_traces_trace_id_ts_mv"));
    all.put(
        "no-trace-bloom",
        db -> chdb.execute("ALTER TABLE " + db + ".otel_traces DROP INDEX idx_trace_id"));
    all.put(
        "no-duration-minmax",
        db -> chdb.execute("ALTER TABLE " + db + ".otel_traces DROP INDEX idx_duration"));
    all.put(
        "bloom-0.01",
        db -> {
          chdb.execute("ALTER TABLE " + db + ".otel_traces DROP INDEX idx_trace_id");
          chdb.execute(
              "ALTER TABLE "
                  + db
                  + ".otel_traces ADD INDEX idx_trace_id TraceId TYPE bloom_filter(0.01)"
                  + " GRANULARITY 1");
        });
    // Variant names contain commas: -Dvariants separates them with semicolons.
    String chosen = System.getProperty("variants", String.join(";", all.keySet()));
    List<String> names = new ArrayList<>();
    for (String n : chosen.split(";")) {
      names.add(n.strip());
    }
    System.out.printf(
        "%d spans in inserts of %d rows, %d rounds, variants %s%n", spans, batch, rounds, names);
    int n = 0;
    for (int round = 0; round < rounds; round++) {
      for (String name : names) {
        Consumer<String> variant = all.get(name);
        if (variant == null) {
          throw new IllegalArgumentException("unknown variant " + name + "; known " + all.keySet());
        }
        String db = "v" + (n++);
        ClickHouseTelemetryStore.open(chdb, SchemaOptions.singleNode(db), InsertFormat.ROW_BINARY);
        variant.accept(db);
        long merged0 = mergedRows(chdb);
        long cpu0 = cpuNanos();
        long start = System.nanoTime();
        for (CapturedInserts.Insert c : captured) {
          chdb.insert(db + "." + c.table(), c.columns(), InsertFormat.ROW_BINARY, c.rows());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpuInsert = cpuNanos() - cpu0;
        long quietStart = System.nanoTime();
        while ((System.nanoTime() - quietStart) / 1_000_000 < quietCapMs
            && !scalar(chdb, "SELECT count() FROM system.merges WHERE database = '" + db + "'")
                .equals("0")) {
          Thread.sleep(50);
        }
        double quietSeconds = (System.nanoTime() - quietStart) / 1e9;
        long cpuAll = cpuNanos() - cpu0;
        long merged = mergedRows(chdb) - merged0;
        String parts =
            scalar(
                chdb,
                "SELECT concat(toString(count()), ' parts, ', toString(sum(bytes_on_disk)), ' bytes')"
                    + " FROM system.parts WHERE database = '"
                    + db
                    + "' AND table = 'otel_traces' AND active");
        long bytes =
            Long.parseLong(
                scalar(
                    chdb,
                    "SELECT sum(bytes_on_disk) FROM system.parts WHERE database = '"
                        + db
                        + "' AND active"));
        System.out.printf(
            "%-24s insert %.2f s = %,7.0f spans/s | CPU %.2f s insert, %.2f s with merges (%.1f s"
                + " more) = %,6.0f spans/CPU-s | merges read %.2f rows/span | %.0f bytes/span on"
                + " disk (%s)%n",
            name,
            seconds,
            spans / seconds,
            cpuInsert / 1e9,
            cpuAll / 1e9,
            quietSeconds,
            spans / (cpuAll / 1e9),
            (double) merged / spans,
            (double) bytes / spans,
            parts);
        // Not SYNC: the files go 8 minutes later, after the run, so that no variant allocates its
        // inodes among the previous variant's freshly deleted ones (ext4's allocator skips those).
        chdb.execute("DROP DATABASE " + db);
      }
    }
    engine.close();
  }

  /**
   * Parts above {@code bytes} (uncompressed) are wide; migration 3 set 256 MiB, the default is 10.
   */
  static void wideAbove(ChdbTransport chdb, String db, long bytes) {
    chdb.execute(
        "ALTER TABLE " + db + ".otel_traces MODIFY SETTING min_bytes_for_wide_part = " + bytes);
  }

  /** Merges wait for about {@code base} parts of similar size (ClickHouse's default 5). */
  static void mergeBase(ChdbTransport chdb, String db, int base) {
    for (String t : List.of("otel_traces", "otel_traces_trace_id_ts")) {
      chdb.execute("ALTER TABLE " + db + "." + t + " MODIFY SETTING merge_selector_base = " + base);
    }
  }

  /** Gives the span columns migration 4 left on the default codec (LZ4) ZSTD(1) again. */
  static void zstd(ChdbTransport chdb, String db) {
    String rows =
        new String(
            chdb.query(
                "SELECT name, type FROM system.columns WHERE database = '"
                    + db
                    + "' AND table = 'otel_traces' AND compression_codec = ''",
                QueryParameters.none(),
                "TabSeparatedRaw"),
            StandardCharsets.UTF_8);
    List<String> modify = new ArrayList<>();
    for (String line : rows.split("\n")) {
      if (!line.isBlank()) {
        String[] f = line.split("\t");
        modify.add("MODIFY COLUMN `%s` %s CODEC(ZSTD(1))".formatted(f[0], f[1]));
      }
    }
    chdb.execute("ALTER TABLE " + db + ".otel_traces " + String.join(", ", modify));
  }

  private static List<CapturedInserts.Insert> capture(ChdbTransport chdb, int spans, int batch) {
    List<CapturedInserts.Insert> captured =
        CapturedInserts.spans(chdb, "capture", spans, batch).inserts();
    chdb.execute("DROP DATABASE capture SYNC");
    return captured;
  }

  /** Rows read by background merges so far, all tables (the trace-id table's rows are few). */
  private static long mergedRows(ChdbTransport chdb) {
    String v = scalar(chdb, "SELECT sum(value) FROM system.events WHERE event = 'MergedRows'");
    return v.isEmpty() ? 0 : Long.parseLong(v);
  }

  private static String scalar(ChdbTransport chdb, String sql) {
    return new String(
            chdb.query(sql, QueryParameters.none(), "TabSeparatedRaw"), StandardCharsets.UTF_8)
        .strip();
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
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
