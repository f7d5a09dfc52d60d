package io.mirador.core.config;

import static java.util.Objects.requireNonNull;

import io.mirador.crypto.X25519PublicKey;
import io.mirador.store.Retention;
import io.mirador.store.TenantId;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A tenant.
 *
 * @param redactionPolicy the tenant's pii-redaction policy file; absent means the built-in safe
 *     default
 * @param agents agents allowed to write for the tenant (more may be registered at run time)
 * @param apiKeys API keys for the plain OTLP receivers, stored as SHA-256 digests only
 */
public record TenantConfig(
    TenantId id,
    String region,
    Retention retention,
    Optional<Path> redactionPolicy,
    List<AgentConfig> agents,
    List<ApiKeyConfig> apiKeys) {

  public TenantConfig {
    requireNonNull(id, "id");
    requireNonNull(region, "region");
    requireNonNull(retention, "retention");
    requireNonNull(redactionPolicy, "redactionPolicy");
    agents = List.copyOf(requireNonNull(agents, "agents"));
    apiKeys = List.copyOf(requireNonNull(apiKeys, "apiKeys"));
  }

  /** An agent: its id and the X25519 public key it authenticates its batches with. */
  public record AgentConfig(String id, X25519PublicKey publicKey) {
    public AgentConfig {
      requireNonNull(id, "id");
      requireNonNull(publicKey, "publicKey");
    }
  }

  /** An API key: a name for audit and the SHA-256 of the key (hex). */
  public record ApiKeyConfig(String name, byte[] sha256) {
    public ApiKeyConfig {
      requireNonNull(name, "name");
      requireNonNull(sha256, "sha256");
      if (sha256.length != 32) {
        throw new IllegalArgumentException("api key sha256 must be 32 bytes");
      }
      sha256 = sha256.clone();
    }

    @Override
    public byte[] sha256() {
      return sha256.clone();
    }
  }
}
