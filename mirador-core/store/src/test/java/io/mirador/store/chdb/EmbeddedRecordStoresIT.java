package io.mirador.store.chdb;

import io.mirador.store.AuditStore;
import io.mirador.store.FindingStore;
import io.mirador.store.clickhouse.ClickHouseAuditStore;
import io.mirador.store.clickhouse.ClickHouseFindingStore;
import io.mirador.store.clickhouse.ClickHouseTelemetryStore;
import io.mirador.store.clickhouse.InsertFormat;
import io.mirador.store.testing.RecordStoresContractIT;
import io.mirador.store.testing.SharedEmbeddedEngine;

/** The findings and audit contract on the embedded engine. */
class EmbeddedRecordStoresIT extends RecordStoresContractIT {
  private static ClickHouseTelemetryStore store() {
    return SharedEmbeddedEngine.store("contract_rowbinary", InsertFormat.ROW_BINARY);
  }

  @Override
  protected FindingStore findings() {
    return ClickHouseFindingStore.on(store());
  }

  @Override
  protected AuditStore audit() {
    return ClickHouseAuditStore.on(store());
  }
}
