package io.mirador.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mirador.bundle.tree.FileDigests;
import io.mirador.store.clickhouse.StoreSchemaProbe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreSchemaTest {
  @TempDir Path dir;

  @Test
  void readsTheNewestMigrationOfTheStoreTheCoreShips() throws IOException {
    Path core =
        Path.of(System.getProperty("mirador.bundle.root", ".."))
            .resolve("mirador-core/service/target/quarkus-app");
    Path bundled = core.resolve("lib/main/io.mirador.mirador-store-0.1.0-SNAPSHOT.jar");
    assumeTrue(Files.isRegularFile(bundled), "the core app is not built: " + core);
    Path storeJar =
        Path.of(
            io.mirador.store.TelemetryStore.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .getPath());
    assumeTrue(Files.isRegularFile(storeJar), "store not a jar: " + storeJar);
    boolean same;
    try (InputStream a = Files.newInputStream(bundled);
        InputStream b = Files.newInputStream(storeJar)) {
      same = FileDigests.sha256(a).equals(FileDigests.sha256(b));
    }
    if (!same) {
      System.out.println(
          "StoreSchemaTest: the core app's store jar differs from the test class path's"
              + " (stale build); checking only that a version is read");
      assertThat(StoreSchema.of(core)).isPositive();
      return;
    }
    assertThat(StoreSchema.of(core)).isEqualTo(StoreSchemaProbe.newest());
  }

  /**
   * Independent of how fresh the core app's build is: an app directory holding exactly the store
   * jar of this test's class path (and slf4j, which the migrations log with). StoreSchema's
   * reflective answer must be the newest migration that the store's own code lists: a wrong value
   * (the oldest migration, a count, a renamed method) fails here.
   */
  @Test
  void readsExactlyTheNewestMigrationOfAGivenStoreJar() throws Exception {
    Path lib = Files.createDirectories(dir.resolve("core/lib/main"));
    for (Class<?> c :
        new Class<?>[] {
          io.mirador.store.TelemetryStore.class, Class.forName("org.slf4j.LoggerFactory")
        }) {
      Path jar = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
      assumeTrue(Files.isRegularFile(jar), c + " is not in a jar here: " + jar);
      Files.copy(jar, lib.resolve(jar.getFileName()));
    }
    int newest = StoreSchemaProbe.newest();
    assertThat(newest).isGreaterThan(1);
    assertThat(StoreSchema.of(dir.resolve("core"))).isEqualTo(newest);
  }

  @Test
  void anAppWithoutTheStoreIsAClearError() {
    assertThatThrownBy(() -> StoreSchema.of(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("--schema=N");
  }
}
