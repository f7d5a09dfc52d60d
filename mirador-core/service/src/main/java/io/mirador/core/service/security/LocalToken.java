package io.mirador.core.service.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The local admin token of the embedded default mode: 256 random bits from {@link SecureRandom},
 * base64url without padding (43 characters), new at every start. Only a SHA-256 digest is kept for
 * comparison; the token text itself leaves this class once, to be shown to the operator.
 */
final class LocalToken {
  static final int BYTES = 32;

  private final byte[] digest;
  private String shown;

  private LocalToken(String token) {
    this.digest = sha256(token);
    this.shown = token;
  }

  static LocalToken generate(SecureRandom random) {
    byte[] bytes = new byte[BYTES];
    random.nextBytes(bytes);
    return new LocalToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** The token text, the first time only; {@code null} afterwards. */
  synchronized String takeForDisplay() {
    String token = shown;
    shown = null;
    return token;
  }

  /** Whether {@code candidate} is the token, compared in constant time. */
  boolean matches(String candidate) {
    return candidate != null && MessageDigest.isEqual(digest, sha256(candidate));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
