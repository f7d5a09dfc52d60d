package io.mirador.crypto;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable set of keys with publish-then-promote rotation. Every change returns a new keyring:
 * hold the current one in an {@code AtomicReference} and write it with {@link KeyringFile}.
 *
 * <p>Rotation of a kind and scope: {@link #generate} adds a PENDING key whose public part is
 * published to peers ({@link #publicKeys()}); once every peer knows it, {@link #promote} makes it
 * ACTIVE and the former ACTIVE key RETIRING, which still opens old data; {@link #retire} erases a
 * RETIRING key's secret when nothing sealed under it remains.
 */
public final class Keyring {
  private final Map<String, KeyEntry> entries;

  private Keyring(Map<String, KeyEntry> entries) {
    this.entries = Collections.unmodifiableMap(entries);
  }

  public static Keyring empty() {
    return new Keyring(new LinkedHashMap<>());
  }

  static Keyring of(List<KeyEntry> list) {
    Map<String, KeyEntry> map = new LinkedHashMap<>();
    for (KeyEntry e : list) {
      if (map.put(e.keyId(), e) != null) {
        throw new IllegalArgumentException("duplicate key id " + e.keyId());
      }
    }
    checkOneActive(map);
    return new Keyring(map);
  }

  private static void checkOneActive(Map<String, KeyEntry> map) {
    Map<String, String> active = new LinkedHashMap<>();
    for (KeyEntry e : map.values()) {
      if (e.state() == KeyState.ACTIVE) {
        String slot = e.kind() + "/" + e.scope();
        if (active.put(slot, e.keyId()) != null) {
          throw new IllegalArgumentException("two ACTIVE keys for " + slot);
        }
      }
    }
  }

  /** All entries, in insertion order. */
  public List<KeyEntry> entries() {
    return List.copyOf(entries.values());
  }

  public Optional<KeyEntry> find(String keyId) {
    return Optional.ofNullable(entries.get(requireNonNull(keyId, "keyId")));
  }

  /** The ACTIVE key of a kind and scope: what new data is sealed, encrypted or signed with. */
  public Optional<KeyEntry> primary(KeyKind kind, String scope) {
    requireNonNull(kind, "kind");
    requireNonNull(scope, "scope");
    return entries.values().stream()
        .filter(e -> e.kind() == kind && e.scope().equals(scope) && e.state() == KeyState.ACTIVE)
        .findFirst();
  }

  /** Adds a new random PENDING key. */
  public Keyring generate(
      String keyId, KeyKind kind, String scope, Instant now, SecureRandom random) {
    byte[] secret = new byte[KeyEntry.SECRET_LENGTH];
    requireNonNull(random, "random").nextBytes(secret);
    return add(
        new KeyEntry(
            keyId, kind, scope, now.truncatedTo(ChronoUnit.SECONDS), KeyState.PENDING, secret));
  }

  /** Adds an existing secret as a PENDING key (import, or keys derived elsewhere). */
  public Keyring importKey(String keyId, KeyKind kind, String scope, Instant now, byte[] secret) {
    return add(
        new KeyEntry(
            keyId, kind, scope, now.truncatedTo(ChronoUnit.SECONDS), KeyState.PENDING, secret));
  }

  private Keyring add(KeyEntry entry) {
    if (entries.containsKey(entry.keyId())) {
      throw new IllegalArgumentException("key id already in use: " + entry.keyId());
    }
    Map<String, KeyEntry> next = new LinkedHashMap<>(entries);
    next.put(entry.keyId(), entry);
    return new Keyring(next);
  }

  /** PENDING to ACTIVE; the previous ACTIVE key of the same kind and scope becomes RETIRING. */
  public Keyring promote(String keyId) {
    KeyEntry e = require(keyId);
    if (e.state() != KeyState.PENDING) {
      throw new IllegalStateException(
          "only a PENDING key can be promoted; " + keyId + " is " + e.state());
    }
    Map<String, KeyEntry> next = new LinkedHashMap<>(entries);
    primary(e.kind(), e.scope())
        .ifPresent(old -> next.put(old.keyId(), old.withState(KeyState.RETIRING)));
    next.put(keyId, e.withState(KeyState.ACTIVE));
    return new Keyring(next);
  }

  /** RETIRING (or never used PENDING) to RETIRED: the secret is erased. */
  public Keyring retire(String keyId) {
    KeyEntry e = require(keyId);
    if (e.state() == KeyState.ACTIVE) {
      throw new IllegalStateException(
          "cannot retire ACTIVE key " + keyId + ": promote a successor first");
    }
    if (e.state() == KeyState.RETIRED) {
      return this;
    }
    Map<String, KeyEntry> next = new LinkedHashMap<>(entries);
    next.put(keyId, e.withState(KeyState.RETIRED));
    return new Keyring(next);
  }

  private KeyEntry require(String keyId) {
    KeyEntry e = entries.get(requireNonNull(keyId, "keyId"));
    if (e == null) {
      throw new IllegalArgumentException("no key " + keyId);
    }
    return e;
  }

  /**
   * The HPKE keys the core may open batches with: PENDING (peers may have picked it up early),
   * ACTIVE and RETIRING. Captures this keyring: rebuild the opener's lookup after a rotation, or
   * pass {@code id -> current.get().recipientKeys().find(id)}.
   */
  public RecipientKeys recipientKeys() {
    Map<String, X25519KeyPair> pairs = new LinkedHashMap<>();
    for (KeyEntry e : entries.values()) {
      if (e.kind() == KeyKind.X25519 && e.state().usableForExistingData()) {
        pairs.put(e.keyId(), e.x25519());
      }
    }
    return pairs::get;
  }

  /** The per-tenant pseudonymization key in use (ACTIVE HMAC key with scope = tenant). */
  public Optional<PseudonymizationKey> pseudonymizationKey(String tenant) {
    return primary(KeyKind.HMAC_SHA256, tenant).map(KeyEntry::pseudonymizationKey);
  }

  /** What may be published: ids, kinds, states, times and public keys. No secrets. */
  public List<PublishedKey> publicKeys() {
    List<PublishedKey> out = new ArrayList<>();
    for (KeyEntry e : entries.values()) {
      byte[] pk = e.publicKey();
      if (pk != null) {
        out.add(new PublishedKey(e.keyId(), e.kind(), e.scope(), e.createdAt(), e.state(), pk));
      }
    }
    return out;
  }

  /** A published public key. */
  public record PublishedKey(
      String keyId, KeyKind kind, String scope, Instant createdAt, KeyState state, byte[] key) {
    public PublishedKey {
      key = key.clone();
    }

    @Override
    public byte[] key() {
      return key.clone();
    }
  }

  @Override
  public String toString() {
    return "Keyring" + entries.values();
  }
}
