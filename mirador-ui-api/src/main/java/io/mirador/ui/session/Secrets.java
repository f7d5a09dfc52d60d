package io.mirador.ui.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random secrets (session ids, CSRF tokens, login codes) and their digests. Every secret is 256
 * bits from {@link SecureRandom}, base64url without padding (43 characters); stores keep only the
 * SHA-256 of a secret and compare digests with {@link MessageDigest#isEqual}, which takes the same
 * time wherever the two differ.
 */
public final class Secrets {
  /** Bytes of randomness in every secret: 256 bits. */
  public static final int BYTES = 32;

  /** The longest candidate worth hashing; anything longer is not one of ours. */
  static final int MAX_CANDIDATE = 256;

  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** A new 256-bit random secret, base64url without padding. */
  public static String random() {
    byte[] bytes = new byte[BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** SHA-256 of the UTF-8 bytes of {@code text}. */
  public static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  /** The digest as text, usable as a map key. */
  static String key(String secret) {
    return Base64.getEncoder().encodeToString(sha256(secret));
  }

  /**
   * Whether {@code candidate} is the secret whose digest is {@code digest}, in time that does not
   * depend on where they differ. A null, empty or oversized candidate never matches.
   */
  public static boolean matches(byte[] digest, String candidate) {
    if (digest == null || candidate == null || candidate.isEmpty()) {
      return false;
    }
    if (candidate.length() > MAX_CANDIDATE) {
      return false;
    }
    return MessageDigest.isEqual(digest, sha256(candidate));
  }

  /** Whether two secrets are equal, compared through their digests in constant time. */
  public static boolean same(String expected, String candidate) {
    return expected != null && matches(sha256(expected), candidate);
  }
}
