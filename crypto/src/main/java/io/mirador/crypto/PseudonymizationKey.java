package io.mirador.crypto;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A per-tenant HMAC-SHA256 key for deterministic pseudonyms: equal inputs give equal tokens, so
 * redacted values still correlate across signals without revealing them. The key bytes never appear
 * in {@link #toString()}.
 */
public final class PseudonymizationKey {
  /** Key length in bytes (256 bits, the HMAC-SHA256 block-size-independent recommendation). */
  public static final int KEY_BYTES = 32;

  private static final String ALGORITHM = "HmacSHA256";
  private final SecretKeySpec key;
  private final Mac prototype;
  private final ThreadLocal<Mac> perThread = ThreadLocal.withInitial(this::newMac);
  private final String keyId;

  private PseudonymizationKey(String keyId, byte[] keyBytes) {
    this.keyId = requireNonNull(keyId, "keyId");
    requireNonNull(keyBytes, "keyBytes");
    if (keyBytes.length != KEY_BYTES) {
      throw new IllegalArgumentException("keyBytes must be " + KEY_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(keyBytes, ALGORITHM);
    this.prototype = keyedMac(key);
  }

  /** A new random key. */
  public static PseudonymizationKey generate(String keyId, SecureRandom random) {
    byte[] bytes = new byte[KEY_BYTES];
    requireNonNull(random, "random").nextBytes(bytes);
    try {
      return new PseudonymizationKey(keyId, bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** A key from its raw bytes (copied). */
  public static PseudonymizationKey fromBytes(String keyId, byte[] keyBytes) {
    return new PseudonymizationKey(keyId, keyBytes.clone());
  }

  public String keyId() {
    return keyId;
  }

  /** HMAC-SHA256 of the UTF-8 bytes of {@code value}. */
  public byte[] mac(String value) {
    return mac(requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8));
  }

  /** HMAC-SHA256 of {@code value}. */
  public byte[] mac(byte[] value) {
    requireNonNull(value, "value");
    return perThread.get().doFinal(value); // doFinal resets the Mac for the thread's next value
  }

  /**
   * A Mac keyed with this key. Looking a Mac up and keying it costs about a microsecond, paid on
   * every token before (pii-redaction's default policy hashes many values); cloning a keyed
   * prototype copies its state instead, once per thread: a copy per token still cost about 8 % of
   * the default policy's scan (JFR). The prototype itself is never used, so concurrent clones only
   * read it.
   */
  private Mac newMac() {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      return keyedMac(key);
    }
  }

  private static Mac keyedMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /**
   * A short printable token: {@code prefix} followed by the first {@code hexChars} hex digits of
   * the HMAC (for example {@code pii:5f2a9c01d3e4b7a8}).
   */
  public String token(String prefix, String value, int hexChars) {
    if (hexChars < 8 || hexChars > 64) {
      throw new IllegalArgumentException("hexChars must be between 8 and 64");
    }
    return requireNonNull(prefix, "prefix")
        + HexFormat.of().formatHex(mac(value)).substring(0, hexChars);
  }

  @Override
  public String toString() {
    return "PseudonymizationKey[" + keyId + "]";
  }
}
