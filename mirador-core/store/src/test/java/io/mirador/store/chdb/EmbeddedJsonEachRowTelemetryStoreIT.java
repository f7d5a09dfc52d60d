package io.mirador.store.chdb;

import io.mirador.store.TelemetryStore;
import io.mirador.store.clickhouse.ClickHouseTelemetryStore;
import io.mirador.store.clickhouse.InsertFormat;
import io.mirador.store.clickhouse.SchemaOptions;
import io.mirador.store.testing.SharedEmbeddedEngine;
import io.mirador.store.testing.TelemetryStoreContractIT;

/**
 * The storage contract with JSONEachRow inserts: both encodings must store the same rows, which
 * keeps the benchmark comparison between them honest.
 */
class EmbeddedJsonEachRowTelemetryStoreIT extends TelemetryStoreContractIT {
  private static ClickHouseTelemetryStore store;

  @Override
  protected synchronized TelemetryStore store() {
    if (store == null) {
      store =
          ClickHouseTelemetryStore.open(
              new ChdbTransport(SharedEmbeddedEngine.engine()),
              SchemaOptions.singleNode("contract_jsoneachrow"),
              InsertFormat.JSON_EACH_ROW);
    }
    return store;
  }
}
