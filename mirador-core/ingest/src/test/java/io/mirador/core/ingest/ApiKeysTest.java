package io.mirador.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.core.config.CoreConfigLoader;
import io.mirador.store.TenantId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
  @Test
  void aKeyMatchesOnlyItsTenant() throws Exception {
    String keyA = randomKey();
    String keyB = randomKey();
    ApiKeys keys =
        ApiKeys.of(
            CoreConfigLoader.parse(
                """
                region: eu
                regions: {eu: {storage: {type: embedded}}}
                tenants:
                  - {id: a, region: eu, apiKeys: [{name: ka, sha256: "%s"}]}
                  - {id: b, region: eu, apiKeys: [{name: kb, sha256: "%s"}]}
                """
                    .formatted(sha(keyA), sha(keyB)),
                "t.yaml",
                Path.of("/tmp")));
    assertThat(keys.match(keyA).orElseThrow()).isEqualTo(new ApiKeys.Match(TenantId.of("a"), "ka"));
    assertThat(keys.match(keyB).orElseThrow().tenant()).isEqualTo(TenantId.of("b"));
    assertThat(keys.match(keyA + "x")).isEmpty();
    assertThat(keys.match("")).isEmpty();
    assertThat(keys.match(null)).isEmpty();
    assertThat(keys.match("k".repeat(10_000))).isEmpty();
  }

  private static String randomKey() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String sha(String key) {
    return HexFormat.of().formatHex(ApiKeys.sha256(key.getBytes(StandardCharsets.UTF_8)));
  }
}
