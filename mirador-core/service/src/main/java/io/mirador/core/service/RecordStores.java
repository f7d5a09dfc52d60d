package io.mirador.core.service;

import io.mirador.store.AuditStore;
import io.mirador.store.FindingStore;
import io.mirador.store.TelemetryStore;
import io.mirador.store.clickhouse.ClickHouseAuditStore;
import io.mirador.store.clickhouse.ClickHouseFindingStore;
import io.mirador.store.clickhouse.ClickHouseTelemetryStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Produces the findings and audit stores, kept beside the telemetry on the same transport. */
@Singleton
final class RecordStores {

  @Produces
  @Singleton
  FindingStore findings(TelemetryStore store) {
    return ClickHouseFindingStore.on(clickHouse(store));
  }

  @Produces
  @Singleton
  AuditStore audit(TelemetryStore store) {
    return ClickHouseAuditStore.on(clickHouse(store));
  }

  private static ClickHouseTelemetryStore clickHouse(TelemetryStore store) {
    if (store instanceof ClickHouseTelemetryStore clickHouse) {
      return clickHouse;
    }
    throw new IllegalStateException(
        "findings and audit need the ClickHouse store, got " + store.getClass().getName());
  }
}
