package io.mirador.store.chdb;

import io.mirador.store.TelemetryStore;
import io.mirador.store.clickhouse.InsertFormat;
import io.mirador.store.testing.SharedEmbeddedEngine;
import io.mirador.store.testing.TelemetryStoreContractIT;

/** The storage contract on the embedded engine, writing RowBinary (the default). */
class EmbeddedTelemetryStoreIT extends TelemetryStoreContractIT {
  @Override
  protected TelemetryStore store() {
    return SharedEmbeddedEngine.store("contract_rowbinary", InsertFormat.ROW_BINARY);
  }
}
