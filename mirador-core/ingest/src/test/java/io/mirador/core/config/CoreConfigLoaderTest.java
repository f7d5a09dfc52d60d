package io.mirador.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CoreConfigLoaderTest {
  private static final Path BASE = Path.of("/etc/mirador");
  private static final String KEY =
      Base64.getEncoder()
          .encodeToString(
              io.mirador.crypto.X25519KeyPair.generate(new SecureRandom()).publicKey().bytes());

  private static final String VALID =
      """
      region: eu
      dataDir: /var/lib/mirador
      regions:
        eu: {storage: {type: embedded}}
        us:
          storage: {type: clickhouse, url: "http://ch-us:8123", cluster: main, passwordEnv: CH_PW}
      tenants:
        - id: acme
          region: eu
          retention: {traces: 7, logs: 14}
          redactionPolicy: policies/acme.yaml
          agents: [{id: host-1, publicKey: "%s"}]
          apiKeys: [{name: ci, sha256: "%s"}]
        - id: globex
          region: us
      """
          .formatted(KEY, "ab".repeat(32));

  @Test
  void readsEverySectionAndResolvesPaths() throws Exception {
    CoreConfig config = CoreConfigLoader.parse(VALID, "test.yaml", BASE);

    assertThat(config.region()).isEqualTo("eu");
    assertThat(config.storage())
        .isEqualTo(new StorageTarget.Embedded(Path.of("/var/lib/mirador/clickhouse")));
    assertThat(config.regions().get("us")).isInstanceOf(StorageTarget.Server.class);
    assertThat(config.keys().keyring()).isEqualTo(Path.of("/var/lib/mirador/keys/core.keyring"));
    assertThat(config.limits()).isEqualTo(Limits.DEFAULT);
    TenantConfig acme = config.tenant("acme").orElseThrow();
    assertThat(acme.retention().traceDays()).isEqualTo(7);
    assertThat(acme.retention().metricDays()).isEqualTo(90);
    assertThat(acme.redactionPolicy()).contains(Path.of("/etc/mirador/policies/acme.yaml"));
    assertThat(acme.agents())
        .singleElement()
        .satisfies(a -> assertThat(a.id()).isEqualTo("host-1"));
    assertThat(acme.apiKeys()).singleElement().satisfies(k -> assertThat(k.name()).isEqualTo("ci"));
    assertThat(config.localTenants()).extracting(t -> t.id().value()).containsExactly("acme");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "region: eu|regions.eu: unknown-key|tenants[0].regoin unknown field",
        "region: eu|region: mars|region 'mars' is not one of regions",
        "id: acme|id: Not Valid|tenants[0].id tenant id must be",
        "traces: 7|traces: 0|tenants[0].retention.traces must be a whole number",
        "type: embedded|type: postgres|regions.eu.storage.type must be 'embedded' or 'clickhouse'",
        "\"http://ch-us:8123\"|\"ftp://x\"|regions.us.storage.url must be an http or https URL",
        "passwordEnv: CH_PW|passwordEnv: secret123|passwordEnv must be an environment variable",
        "region: us|region: nowhere|tenants[1].region 'nowhere' is not one of regions",
      })
  void namesTheFieldInEveryError(String from, String to, String expected) {
    String yaml =
        from.equals("region: eu") && to.startsWith("regions.eu")
            ? VALID.replace("  region: eu\n", "  regoin: eu\n")
            : VALID.replaceFirst(java.util.regex.Pattern.quote(from), to);
    assertThatThrownBy(() -> CoreConfigLoader.parse(yaml, "test.yaml", BASE))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("test.yaml: ")
        .hasMessageContaining(expected);
  }

  @Test
  void refusesBadKeysWithoutEchoingThem() {
    String yaml = VALID.replace(KEY, "bm90LWEta2V5");
    assertThatThrownBy(() -> CoreConfigLoader.parse(yaml, "t.yaml", BASE))
        .hasMessageContaining("tenants[0].agents[0].publicKey must be the base64 of a 32-byte")
        .hasMessageNotContaining("bm90LWEta2V5");
  }

  @Test
  void refusesDuplicateTenantsAndAgents() {
    String dupTenant = VALID.replace("id: globex", "id: acme");
    assertThatThrownBy(() -> CoreConfigLoader.parse(dupTenant, "t.yaml", BASE))
        .hasMessageContaining("tenants[1].id duplicate tenant 'acme'");
    String dupAgent =
        VALID.replace(
            "  region: us\n",
            "  region: us\n    agents: [{id: host-1, publicKey: \"" + KEY + "\"}]\n");
    assertThatThrownBy(() -> CoreConfigLoader.parse(dupAgent, "t.yaml", BASE))
        .hasMessageContaining("agent id 'host-1' is used twice");
  }

  @Test
  void refusesNonYamlAndNonMappings() {
    assertThatThrownBy(() -> CoreConfigLoader.parse("a: [unclosed", "t.yaml", BASE))
        .hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> CoreConfigLoader.parse("- 1\n- 2\n", "t.yaml", BASE))
        .hasMessageContaining("must be a YAML mapping");
    assertThatThrownBy(() -> CoreConfigLoader.parse("region: eu\n", "t.yaml", BASE))
        .hasMessageContaining("regions is required");
  }
}
