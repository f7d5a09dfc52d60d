package io.mirador.crypto;

import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;

/**
 * Gets the JDK's AES-GCM and ChaCha20-Poly1305 code compiled by C2 early, in the background.
 *
 * <p>HotSpot uses the AES-GCM intrinsic (AES-NI/VAES + carry-less multiply) only once the GCM
 * methods are compiled by C2, which takes thousands of invocations. An agent sealing a few large
 * batches per second never gets there: measured on this project's machines, 1 MiB AES-GCM
 * encryptions stayed at about 50 MB/s for minutes, against 2 to 6 GB/s once compiled. A few
 * thousand small encryptions on a daemon thread at first use fix that in about a second of one
 * core, without delaying the caller.
 */
final class CipherWarmup {
  private static final AtomicBoolean STARTED = new AtomicBoolean();
  private static final int ROUNDS = 12_000;

  private CipherWarmup() {}

  static void start() {
    if (STARTED.compareAndSet(false, true)) {
      Thread t = new Thread(CipherWarmup::run, "mirador-crypto-warmup");
      t.setDaemon(true);
      t.setPriority(Thread.MIN_PRIORITY);
      t.start();
    }
  }

  private static void run() {
    // A throwaway key (all zeros is fine: nothing secret is processed) and distinct nonces.
    byte[] key = new byte[32];
    byte[] message = new byte[256];
    byte[] sealed = new byte[message.length + HpkeAead.TAG_LENGTH];
    try {
      for (int i = 0; i < ROUNDS; i++) {
        HpkeAead aead = (i % 4 == 3) ? HpkeAead.CHACHA20_POLY1305 : HpkeAead.AES_256_GCM;
        byte[] nonce = new byte[HpkeAead.NONCE_LENGTH];
        nonce[0] = (byte) i;
        nonce[1] = (byte) (i >>> 8);
        nonce[2] = (byte) (i >>> 16);
        Cipher enc = aead.init(Cipher.ENCRYPT_MODE, key, nonce);
        int n = enc.doFinal(message, 0, message.length, sealed, 0);
        Cipher dec = aead.init(Cipher.DECRYPT_MODE, key, nonce);
        dec.doFinal(sealed, 0, n);
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // Only a performance aid: the real operations report their own errors.
    }
  }
}
