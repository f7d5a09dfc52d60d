package io.mirador.bundle.manifest;

import static java.util.Objects.requireNonNull;

import io.mirador.crypto.DetachedSignature;
import io.mirador.crypto.Ed25519Signer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * The release signing key, kept in a directory outside the repository ({@code
 * $MIRADOR_RELEASE_KEY_DIR}, default {@code ~/.config/mirador/release-key/}): {@code
 * mirador-release.key} (0600, in minisign's unencrypted secret-key format, so the stock {@code
 * minisign -S -s} can sign with it too) and {@code mirador-release.pub} (minisign's public-key
 * format). Generated on first use; the directory is 0700. A key file readable by group or others is
 * refused, as ssh does.
 */
public final class ReleaseKey {
  public static final String SECRET_FILE = "mirador-release.key";
  public static final String PUBLIC_FILE = "mirador-release.pub";
  public static final String ENV_DIR = "MIRADOR_RELEASE_KEY_DIR";

  private static final byte[] SIG_ALG = {'E', 'd'};
  private static final byte[] KDF_NONE = {0, 0};
  private static final byte[] CHK_ALG = {'B', '2'};
  private static final int SECRET_BLOB = 2 + 2 + 2 + 32 + 8 + 8 + 8 + 64 + 32;

  private final Ed25519Signer signer;
  private final Path directory;
  private final boolean generated;

  private ReleaseKey(Ed25519Signer signer, Path directory, boolean generated) {
    this.signer = signer;
    this.directory = directory;
    this.generated = generated;
  }

  /** The key directory from {@code configured} (when not blank), the environment, or default. */
  public static Path defaultDirectory(String configured) {
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String env = System.getenv(ENV_DIR);
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".config", "mirador", "release-key");
  }

  /** Loads the key in {@code directory}, generating it (and the directory) when absent. */
  public static ReleaseKey loadOrGenerate(Path directory, SecureRandom random) throws IOException {
    requireNonNull(directory, "directory");
    Path secret = directory.resolve(SECRET_FILE);
    if (Files.exists(secret)) {
      return load(directory);
    }
    Files.createDirectories(directory);
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    byte[] seed = new byte[Ed25519Signer.SEED_LENGTH];
    requireNonNull(random, "random").nextBytes(seed);
    Ed25519Signer signer = Ed25519Signer.fromSeed(seed);
    Path tmp = Files.createTempFile(directory, ".key", ".tmp");
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(tmp, secretKeyFile(seed));
      Arrays.fill(seed, (byte) 0);
      try {
        Files.move(tmp, secret, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException raced) {
        return load(directory);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    Files.writeString(directory.resolve(PUBLIC_FILE), DetachedSignature.publicKeyFile(signer));
    return new ReleaseKey(signer, directory, true);
  }

  /** Loads an existing key; refuses a secret key file readable by anyone but its owner. */
  public static ReleaseKey load(Path directory) throws IOException {
    Path secret = directory.resolve(SECRET_FILE);
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(secret);
    if (!Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)
        .containsAll(perms)) {
      throw new IOException(
          secret
              + " is readable or writable by others ("
              + PosixFilePermissions.toString(perms)
              + "): chmod 600 it");
    }
    Ed25519Signer signer = parseSecretKeyFile(Files.readString(secret, StandardCharsets.US_ASCII));
    Path pub = directory.resolve(PUBLIC_FILE);
    String expectedPub = DetachedSignature.publicKeyFile(signer);
    if (!Files.exists(pub)) {
      Files.writeString(pub, expectedPub);
    } else if (!sameKeyLine(Files.readString(pub), expectedPub)) {
      throw new IOException(pub + " is not the public key of " + secret);
    }
    return new ReleaseKey(signer, directory, false);
  }

  public Ed25519Signer signer() {
    return signer;
  }

  public Path directory() {
    return directory;
  }

  /** True when this call created the key. */
  public boolean generated() {
    return generated;
  }

  /** The public key file text (minisign format). */
  public String publicKeyFile() {
    return DetachedSignature.publicKeyFile(signer);
  }

  /** A minisign signature of {@code data} with {@code trustedComment}. */
  public String sign(InputStream data, String trustedComment) throws IOException {
    return DetachedSignature.sign(signer, data, trustedComment);
  }

  /**
   * minisign's secret key file, unencrypted (kdf "\0\0"): sig alg, kdf alg, checksum alg, salt,
   * opslimit, memlimit (zero without kdf), key number, secret key (seed || public key),
   * BLAKE2b-256(sig alg || key number || secret key).
   */
  static String secretKeyFile(byte[] seed) {
    Ed25519Signer signer = Ed25519Signer.fromSeed(seed);
    byte[] sk = concat(seed, signer.publicKey());
    byte[] keyNum = signer.keyNumber();
    byte[] blob =
        concat(SIG_ALG, KDF_NONE, CHK_ALG, new byte[32 + 8 + 8], keyNum, sk, checksum(keyNum, sk));
    Arrays.fill(sk, (byte) 0);
    return "untrusted comment: mirador release secret key (unencrypted: keep this file 0600)\n"
        + Base64.getEncoder().encodeToString(blob)
        + "\n";
  }

  static Ed25519Signer parseSecretKeyFile(String text) throws IOException {
    String[] lines = text.split("\r?\n");
    if (lines.length < 2 || !lines[0].startsWith("untrusted comment:")) {
      throw new IOException("release key: not a minisign secret key file");
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(lines[1].strip());
    } catch (IllegalArgumentException e) {
      throw new IOException("release key: not base64");
    }
    if (blob.length != SECRET_BLOB
        || !Arrays.equals(blob, 0, 2, SIG_ALG, 0, 2)
        || !Arrays.equals(blob, 4, 6, CHK_ALG, 0, 2)) {
      throw new IOException("release key: not an Ed25519 minisign secret key");
    }
    if (!Arrays.equals(blob, 2, 4, KDF_NONE, 0, 2)) {
      throw new IOException(
          "release key: password-protected minisign keys are not supported; the build signs"
              + " unattended (see offline-bundle/README.md, 'The release key')");
    }
    byte[] keyNum = Arrays.copyOfRange(blob, 54, 62);
    byte[] sk = Arrays.copyOfRange(blob, 62, 126);
    byte[] chk = Arrays.copyOfRange(blob, 126, 158);
    try {
      if (!MessageDigest.isEqual(chk, checksum(keyNum, sk))) {
        throw new IOException("release key: checksum does not match (corrupt key file)");
      }
      Ed25519Signer signer = Ed25519Signer.fromSeed(Arrays.copyOf(sk, 32));
      if (!Arrays.equals(signer.publicKey(), Arrays.copyOfRange(sk, 32, 64))) {
        throw new IOException("release key: public half does not match the secret (corrupt)");
      }
      if (!Arrays.equals(signer.keyNumber(), keyNum)) {
        throw new IOException(
            "release key: key number was not made by Mirador's key generator; generate the"
                + " release key with tools/release-key.sh");
      }
      return signer;
    } finally {
      Arrays.fill(sk, (byte) 0);
      Arrays.fill(blob, (byte) 0);
    }
  }

  private static byte[] checksum(byte[] keyNum, byte[] sk) {
    Blake2bDigest d = new Blake2bDigest(256);
    d.update(SIG_ALG, 0, 2);
    d.update(keyNum, 0, keyNum.length);
    d.update(sk, 0, sk.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  private static boolean sameKeyLine(String a, String b) {
    return lastLine(a).equals(lastLine(b));
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\r?\n");
    return lines[lines.length - 1].strip();
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  @Override
  public String toString() {
    return "ReleaseKey[" + directory + "]";
  }
}
