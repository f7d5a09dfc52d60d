package io.mirador.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.core.config.CoreConfig;
import io.mirador.core.config.CoreConfigLoader;
import io.mirador.crypto.X25519KeyPair;
import io.mirador.crypto.X25519PublicKey;
import io.mirador.store.TenantId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentRegistryTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  private final X25519PublicKey configured = X25519KeyPair.generate(RANDOM).publicKey();
  private final X25519PublicKey fresh = X25519KeyPair.generate(RANDOM).publicKey();

  private CoreConfig config() throws Exception {
    return CoreConfigLoader.parse(
        """
        region: eu
        regions: {eu: {storage: {type: embedded}}}
        tenants:
          - id: a
            region: eu
            agents: [{id: host-1, publicKey: "%s"}]
          - id: b
            region: eu
        """
            .formatted(Base64.getEncoder().encodeToString(configured.bytes())),
        "t.yaml",
        dir);
  }

  @Test
  void registersPersistsAndReloads() throws Exception {
    Path file = dir.resolve("agents.json");
    AgentRegistry registry = AgentRegistry.open(config(), file);
    assertThat(registry.find("host-1").orElseThrow().source())
        .isEqualTo(AgentRegistry.Source.CONFIG);

    assertThat(registry.register(TenantId.of("b"), "host-2", fresh))
        .isInstanceOf(AgentRegistry.Registration.Created.class);
    assertThat(registry.register(TenantId.of("b"), "host-2", fresh))
        .isInstanceOf(AgentRegistry.Registration.Unchanged.class);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");

    AgentRegistry reloaded = AgentRegistry.open(config(), file);
    AgentRegistry.Agent agent = reloaded.find("host-2").orElseThrow();
    assertThat(agent.tenant()).isEqualTo(TenantId.of("b"));
    assertThat(agent.publicKey()).isEqualTo(fresh);
    assertThat(reloaded.list(Optional.of(TenantId.of("a"))))
        .extracting(AgentRegistry.Agent::id)
        .containsExactly("host-1");
  }

  @Test
  void anAgentIdBelongsToOneTenantAndOneKey() throws Exception {
    AgentRegistry registry = AgentRegistry.open(config(), dir.resolve("agents.json"));
    assertThat(registry.register(TenantId.of("b"), "host-1", configured))
        .isInstanceOfSatisfying(
            AgentRegistry.Registration.Refused.class, r -> assertThat(r.conflict()).isTrue());
    assertThat(registry.register(TenantId.of("a"), "host-1", fresh))
        .isInstanceOf(AgentRegistry.Registration.Refused.class);
    assertThat(registry.register(TenantId.of("a"), "../etc/passwd", fresh))
        .isInstanceOfSatisfying(
            AgentRegistry.Registration.Refused.class, r -> assertThat(r.conflict()).isFalse());
    assertThat(registry.find("host-1").orElseThrow().tenant()).isEqualTo(TenantId.of("a"));
  }
}
