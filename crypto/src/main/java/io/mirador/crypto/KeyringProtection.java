package io.mirador.crypto;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.SCrypt;

/** How a keyring file's key-encryption key is obtained: an operator passphrase or a key file. */
public sealed interface KeyringProtection {
  /** scrypt cost of new files: N = 2^15, r = 8, p = 1 (32 MiB, about 0.1 s; RFC 7914). */
  int DEFAULT_LOG2_N = 15;

  /** A passphrase stretched with scrypt. The array is copied; clear yours after use. */
  static KeyringProtection passphrase(char[] passphrase) {
    return new Passphrase(requireNonNull(passphrase, "passphrase").clone(), DEFAULT_LOG2_N);
  }

  /** A passphrase with another scrypt cost for new files (tests use a low one). */
  static KeyringProtection passphrase(char[] passphrase, int log2N) {
    if (log2N < 10 || log2N > 22) {
      throw new IllegalArgumentException("scrypt log2(N) must be 10..22");
    }
    return new Passphrase(requireNonNull(passphrase, "passphrase").clone(), log2N);
  }

  /** A file with at least 32 random bytes, readable only by its owner (0600). */
  static KeyringProtection keyFile(Path keyFile) {
    return new KeyFile(requireNonNull(keyFile, "keyFile"));
  }

  /** Creates a new key file of 32 random bytes with permissions 0600. */
  static void createKeyFile(Path keyFile, SecureRandom random) throws IOException {
    if (Files.exists(keyFile)) {
      throw new IOException(keyFile + " exists; refusing to overwrite a key file");
    }
    byte[] key = new byte[32];
    random.nextBytes(key);
    try {
      SecureFiles.writeAtomically(keyFile, key, SecureFiles.OWNER_ONLY);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** Passphrase protection. */
  record Passphrase(char[] passphrase, int log2N) implements KeyringProtection {
    @Override
    public String toString() {
      return "Passphrase[scrypt N=2^" + log2N + "]";
    }
  }

  /** Key file protection. */
  record KeyFile(Path path) implements KeyringProtection {}

  /** The 32-byte key-encryption key for the given header parameters. */
  static byte[] deriveKek(KeyringProtection p, byte[] salt, int log2N, int r, int par)
      throws IOException {
    return switch (p) {
      case Passphrase pp -> {
        byte[] pw = new String(pp.passphrase()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
          yield SCrypt.generate(pw, salt, 1 << log2N, r, par, 32);
        } finally {
          Arrays.fill(pw, (byte) 0);
        }
      }
      case KeyFile kf -> {
        SecureFiles.requireOwnerOnly(kf.path());
        byte[] ikm = Files.readAllBytes(kf.path());
        try {
          if (ikm.length < 32 || ikm.length > 4096) {
            throw new IOException("key file " + kf.path() + " must hold 32..4096 bytes");
          }
          yield Hkdf.expand(Hkdf.extract(salt, ikm), Bytes.ascii("mirador keyring kek v1"), 32);
        } finally {
          Arrays.fill(ikm, (byte) 0);
        }
      }
    };
  }
}
