package io.mirador.crypto;

import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HPKE AEADs (RFC 9180 7.3) on the JDK's ciphers: AES-GCM and ChaCha20-Poly1305 use the HotSpot
 * intrinsics (AES-NI, CLMUL, AVX2/AVX-512), several times faster than pure-Java AES.
 */
enum HpkeAead {
  /**
   * Not offered for sealing; here so that the RFC 9180 AES-128-GCM vectors run through our code.
   */
  AES_128_GCM(0x0001, 16, "AES/GCM/NoPadding", "AES"),
  AES_256_GCM(0x0002, 32, "AES/GCM/NoPadding", "AES"),
  CHACHA20_POLY1305(0x0003, 32, "ChaCha20-Poly1305", "ChaCha20");

  static final int NONCE_LENGTH = 12;
  static final int TAG_LENGTH = 16;

  final int id;
  final int keyLength;
  private final String transformation;
  private final String keyAlgorithm;

  HpkeAead(int id, int keyLength, String transformation, String keyAlgorithm) {
    this.id = id;
    this.keyLength = keyLength;
    this.transformation = transformation;
    this.keyAlgorithm = keyAlgorithm;
  }

  static HpkeAead byId(int id) {
    for (HpkeAead aead : values()) {
      if (aead.id == id) {
        return aead;
      }
    }
    return null;
  }

  /** A cipher initialised for one message. */
  Cipher init(int opmode, byte[] key, byte[] nonce) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance(transformation);
    AlgorithmParameterSpec spec =
        this == CHACHA20_POLY1305
            ? new IvParameterSpec(nonce)
            : new GCMParameterSpec(TAG_LENGTH * 8, nonce);
    cipher.init(opmode, new SecretKeySpec(key, keyAlgorithm), spec);
    return cipher;
  }
}
