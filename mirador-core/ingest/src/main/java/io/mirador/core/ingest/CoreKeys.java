package io.mirador.core.ingest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirador.core.config.KeysConfig;
import io.mirador.crypto.KeyEntry;
import io.mirador.crypto.KeyKind;
import io.mirador.crypto.KeyState;
import io.mirador.crypto.Keyring;
import io.mirador.crypto.KeyringFile;
import io.mirador.crypto.KeyringProtection;
import io.mirador.crypto.PseudonymizationKey;
import io.mirador.crypto.RecipientKeys;
import io.mirador.crypto.X25519KeyPair;
import io.mirador.store.TenantId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The core's keyring: X25519 recipient keys that agents seal batches to, and one pseudonymisation
 * key per local tenant. Loaded (or created at first start) from {@link KeysConfig#keyring()},
 * protected by the passphrase variable when configured, else by the key file. The public keys are
 * published to {@link KeysConfig#publishTo()} as JSON (no secrets) at every change.
 *
 * <p>Rotation is publish-then-promote: the new key is written to the keyring and published while
 * PENDING (it already opens batches), then promoted; the former ACTIVE key becomes RETIRING and
 * still opens batches until it is retired. Changes are serialised; readers see an immutable
 * snapshot.
 */
public final class CoreKeys {
  /** The published document's format name. */
  public static final String PUBLIC_FORMAT = "mirador-core-public-keys/v1";

  private static final String CORE_SCOPE = "core";
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final KeysConfig config;
  private final String region;
  private final KeyringProtection protection;
  private final Clock clock;
  private final SecureRandom random;
  private volatile Snapshot snapshot;

  /** An immutable view: the keyring and its lookup tables, replaced as a whole on change. */
  private record Snapshot(
      Keyring keyring,
      Map<String, X25519KeyPair> recipients,
      Map<String, PseudonymizationKey> pseudonymization) {}

  private CoreKeys(
      KeysConfig config,
      String region,
      KeyringProtection protection,
      Clock clock,
      SecureRandom random) {
    this.config = config;
    this.region = region;
    this.protection = protection;
    this.clock = clock;
    this.random = random;
  }

  /** Thrown when the keyring cannot be opened or created; the message names the file. */
  public static final class KeyringUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    KeyringUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Opens the keyring, creating it (and the key file) at first start, adds a pseudonymisation key
   * for every local tenant that has none, and publishes the public keys.
   *
   * @param env environment lookup ({@code System::getenv}); used for the passphrase variable
   */
  public static CoreKeys open(
      KeysConfig config,
      String region,
      Collection<TenantId> localTenants,
      Function<String, String> env,
      Clock clock,
      SecureRandom random)
      throws KeyringUnavailableException {
    requireNonNull(config, "config");
    requireNonNull(region, "region");
    requireNonNull(localTenants, "localTenants");
    requireNonNull(env, "env");
    requireNonNull(clock, "clock");
    requireNonNull(random, "random");
    try {
      KeyringProtection protection;
      boolean exists = Files.exists(config.keyring());
      if (config.passphraseEnv().isPresent()) {
        String name = config.passphraseEnv().get();
        String value = env.apply(name);
        if (value == null || value.isEmpty()) {
          throw new KeyringUnavailableException(
              "keys.passphraseEnv names " + name + ", which is not set or empty", null);
        }
        protection = KeyringProtection.passphrase(value.toCharArray());
      } else {
        if (!Files.exists(config.keyFile())) {
          if (exists) {
            throw new KeyringUnavailableException(
                config.keyring()
                    + " exists but its key file "
                    + config.keyFile()
                    + " is missing: restore the key file (the keyring cannot be opened without it)",
                null);
          }
          Files.createDirectories(config.keyFile().toAbsolutePath().getParent());
          KeyringProtection.createKeyFile(config.keyFile(), random);
        }
        protection = KeyringProtection.keyFile(config.keyFile());
      }
      CoreKeys keys = new CoreKeys(config, region, protection, clock, random);
      Keyring keyring = exists ? KeyringFile.read(config.keyring(), protection) : Keyring.empty();
      Keyring updated = keyring;
      if (updated.primary(KeyKind.X25519, CORE_SCOPE).isEmpty()) {
        String id = keys.newKeyId("core-x25519");
        updated =
            updated.generate(id, KeyKind.X25519, CORE_SCOPE, clock.instant(), random).promote(id);
      }
      for (TenantId tenant : localTenants) {
        if (updated.primary(KeyKind.HMAC_SHA256, tenant.value()).isEmpty()) {
          String id = keys.newKeyId("pseudonym-" + tenant.value());
          updated =
              updated
                  .generate(id, KeyKind.HMAC_SHA256, tenant.value(), clock.instant(), random)
                  .promote(id);
        }
      }
      if (updated != keyring || !exists) {
        Files.createDirectories(config.keyring().toAbsolutePath().getParent());
        KeyringFile.write(config.keyring(), updated, protection, random);
      }
      keys.install(updated);
      return keys;
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyringUnavailableException(
          "core keyring " + config.keyring() + ": " + e.getMessage(), e);
    }
  }

  private String newKeyId(String prefix) {
    byte[] suffix = new byte[2];
    random.nextBytes(suffix);
    return prefix + "-" + ID_TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(suffix);
  }

  private void install(Keyring keyring) throws IOException {
    Map<String, X25519KeyPair> recipients = new ConcurrentHashMap<>();
    Map<String, PseudonymizationKey> pseudonymization = new ConcurrentHashMap<>();
    for (KeyEntry e : keyring.entries()) {
      if (e.kind() == KeyKind.X25519 && e.state().usableForExistingData()) {
        recipients.put(e.keyId(), e.x25519());
      }
      if (e.kind() == KeyKind.HMAC_SHA256 && e.state() == KeyState.ACTIVE) {
        pseudonymization.put(e.scope(), e.pseudonymizationKey());
      }
    }
    byte[] json = publicDocument(keyring).getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(config.publishTo(), json, AtomicFiles.WORLD_READABLE);
    snapshot = new Snapshot(keyring, Map.copyOf(recipients), Map.copyOf(pseudonymization));
  }

  /** The keys batches may be opened with (PENDING, ACTIVE, RETIRING), following rotations. */
  public RecipientKeys recipientKeys() {
    return id -> snapshot.recipients().get(id);
  }

  /** The id of the ACTIVE recipient key: what agents seal new batches to. */
  public String activeKeyId() {
    return snapshot.keyring().primary(KeyKind.X25519, CORE_SCOPE).orElseThrow().keyId();
  }

  /** The tenant's pseudonymisation key, if it is a local tenant. */
  public Optional<PseudonymizationKey> pseudonymizationKey(TenantId tenant) {
    return Optional.ofNullable(snapshot.pseudonymization().get(tenant.value()));
  }

  /**
   * The life of one key, without any key material: its id, what it is for ({@code recipient}: the
   * core's X25519 key agents seal to; {@code pseudonymization}: a tenant's HMAC key), its scope
   * ({@code core} or the tenant id), its state, when it was created and when its successor of the
   * same purpose and scope was (the moment it stopped being the one in use), if it has one.
   */
  public record KeyInfo(
      String keyId,
      String purpose,
      String scope,
      KeyState state,
      Instant createdAt,
      Optional<Instant> replacedAt) {}

  /** Every recipient and pseudonymization key of the keyring, oldest first; no key material. */
  public List<KeyInfo> keyStates() {
    List<KeyEntry> entries =
        snapshot.keyring().entries().stream()
            .filter(e -> e.kind() == KeyKind.X25519 || e.kind() == KeyKind.HMAC_SHA256)
            .sorted(java.util.Comparator.comparing(KeyEntry::createdAt))
            .toList();
    List<KeyInfo> out = new java.util.ArrayList<>();
    for (KeyEntry e : entries) {
      Optional<Instant> replaced =
          entries.stream()
              .filter(
                  n ->
                      n.kind() == e.kind()
                          && n.scope().equals(e.scope())
                          && n.createdAt().isAfter(e.createdAt())
                          && n.state() != KeyState.PENDING)
              .map(KeyEntry::createdAt)
              .findFirst();
      out.add(
          new KeyInfo(
              e.keyId(),
              e.kind() == KeyKind.X25519 ? "recipient" : "pseudonymization",
              e.scope(),
              e.state(),
              e.createdAt(),
              e.state() == KeyState.ACTIVE || e.state() == KeyState.PENDING
                  ? Optional.empty()
                  : replaced));
    }
    return out;
  }

  /** The published document (JSON): region, active key id, public recipient keys. */
  public String publicKeysJson() {
    return publicDocument(snapshot.keyring());
  }

  /** Rotates the recipient key (publish, then promote); returns the new key's id. */
  public synchronized String rotate() throws IOException {
    String id = newKeyId("core-x25519");
    Keyring pending =
        snapshot.keyring().generate(id, KeyKind.X25519, CORE_SCOPE, clock.instant(), random);
    persist(pending);
    persist(pending.promote(id));
    return id;
  }

  /** The outcome of {@link #retire}. */
  public enum RetireOutcome {
    RETIRED,
    NOT_FOUND,
    ACTIVE_KEY
  }

  /** Erases a non-active recipient key's secret: batches sealed to it no longer open. */
  public synchronized RetireOutcome retire(String keyId) throws IOException {
    Optional<KeyEntry> entry = snapshot.keyring().find(keyId);
    if (entry.isEmpty() || entry.get().kind() != KeyKind.X25519) {
      return RetireOutcome.NOT_FOUND;
    }
    if (entry.get().state() == KeyState.ACTIVE) {
      return RetireOutcome.ACTIVE_KEY;
    }
    persist(snapshot.keyring().retire(keyId));
    return RetireOutcome.RETIRED;
  }

  private void persist(Keyring keyring) throws IOException {
    KeyringFile.write(config.keyring(), keyring, protection, random);
    install(keyring);
  }

  private String publicDocument(Keyring keyring) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("format", PUBLIC_FORMAT);
    root.put("region", region);
    root.put(
        "active", keyring.primary(KeyKind.X25519, CORE_SCOPE).map(KeyEntry::keyId).orElse(null));
    ArrayNode list = root.putArray("keys");
    for (Keyring.PublishedKey key : keyring.publicKeys()) {
      if (key.kind() != KeyKind.X25519 || !key.state().usableForExistingData()) {
        continue;
      }
      ObjectNode node = list.addObject();
      node.put("keyId", key.keyId());
      node.put("kind", key.kind().name());
      node.put("state", key.state().name());
      node.put("createdAt", Instant.from(key.createdAt()).toString());
      node.put("publicKey", Base64.getEncoder().encodeToString(key.key()));
    }
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the public keys", e);
    }
  }

  @Override
  public String toString() {
    return "CoreKeys[" + config.keyring() + "]";
  }
}
