package io.mirador.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF-SHA256 (RFC 5869) on the JDK's HMAC, which has intrinsics for SHA-256. */
final class Hkdf {
  static final int HASH_LEN = 32;
  private static final byte[] ZERO_SALT = new byte[HASH_LEN];

  private Hkdf() {}

  static byte[] extract(byte[] salt, byte[] ikm) {
    // An empty salt means HashLen zero bytes (RFC 5869 2.2); HMAC pads keys with zeros anyway, but
    // the JDK refuses an empty HMAC key.
    Mac mac = hmac(salt.length == 0 ? ZERO_SALT : salt);
    return mac.doFinal(ikm);
  }

  static byte[] expand(byte[] prk, byte[] info, int length) {
    if (length < 0 || length > 255 * HASH_LEN) {
      throw new IllegalArgumentException("HKDF output length out of range: " + length);
    }
    Mac mac = hmac(prk);
    byte[] out = new byte[length];
    byte[] block = new byte[0];
    int written = 0;
    for (int i = 1; written < length; i++) {
      mac.update(block);
      mac.update(info);
      mac.update((byte) i);
      block = mac.doFinal();
      int n = Math.min(block.length, length - written);
      System.arraycopy(block, 0, out, written, n);
      written += n;
    }
    return out;
  }

  static byte[] hmacSha256(byte[] key, byte[]... parts) {
    Mac mac = hmac(key);
    for (byte[] part : parts) {
      mac.update(part);
    }
    return mac.doFinal();
  }

  private static Mac hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
