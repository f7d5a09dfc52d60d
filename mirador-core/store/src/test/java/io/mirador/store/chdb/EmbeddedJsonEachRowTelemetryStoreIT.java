package io.mirador.store.chdb;

import io.mirador.store.TelemetryStore;
import io.mirador.store.clickhouse.InsertFormat;
import io.mirador.store.testing.SharedEmbeddedEngine;
import io.mirador.store.testing.TelemetryStoreContractIT;

/**
 * The storage contract with JSONEachRow inserts: both encodings must store the same rows, which
 * keeps the benchmark comparison between them honest.
 */
class EmbeddedJsonEachRowTelemetryStoreIT extends TelemetryStoreContractIT {
  @Override
  protected TelemetryStore store() {
    return SharedEmbeddedEngine.store("contract_jsoneachrow", InsertFormat.JSON_EACH_ROW);
  }
}
