package io.mirador.crypto;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * One key in a {@link Keyring}: id, kind, scope, creation time, state, and (unless retired) its
 * 32-byte secret. Immutable; the secret never appears in {@link #toString()}.
 */
public final class KeyEntry {
  public static final int SECRET_LENGTH = 32;

  private final String keyId;
  private final KeyKind kind;
  private final String scope;
  private final Instant createdAt;
  private final KeyState state;
  private final byte[] secret;

  KeyEntry(
      String keyId, KeyKind kind, String scope, Instant createdAt, KeyState state, byte[] secret) {
    this.keyId = checkId(keyId, "keyId", false);
    this.kind = requireNonNull(kind, "kind");
    this.scope = checkId(scope, "scope", true);
    this.createdAt = requireNonNull(createdAt, "createdAt");
    this.state = requireNonNull(state, "state");
    if (state == KeyState.RETIRED) {
      this.secret = null;
    } else {
      requireNonNull(secret, "secret");
      if (secret.length != SECRET_LENGTH) {
        throw new IllegalArgumentException("secret must be " + SECRET_LENGTH + " bytes");
      }
      this.secret = secret.clone();
    }
  }

  private static String checkId(String value, String name, boolean emptyOk) {
    requireNonNull(value, name);
    int n = value.getBytes(StandardCharsets.UTF_8).length;
    if ((!emptyOk && n == 0) || n > 255) {
      throw new IllegalArgumentException(name + " must be " + (emptyOk ? 0 : 1) + "..255 bytes");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(name + " must not contain control characters");
      }
    }
    return value;
  }

  public String keyId() {
    return keyId;
  }

  public KeyKind kind() {
    return kind;
  }

  /** The scope: the tenant id for pseudonymization keys, usually empty for the others. */
  public String scope() {
    return scope;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public KeyState state() {
    return state;
  }

  KeyEntry withState(KeyState newState) {
    return new KeyEntry(keyId, kind, scope, createdAt, newState, secret);
  }

  byte[] secretUnsafe() {
    if (secret == null) {
      throw new IllegalStateException("key " + keyId + " is retired: its secret is erased");
    }
    return secret;
  }

  /** The public part (X25519 and Ed25519 keys), or null for symmetric keys. */
  public byte[] publicKey() {
    if (secret == null) {
      return null;
    }
    return switch (kind) {
      case X25519 -> X25519KeyPair.fromPrivateKey(secret).publicKey().bytes();
      case ED25519 -> {
        byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(secret, 0, pk, 0);
        yield pk;
      }
      case HMAC_SHA256, QUEUE_MASTER -> null;
    };
  }

  public X25519KeyPair x25519() {
    requireKind(KeyKind.X25519);
    return X25519KeyPair.fromPrivateKey(secretUnsafe());
  }

  public Ed25519Signer ed25519() {
    requireKind(KeyKind.ED25519);
    return Ed25519Signer.fromSeed(secretUnsafe());
  }

  public PseudonymizationKey pseudonymizationKey() {
    requireKind(KeyKind.HMAC_SHA256);
    return PseudonymizationKey.fromBytes(keyId, secretUnsafe());
  }

  private void requireKind(KeyKind expected) {
    if (kind != expected) {
      throw new IllegalStateException("key " + keyId + " is " + kind + ", not " + expected);
    }
  }

  boolean sameContent(KeyEntry o) {
    return keyId.equals(o.keyId)
        && kind == o.kind
        && scope.equals(o.scope)
        && createdAt.equals(o.createdAt)
        && state == o.state
        && Arrays.equals(secret, o.secret);
  }

  @Override
  public String toString() {
    byte[] pk = publicKey();
    return "KeyEntry["
        + keyId
        + ", "
        + kind
        + (scope.isEmpty() ? "" : ", scope=" + scope)
        + ", "
        + state
        + ", created "
        + createdAt
        + (pk == null ? "" : ", public " + HexFormat.of().formatHex(pk))
        + "]";
  }
}
