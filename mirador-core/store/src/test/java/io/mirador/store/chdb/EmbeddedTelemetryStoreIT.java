package io.mirador.store.chdb;

import io.mirador.store.TelemetryStore;
import io.mirador.store.clickhouse.ClickHouseTelemetryStore;
import io.mirador.store.clickhouse.InsertFormat;
import io.mirador.store.clickhouse.SchemaOptions;
import io.mirador.store.testing.SharedEmbeddedEngine;
import io.mirador.store.testing.TelemetryStoreContractIT;

/** The storage contract on the embedded engine, writing RowBinary (the default). */
class EmbeddedTelemetryStoreIT extends TelemetryStoreContractIT {
  private static ClickHouseTelemetryStore store;

  @Override
  protected synchronized TelemetryStore store() {
    if (store == null) {
      store =
          ClickHouseTelemetryStore.open(
              new ChdbTransport(SharedEmbeddedEngine.engine()),
              SchemaOptions.singleNode("contract_rowbinary"),
              InsertFormat.ROW_BINARY);
    }
    return store;
  }
}
