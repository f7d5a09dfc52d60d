package io.mirador.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.store.EncodedRows;
import io.mirador.store.Retention;
import io.mirador.store.StoreException;
import io.mirador.store.TenantId;
import io.mirador.store.chdb.ChdbTransport;
import io.mirador.store.testing.Otlp;
import io.mirador.store.testing.SharedEmbeddedEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Engine failures surface as StoreExceptions, are counted, and leave the store usable. */
class StoreFailuresIT {
  private final ChdbTransport engine = new ChdbTransport(SharedEmbeddedEngine.engine());
  private boolean failing;

  /** The real engine, with failures switched on and off. */
  private final ClickHouseTransport flaky =
      new ClickHouseTransport() {
        @Override
        public byte[] query(String sql, QueryParameters parameters, String format) {
          if (failing) {
            throw new StoreException("Code: 241. DB::Exception: Memory limit exceeded (simulated)");
          }
          return engine.query(sql, parameters, format);
        }

        @Override
        public InsertStream openInsert(String table, List<String> columns, InsertFormat format) {
          if (failing) {
            throw new StoreException("Code: 243. DB::Exception: Not enough space (simulated)");
          }
          return engine.openInsert(table, columns, format);
        }

        @Override
        public String describe() {
          return "flaky";
        }

        @Override
        public void close() {}
      };

  @Test
  void failuresAreCountedAndTheStoreRecovers() {
    ClickHouseTelemetryStore store =
        ClickHouseTelemetryStore.open(
            flaky, SchemaOptions.singleNode("failures_probe"), InsertFormat.ROW_BINARY);
    TenantId tenant = TenantId.of("failures");
    String traceId = "0af7651916cd43dd8448eb211c80319c";
    List<io.opentelemetry.proto.trace.v1.ResourceSpans> batch =
        List.of(
            Otlp.resourceSpans(
                "svc",
                Otlp.span(
                        traceId,
                        "00f067aa0ba902b7",
                        null,
                        "op",
                        System.currentTimeMillis() * 1_000_000L,
                        5)
                    .build()));

    failing = true;
    assertThatThrownBy(() -> store.writeSpans(tenant, Retention.DEFAULT, batch))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("Not enough space");
    assertThatThrownBy(() -> store.trace(tenant, traceId)).isInstanceOf(StoreException.class);
    // Encoding needs no engine; the write of the encoded rows fails and is counted the same way.
    EncodedRows encoded = store.encodeSpans(tenant, Retention.DEFAULT, batch);
    assertThatThrownBy(() -> store.writeEncoded(List.of(encoded)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("Not enough space");
    assertThat(store.stats().failedWrites()).isEqualTo(2);
    assertThat(store.stats().failedReads()).isEqualTo(1);
    assertThat(store.stats().spansWritten()).isZero();

    failing = false;
    // The same encoded rows are written once the engine is back: a retry needs no re-encoding.
    assertThat(store.writeEncoded(List.of(encoded))).isEqualTo(1);
    assertThat(store.stats().spansWritten()).isEqualTo(1);
    store.eraseTenant(tenant);
    assertThat(store.writeSpans(tenant, Retention.DEFAULT, batch)).isEqualTo(1);
    assertThat(store.trace(tenant, traceId)).hasSize(1);
    assertThat(store.stats().spansWritten()).isEqualTo(2);
  }
}
