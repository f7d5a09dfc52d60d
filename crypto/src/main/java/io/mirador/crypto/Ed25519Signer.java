package io.mirador.crypto;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 signing key (RFC 8032) for the offline bundle's manifest. Signatures are written in
 * the minisign format ({@link DetachedSignature}); the seed never appears in {@link #toString()}.
 */
public final class Ed25519Signer {
  public static final int SEED_LENGTH = 32;
  private final byte[] seed;
  private final byte[] publicKey;

  private Ed25519Signer(byte[] seed) {
    this.seed = seed;
    this.publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, publicKey, 0);
  }

  public static Ed25519Signer generate(SecureRandom random) {
    byte[] seed = new byte[SEED_LENGTH];
    requireNonNull(random, "random").nextBytes(seed);
    return new Ed25519Signer(seed);
  }

  /** The signer for a 32-byte seed (copied). */
  public static Ed25519Signer fromSeed(byte[] seed) {
    requireNonNull(seed, "seed");
    if (seed.length != SEED_LENGTH) {
      throw new IllegalArgumentException("Ed25519 seed must be " + SEED_LENGTH + " bytes");
    }
    return new Ed25519Signer(seed.clone());
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * The 8-byte key number minisign puts in keys and signatures so a verifier can tell keys apart.
   * Derived from the public key (minisign picks it at random; any value is valid).
   */
  public byte[] keyNumber() {
    return keyNumberOf(publicKey);
  }

  static byte[] keyNumberOf(byte[] publicKey) {
    SHA256Digest d = new SHA256Digest();
    byte[] label = Bytes.ascii("mirador minisign key number");
    d.update(label, 0, label.length);
    d.update(publicKey, 0, publicKey.length);
    byte[] h = new byte[32];
    d.doFinal(h, 0);
    return Arrays.copyOf(h, 8);
  }

  /** A raw 64-byte Ed25519 signature of {@code message}. */
  public byte[] sign(byte[] message) {
    byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, requireNonNull(message, "message"), 0, message.length, sig, 0);
    return sig;
  }

  /** Checks a raw Ed25519 signature; false for any malformed input. */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey == null
        || message == null
        || signature == null
        || publicKey.length != Ed25519.PUBLIC_KEY_SIZE
        || signature.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    try {
      return Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "Ed25519Signer[" + java.util.HexFormat.of().formatHex(keyNumber()) + "]";
  }
}
