package io.mirador.ui;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.util.Map;

/** The real core (local admin token mode) behind the ui-api of CoreBffIT. */
public final class RealCore implements QuarkusTestResourceLifecycleManager {
  private CoreProcess core;

  @Override
  public Map<String, String> start() {
    try {
      core = CoreProcess.start(Map.of());
      return Map.of(
          "mirador.ui.core-url", core.url(),
          "mirador.ui.rca-url", "http://127.0.0.1:9", // no RCA service in this test
          "mirador.ui.local-token-file", core.tokenFile().toString(),
          "mirador.ui.data-dir",
              Files.createTempDirectory("mirador-ui-core-it").resolve("ui").toString());
    } catch (Exception e) {
      throw new IllegalStateException("could not start the core: " + e.getMessage(), e);
    }
  }

  @Override
  public void stop() {
    if (core != null) {
      core.close();
    }
  }
}
