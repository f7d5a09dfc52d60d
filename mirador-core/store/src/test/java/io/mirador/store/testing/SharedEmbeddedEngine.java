package io.mirador.store.testing;

import io.mirador.store.chdb.ChdbTransport;
import io.mirador.store.chdb.EmbeddedClickHouse;
import io.mirador.store.clickhouse.ClickHouseTelemetryStore;
import io.mirador.store.clickhouse.InsertFormat;
import io.mirador.store.clickhouse.SchemaOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * The one embedded engine of a test JVM. chDB holds one storage path per process, so every
 * integration test in the JVM shares this engine; tests keep apart by using their own tenants or
 * tables. The engine closes at JVM exit.
 */
public final class SharedEmbeddedEngine {
  private static EmbeddedClickHouse engine;
  private static final Map<String, ClickHouseTelemetryStore> STORES = new HashMap<>();

  private SharedEmbeddedEngine() {}

  public static synchronized EmbeddedClickHouse engine() {
    if (engine == null) {
      try {
        engine = EmbeddedClickHouse.open(Files.createTempDirectory("mirador-it-"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return engine;
  }

  /** The store on the shared engine in {@code database}, opened once per JVM. */
  public static synchronized ClickHouseTelemetryStore store(String database, InsertFormat format) {
    return STORES.computeIfAbsent(
        database,
        db ->
            ClickHouseTelemetryStore.open(
                new ChdbTransport(engine()), SchemaOptions.singleNode(db), format));
  }
}
