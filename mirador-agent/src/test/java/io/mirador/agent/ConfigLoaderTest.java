package io.mirador.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path write(String yaml) throws Exception {
    Path f = dir.resolve("agent.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void readsTheFileWithDefaultsAndEnvironmentOverrides() throws Exception {
    Path f =
        write(
            """
            agent: {id: a1, tenant: acme, dataDir: /tmp/x}
            core:
              endpoints: ["core-1:4320", "core-2:4320"]
              publicKeyFile: /etc/mirador/core-public.json
            queue: {maxBytes: 2GiB, durability: memory}
            """);
    AgentConfig c =
        ConfigLoader.load(f, Map.of("MIRADOR_AGENT_BATCH_MAXDELAYMILLIS", "7", "OTHER", "x"));
    assertThat(c.agentId()).isEqualTo("a1");
    assertThat(c.coreEndpoints()).containsExactly("core-1:4320", "core-2:4320");
    assertThat(c.queueMaxBytes()).isEqualTo(2L << 30);
    assertThat(c.durability()).isEqualTo(AgentConfig.Durability.MEMORY);
    assertThat(c.batchMaxDelay().toMillis()).isEqualTo(7);
    assertThat(c.grpcPort()).isEqualTo(4317);
    assertThat(c.httpPort()).isEqualTo(4318);
    assertThat(c.queueDir()).isEqualTo(Path.of("/tmp/x/queue"));
    assertThat(c.keyringFile()).isEqualTo(Path.of("/tmp/x/agent.keyring"));
  }

  @Test
  void reportsEveryProblemNamingTheSetting() throws Exception {
    Path f =
        write(
            """
            agent: {tenant: acme}
            receivers: {grpc: {port: 99999}}
            queue: {maxByts: 5, durability: tape}
            core: {endpoints: [nohostport]}
            """);
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
        .isInstanceOf(ConfigLoader.InvalidConfigException.class)
        .hasMessageContaining("agent.id: required")
        .hasMessageContaining("receivers.grpc.port: must be 0..65535")
        .hasMessageContaining("queue.maxByts: unknown setting")
        .hasMessageContaining("queue.durability: must be disk or memory")
        .hasMessageContaining("'nohostport' is not host:port")
        .hasMessageContaining("core.publicKeyFile (or core.keyId with core.publicKey) is required");
  }

  @Test
  void aKeyGivenTwiceIsAnError() throws Exception {
    Path f =
        write(
            """
            agent: {id: a1, tenant: acme}
            core: {endpoints: ["c:1"], keyId: k, publicKey: x}
            agent: {id: a2, tenant: acme}
            """);
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
        .hasMessageContaining("not valid YAML")
        .hasMessageContaining("Duplicate");
  }

  @Test
  void badYamlIsAClearError() throws Exception {
    Path f = write("agent: [unclosed");
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of())).hasMessageContaining("not valid YAML");
  }
}
