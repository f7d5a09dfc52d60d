package io.mirador.crypto;

/** What a keyring entry is for. Every kind is 32 bytes of secret. */
public enum KeyKind {
  /** The core's HPKE recipient key, or an agent's HPKE sender (authentication) key. */
  X25519(1),
  /** An Ed25519 signing key (the secret is the 32-byte seed): the offline bundle's manifest. */
  ED25519(2),
  /** A per-tenant HMAC-SHA256 pseudonymization key (scope = tenant id). */
  HMAC_SHA256(3),
  /** A master key for the agent's encrypted disk queue (per-file keys are derived from it). */
  QUEUE_MASTER(4);

  final int code;

  KeyKind(int code) {
    this.code = code;
  }

  static KeyKind byCode(int code) {
    for (KeyKind k : values()) {
      if (k.code == code) {
        return k;
      }
    }
    return null;
  }
}
