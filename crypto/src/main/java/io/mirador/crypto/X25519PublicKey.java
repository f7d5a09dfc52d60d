package io.mirador.crypto;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/** An X25519 public key (32 bytes, RFC 7748 encoding). Immutable. */
public final class X25519PublicKey {
  public static final int LENGTH = 32;
  private final byte[] bytes;

  private X25519PublicKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The key from its 32-byte encoding (copied). */
  public static X25519PublicKey of(byte[] encoded) {
    requireNonNull(encoded, "encoded");
    if (encoded.length != LENGTH) {
      throw new IllegalArgumentException(
          "X25519 public key must be " + LENGTH + " bytes, got " + encoded.length);
    }
    return new X25519PublicKey(encoded.clone());
  }

  /** The 32-byte encoding (a copy). */
  public byte[] bytes() {
    return bytes.clone();
  }

  byte[] bytesUnsafe() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof X25519PublicKey other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "X25519PublicKey[" + HexFormat.of().formatHex(bytes) + "]";
  }
}
