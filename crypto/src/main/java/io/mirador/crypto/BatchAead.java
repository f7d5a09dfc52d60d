package io.mirador.crypto;

/** The AEAD a batch is sealed with. The HPKE suite is DHKEM(X25519, HKDF-SHA256), HKDF-SHA256. */
public enum BatchAead {
  /** The default: AES-NI and carry-less multiply make it the fastest on x86-64 servers. */
  AES_256_GCM(HpkeAead.AES_256_GCM),
  /** For hosts without AES instructions, or as a hedge against an AES break. */
  CHACHA20_POLY1305(HpkeAead.CHACHA20_POLY1305);

  final HpkeAead hpke;

  BatchAead(HpkeAead hpke) {
    this.hpke = hpke;
  }

  static BatchAead byHpkeId(int id) {
    for (BatchAead a : values()) {
      if (a.hpke.id == id) {
        return a;
      }
    }
    return null;
  }
}
