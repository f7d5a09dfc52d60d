package io.mirador.benchmarks.store;

import io.mirador.store.Retention;
import io.mirador.store.TenantId;
import io.mirador.store.chdb.ChdbTransport;
import io.mirador.store.chdb.EmbeddedClickHouse;
import io.mirador.store.clickhouse.ClickHouseTelemetryStore;
import io.mirador.store.clickhouse.ClickHouseTransport;
import io.mirador.store.clickhouse.InsertFormat;
import io.mirador.store.clickhouse.QueryParameters;
import io.mirador.store.clickhouse.SchemaOptions;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The writer's own cost: encoding realistic spans (15 attributes, 2 events) into each insert
 * format, with the engine left out (inserts are discarded). Score: spans per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgs = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SpanEncodingBenchmark {
  private static final int SPANS = 1000;

  @Param({"ROW_BINARY", "JSON_EACH_ROW"})
  public String format;

  private EmbeddedClickHouse engine;
  private ClickHouseTelemetryStore store;
  private List<ResourceSpans> batch;
  private final TenantId tenant = TenantId.of("bench");
  long bytes;

  @Setup
  public void setUp() throws Exception {
    engine = EmbeddedClickHouse.open(Files.createTempDirectory("encode-bench"));
    ChdbTransport chdb = new ChdbTransport(engine);
    // Schema queries reach the engine; inserts are counted and dropped.
    ClickHouseTransport discarding =
        new ClickHouseTransport() {
          @Override
          public byte[] query(String sql, QueryParameters parameters, String f) {
            return chdb.query(sql, parameters, f);
          }

          @Override
          public InsertStream openInsert(String table, List<String> columns, InsertFormat f) {
            return new InsertStream() {
              @Override
              public void append(byte[] rows, int offset, int length) {
                bytes += length;
              }

              @Override
              public void finish() {}

              @Override
              public void close() {}
            };
          }

          @Override
          public String describe() {
            return "discarding";
          }

          @Override
          public void close() {}
        };
    store =
        ClickHouseTelemetryStore.open(
            discarding, SchemaOptions.singleNode("encode"), InsertFormat.valueOf(format));
    batch =
        new RealisticSpans(1, System.currentTimeMillis() * 1_000_000L)
            .batch(SPANS / 10, new ArrayList<>());
  }

  @TearDown
  public void tearDown() {
    engine.close();
  }

  @Benchmark
  @OperationsPerInvocation(SPANS)
  public int encode() {
    return store.writeSpans(tenant, Retention.DEFAULT, batch);
  }
}
