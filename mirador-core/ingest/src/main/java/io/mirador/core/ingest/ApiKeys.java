package io.mirador.core.ingest;

import io.mirador.core.config.CoreConfig;
import io.mirador.core.config.TenantConfig;
import io.mirador.store.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plain OTLP receivers' API keys. The configuration holds SHA-256 digests only; a presented key
 * is hashed and compared with every digest in constant time (no early exit, {@link
 * MessageDigest#isEqual}), so neither the match nor its position leaks through timing.
 */
public final class ApiKeys {
  /** The longest key accepted (bounds the hashing work per request). */
  public static final int MAX_KEY_CHARS = 512;

  private final List<Entry> entries;

  /** The tenant and name of a matched key. */
  public record Match(TenantId tenant, String name) {}

  private record Entry(TenantId tenant, String name, byte[] sha256) {}

  private ApiKeys(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  public static ApiKeys of(CoreConfig config) {
    List<Entry> entries = new ArrayList<>();
    for (TenantConfig tenant : config.tenants()) {
      for (TenantConfig.ApiKeyConfig key : tenant.apiKeys()) {
        entries.add(new Entry(tenant.id(), key.name(), key.sha256()));
      }
    }
    return new ApiKeys(entries);
  }

  /** The key's tenant and name, or empty for a missing, oversized or unknown key. */
  public Optional<Match> match(String presented) {
    if (presented == null || presented.isEmpty() || presented.length() > MAX_KEY_CHARS) {
      return Optional.empty();
    }
    byte[] digest = sha256(presented.getBytes(StandardCharsets.UTF_8));
    Entry found = null;
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(entry.sha256(), digest) && found == null) {
        found = entry;
      }
    }
    return found == null ? Optional.empty() : Optional.of(new Match(found.tenant(), found.name()));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
