package io.mirador.crypto;

import static io.mirador.crypto.Bytes.ascii;
import static io.mirador.crypto.Bytes.concat;
import static io.mirador.crypto.Bytes.u16;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;

/**
 * RFC 9180 HPKE with DHKEM(X25519, HKDF-SHA256) and HKDF-SHA256, modes base and auth.
 *
 * <p>The KEM and key schedule follow the RFC step by step (checked against its test vectors); the
 * AEAD runs on the JDK's intrinsified ciphers. BouncyCastle's {@code org.bouncycastle.crypto.hpke}
 * gives the same bytes (the tests cross-check both ways) but hides the AEAD key, so its bulk AEAD
 * would be BouncyCastle's pure-Java AES-GCM: see RATIONALE.md.
 */
final class Hpke {
  static final int KEM_ID = 0x0020;
  static final int KDF_ID = 0x0001;
  static final int ENC_LENGTH = 32;
  private static final byte[] VERSION = ascii("HPKE-v1");
  private static final byte[] KEM_SUITE_ID = concat(ascii("KEM"), u16(KEM_ID));
  private static final byte[] EMPTY = new byte[0];

  enum Mode {
    BASE(0x00),
    AUTH(0x02);

    final int id;

    Mode(int id) {
      this.id = id;
    }
  }

  /** Raised when a Diffie-Hellman result is all zeros: the peer's key is a low-order point. */
  static final class WeakSharedSecretException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    WeakSharedSecretException() {
      super("all-zero X25519 shared secret refused (low-order public key)");
    }
  }

  private Hpke() {}

  /** A sender's context and the encapsulated key to send along. */
  record SenderSetup(byte[] enc, Context context) {}

  static SenderSetup setupSender(
      Mode mode,
      HpkeAead aead,
      X25519PublicKey recipient,
      byte[] info,
      X25519KeyPair sender,
      X25519KeyPair ephemeral)
      throws WeakSharedSecretException {
    return setupSender(mode, aead, recipient, info, sender, ephemeral, null);
  }

  /**
   * As above; {@code staticDh} is DH(skS, pkR) computed earlier (it never changes for a sender and
   * recipient pair, so caching it saves one of the three scalar multiplications), or null.
   */
  static SenderSetup setupSender(
      Mode mode,
      HpkeAead aead,
      X25519PublicKey recipient,
      byte[] info,
      X25519KeyPair sender,
      X25519KeyPair ephemeral,
      byte[] staticDh)
      throws WeakSharedSecretException {
    byte[] enc = ephemeral.publicKey().bytesUnsafe();
    byte[] dh = dh(ephemeral, recipient);
    byte[] kemContext;
    if (mode == Mode.AUTH) {
      dh = concat(dh, staticDh != null ? staticDh : dh(sender, recipient));
      kemContext = concat(enc, recipient.bytesUnsafe(), sender.publicKey().bytesUnsafe());
    } else {
      kemContext = concat(enc, recipient.bytesUnsafe());
    }
    byte[] sharedSecret = extractAndExpand(dh, kemContext);
    return new SenderSetup(enc.clone(), keySchedule(mode, aead, sharedSecret, info));
  }

  static Context setupRecipient(
      Mode mode,
      HpkeAead aead,
      byte[] enc,
      X25519KeyPair recipient,
      byte[] info,
      X25519PublicKey sender)
      throws WeakSharedSecretException {
    return setupRecipient(mode, aead, enc, recipient, info, sender, null);
  }

  /** As above; {@code staticDh} is DH(skR, pkS) computed earlier, or null. */
  static Context setupRecipient(
      Mode mode,
      HpkeAead aead,
      byte[] enc,
      X25519KeyPair recipient,
      byte[] info,
      X25519PublicKey sender,
      byte[] staticDh)
      throws WeakSharedSecretException {
    X25519PublicKey ephemeral = X25519PublicKey.of(enc);
    byte[] dh = dh(recipient, ephemeral);
    byte[] kemContext;
    if (mode == Mode.AUTH) {
      dh = concat(dh, staticDh != null ? staticDh : dh(recipient, sender));
      kemContext = concat(enc, recipient.publicKey().bytesUnsafe(), sender.bytesUnsafe());
    } else {
      kemContext = concat(enc, recipient.publicKey().bytesUnsafe());
    }
    byte[] sharedSecret = extractAndExpand(dh, kemContext);
    return keySchedule(mode, aead, sharedSecret, info);
  }

  /** DeriveKeyPair (RFC 9180 7.1.3) for X25519: used by the tests to replay the RFC vectors. */
  static X25519KeyPair deriveKeyPair(byte[] ikm) {
    byte[] dkpPrk = labeledExtract(KEM_SUITE_ID, EMPTY, "dkp_prk", ikm);
    return X25519KeyPair.fromPrivateKey(labeledExpand(KEM_SUITE_ID, dkpPrk, "sk", EMPTY, 32));
  }

  static byte[] dh(X25519KeyPair own, X25519PublicKey peer) throws WeakSharedSecretException {
    byte[] shared = own.agree(peer);
    if (shared == null) {
      throw new WeakSharedSecretException();
    }
    return shared;
  }

  static byte[] extractAndExpand(byte[] dh, byte[] kemContext) {
    byte[] eaePrk = labeledExtract(KEM_SUITE_ID, EMPTY, "eae_prk", dh);
    return labeledExpand(KEM_SUITE_ID, eaePrk, "shared_secret", kemContext, 32);
  }

  static Context keySchedule(Mode mode, HpkeAead aead, byte[] sharedSecret, byte[] info) {
    byte[] suiteId = concat(ascii("HPKE"), u16(KEM_ID), u16(KDF_ID), u16(aead.id));
    byte[] pskIdHash = labeledExtract(suiteId, EMPTY, "psk_id_hash", EMPTY);
    byte[] infoHash = labeledExtract(suiteId, EMPTY, "info_hash", info);
    byte[] context = concat(new byte[] {(byte) mode.id}, pskIdHash, infoHash);
    byte[] secret = labeledExtract(suiteId, sharedSecret, "secret", EMPTY);
    byte[] key = labeledExpand(suiteId, secret, "key", context, aead.keyLength);
    byte[] baseNonce = labeledExpand(suiteId, secret, "base_nonce", context, HpkeAead.NONCE_LENGTH);
    byte[] exporter = labeledExpand(suiteId, secret, "exp", context, Hkdf.HASH_LEN);
    return new Context(aead, suiteId, key, baseNonce, exporter);
  }

  static byte[] labeledExtract(byte[] suiteId, byte[] salt, String label, byte[] ikm) {
    return Hkdf.extract(salt, concat(VERSION, suiteId, ascii(label), ikm));
  }

  static byte[] labeledExpand(byte[] suiteId, byte[] prk, String label, byte[] info, int length) {
    return Hkdf.expand(prk, concat(u16(length), VERSION, suiteId, ascii(label), info), length);
  }

  /** An HPKE encryption context (RFC 9180 5.2). Not thread-safe: the sequence number advances. */
  static final class Context {
    private final HpkeAead aead;
    private final byte[] suiteId;
    private final byte[] key;
    private final byte[] baseNonce;
    private final byte[] exporterSecret;
    private long seq;

    private Context(
        HpkeAead aead, byte[] suiteId, byte[] key, byte[] baseNonce, byte[] exporterSecret) {
      this.aead = aead;
      this.suiteId = suiteId;
      this.key = key;
      this.baseNonce = baseNonce;
      this.exporterSecret = exporterSecret;
    }

    byte[] key() {
      return key.clone();
    }

    byte[] baseNonce() {
      return baseNonce.clone();
    }

    byte[] exporterSecret() {
      return exporterSecret.clone();
    }

    byte[] seal(byte[] aad, byte[] plaintext) throws GeneralSecurityException {
      byte[] out = new byte[plaintext.length + HpkeAead.TAG_LENGTH];
      seal(aad, plaintext, 0, plaintext.length, out, 0);
      return out;
    }

    /** Seals {@code plaintext[off, off+len)} into {@code out} at {@code outOff}; returns bytes. */
    int seal(byte[] aad, byte[] plaintext, int off, int len, byte[] out, int outOff)
        throws GeneralSecurityException {
      Cipher cipher = aead.init(Cipher.ENCRYPT_MODE, key, currentNonce());
      cipher.updateAAD(aad);
      int n = cipher.doFinal(plaintext, off, len, out, outOff);
      seq++;
      return n;
    }

    byte[] open(byte[] aad, byte[] ciphertext) throws AEADBadTagException {
      return open(aad, ciphertext, 0, ciphertext.length);
    }

    byte[] open(byte[] aad, byte[] ciphertext, int off, int len) throws AEADBadTagException {
      if (len < HpkeAead.TAG_LENGTH) {
        throw new AEADBadTagException("ciphertext shorter than the tag");
      }
      try {
        Cipher cipher = aead.init(Cipher.DECRYPT_MODE, key, currentNonce());
        cipher.updateAAD(aad);
        byte[] plaintext = cipher.doFinal(ciphertext, off, len);
        seq++;
        return plaintext;
      } catch (AEADBadTagException e) {
        throw e;
      } catch (GeneralSecurityException e) {
        throw new AEADBadTagException("open failed: " + e.getClass().getSimpleName());
      }
    }

    byte[] export(byte[] exporterContext, int length) {
      return labeledExpand(suiteId, exporterSecret, "sec", exporterContext, length);
    }

    private byte[] currentNonce() {
      if (seq == -1L) {
        throw new IllegalStateException("HPKE message limit reached");
      }
      byte[] nonce = baseNonce.clone();
      long s = seq;
      for (int i = 0; i < 8; i++) {
        nonce[nonce.length - 1 - i] ^= (byte) (s >>> (8 * i));
      }
      return nonce;
    }
  }
}
