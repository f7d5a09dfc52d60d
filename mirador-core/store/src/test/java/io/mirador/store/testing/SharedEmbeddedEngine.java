package io.mirador.store.testing;

import io.mirador.store.chdb.EmbeddedClickHouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * The one embedded engine of a test JVM. chDB holds one storage path per process, so every
 * integration test in the JVM shares this engine; tests keep apart by using their own tenants or
 * tables. The engine closes at JVM exit.
 */
public final class SharedEmbeddedEngine {
  private static EmbeddedClickHouse engine;

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
}
