package io.mirador.crypto;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * An X25519 key pair: the core's HPKE recipient key or an agent's sender (authentication) key. The
 * private key never appears in {@link #toString()}.
 */
public final class X25519KeyPair {
  public static final int PRIVATE_KEY_LENGTH = 32;
  private final byte[] privateKey;
  private final X25519PublicKey publicKey;

  private X25519KeyPair(byte[] privateKey) {
    this.privateKey = privateKey;
    byte[] pub = new byte[X25519PublicKey.LENGTH];
    X25519.generatePublicKey(privateKey, 0, pub, 0);
    this.publicKey = X25519PublicKey.of(pub);
  }

  /** A fresh random key pair. */
  public static X25519KeyPair generate(SecureRandom random) {
    byte[] sk = new byte[PRIVATE_KEY_LENGTH];
    requireNonNull(random, "random").nextBytes(sk);
    return new X25519KeyPair(sk);
  }

  /** The key pair for a 32-byte private key (copied). */
  public static X25519KeyPair fromPrivateKey(byte[] privateKey) {
    requireNonNull(privateKey, "privateKey");
    if (privateKey.length != PRIVATE_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "X25519 private key must be " + PRIVATE_KEY_LENGTH + " bytes, got " + privateKey.length);
    }
    return new X25519KeyPair(privateKey.clone());
  }

  public X25519PublicKey publicKey() {
    return publicKey;
  }

  byte[] privateKeyUnsafe() {
    return privateKey;
  }

  /**
   * X25519(sk, pk). Returns null when the result is all zeros (the peer sent a low-order point):
   * RFC 9180 7.1.4 and RFC 7748 6.1 require refusing it.
   */
  byte[] agree(X25519PublicKey peer) {
    byte[] shared = new byte[32];
    boolean ok = X25519.calculateAgreement(privateKey, 0, peer.bytesUnsafe(), 0, shared, 0);
    if (!ok || Bytes.isAllZero(shared)) {
      return null;
    }
    return shared;
  }

  @Override
  public String toString() {
    return "X25519KeyPair[public=" + publicKey + "]";
  }
}
