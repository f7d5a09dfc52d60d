package io.mirador.benchmarks.store;

import io.mirador.store.chdb.ChdbTransport;
import io.mirador.store.chdb.EmbeddedClickHouse;
import io.mirador.store.clickhouse.InsertFormat;
import io.mirador.store.clickhouse.QueryParameters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What the span table's features cost the engine at insert: the same encoded batches inserted into
 * variants of {@code otel_traces}. Run when tuning the schema; results in benchmarks/README.
 */
public final class SchemaCostExperiment {
  private SchemaCostExperiment() {}

  public static void main(String[] args) throws Exception {
    int spans = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    EmbeddedClickHouse engine = EmbeddedClickHouse.open(Files.createTempDirectory("schema-cost"));
    ChdbTransport chdb = new ChdbTransport(engine);
    CapturedInserts.Capture capture = CapturedInserts.spans(chdb, "base", spans, batch);
    List<CapturedInserts.Insert> captured = capture.inserts();
    double encodeSeconds = capture.encodeSeconds();
    System.out.printf("generate+encode %d spans: %.2f s%n", spans, encodeSeconds);
    String ddl =
        new String(
                chdb.query(
                    "SHOW CREATE TABLE base.otel_traces",
                    QueryParameters.none(),
                    "TabSeparatedRaw"),
                StandardCharsets.UTF_8)
            .strip();
    String mapBlooms =
        "INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,"
            + "\n INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01)"
            + " GRANULARITY 1,"
            + "\n INDEX idx_span_attr_key mapKeys(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,"
            + "\n INDEX idx_span_attr_value mapValues(SpanAttributes) TYPE bloom_filter(0.01)"
            + " GRANULARITY 1,\n INDEX idx_duration";
    // Column codecs only: the TTL's RECOMPRESS CODEC(ZSTD(1)) (store migration 4) must stay.
    String columnZstd = "(?<!RECOMPRESS )CODEC\\(ZSTD\\(1\\)\\)";
    List<String> names =
        List.of("exporter's map blooms", "mirador schema", "mirador, LZ4", "no skip index, LZ4");
    List<UnaryOperator<String>> variants =
        List.of(
            d -> d.replace("INDEX idx_duration", mapBlooms),
            d -> d,
            d -> d.replaceAll(columnZstd, ""),
            d -> d.replaceAll("(?m)^\\s*INDEX .*$\\n", "").replaceAll(columnZstd, ""));
    // Each variant twice, interleaved, so that the spread shows how noisy the machine is.
    // Variants see no materialized view: this measures the table alone.
    for (int round = 0; round < 2; round++) {
      for (int v = 0; v < variants.size(); v++) {
        String db = "v" + v + "r" + round;
        chdb.execute("CREATE DATABASE " + db);
        String create = variants.get(v).apply(ddl).replace("base.otel_traces", db + ".otel_traces");
        create = create.replaceAll(",\\s*\\)\\s*ENGINE", "\n) ENGINE");
        chdb.execute(create);
        long start = System.nanoTime();
        for (CapturedInserts.Insert c : captured) {
          chdb.insert(db + ".otel_traces", c.columns(), InsertFormat.ROW_BINARY, c.rows());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "%-26s engine insert %.2f s = %,.0f spans/s%n", names.get(v), seconds, spans / seconds);
        // Finish this variant's merges before the next starts, so none runs in another's time.
        chdb.execute("OPTIMIZE TABLE " + db + ".otel_traces FINAL");
      }
    }
    engine.close();
  }
}
