package io.mirador.rca.service;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** Starts a {@link FakeCore} for a Quarkus test and points the RCA service at it. */
public final class FakeCoreResource implements QuarkusTestResourceLifecycleManager {
  static volatile FakeCore core;
  static volatile Path tokenFile;

  @Override
  public Map<String, String> start() {
    try {
      core = new FakeCore();
      core.tokens.put("loop-token", Set.of("acme", "globex"));
      core.tokens.put("user-token", Set.of("acme"));
      core.tokens.put("other-token", Set.of("globex"));
      tokenFile = Files.createTempFile("rca-loop", ".token");
      Files.writeString(tokenFile, "loop-token\n");
      return Map.of(
          "mirador.rca.core-url",
          core.url().toString(),
          "mirador.rca.credentials.token-file",
          tokenFile.toString(),
          "mirador.rca.detection.tenants",
          "acme",
          "mirador.rca.detection.enabled",
          "false");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    if (core != null) {
      core.close();
    }
    try {
      if (tokenFile != null) {
        Files.deleteIfExists(tokenFile);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
