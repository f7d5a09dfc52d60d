package io.mirador.crypto;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;

/**
 * Reads and writes a {@link Keyring} encrypted at rest. Layout (all integers big-endian):
 *
 * <pre>
 * offset size
 *   0     8   magic "MIRKEYR1"
 *   8     1   protection: 1 = scrypt(passphrase), 2 = HKDF-SHA256(key file)
 *   9     1   scrypt log2(N)   (0 for a key file)
 *  10     1   scrypt r         (0 for a key file)
 *  11     1   scrypt p         (0 for a key file)
 *  12    16   salt
 *  28    12   AES-256-GCM nonce
 *  40     -   AES-256-GCM(kek, nonce, body, aad = bytes 0..39), 16-byte tag at the end
 *
 * body: u16 count, then per entry:
 *   u8 kind, u8 state, i64 created (epoch seconds),
 *   u8 len + key id (UTF-8), u8 len + scope (UTF-8), u8 len (0 or 32) + secret
 * </pre>
 *
 * Everything, metadata included, is authenticated: states cannot be edited without the passphrase.
 * Files are written 0600 through a temp file, fsync and atomic rename, and refused on reading if
 * group or others have access.
 */
public final class KeyringFile {
  private static final byte[] MAGIC = Bytes.ascii("MIRKEYR1");
  private static final int HEADER = 40;
  private static final int MAX_FILE = 1 << 20;

  private KeyringFile() {}

  /** Thrown when a keyring file is malformed, or its passphrase or key file is wrong. */
  public static final class InvalidKeyringException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    InvalidKeyringException(String message) {
      super(message);
    }
  }

  public static void write(
      Path file, Keyring keyring, KeyringProtection protection, SecureRandom random)
      throws IOException {
    requireNonNull(file, "file");
    requireNonNull(keyring, "keyring");
    requireNonNull(protection, "protection");
    requireNonNull(random, "random");
    byte[] header = new byte[HEADER];
    System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
    int log2N = 0;
    int r = 0;
    int p = 0;
    if (protection instanceof KeyringProtection.Passphrase pp) {
      header[8] = 1;
      log2N = pp.log2N();
      r = 8;
      p = 1;
    } else {
      header[8] = 2;
    }
    header[9] = (byte) log2N;
    header[10] = (byte) r;
    header[11] = (byte) p;
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    System.arraycopy(salt, 0, header, 12, 16);
    byte[] nonce = new byte[12];
    random.nextBytes(nonce);
    System.arraycopy(nonce, 0, header, 28, 12);

    byte[] body = encodeBody(keyring);
    byte[] kek = KeyringProtection.deriveKek(protection, salt, log2N, r, p);
    try {
      Cipher c = HpkeAead.AES_256_GCM.init(Cipher.ENCRYPT_MODE, kek, nonce);
      c.updateAAD(header);
      byte[] out = new byte[HEADER + body.length + 16];
      System.arraycopy(header, 0, out, 0, HEADER);
      c.doFinal(body, 0, body.length, out, HEADER);
      SecureFiles.writeAtomically(file, out, SecureFiles.OWNER_ONLY);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    } finally {
      Arrays.fill(kek, (byte) 0);
      Arrays.fill(body, (byte) 0);
    }
  }

  public static Keyring read(Path file, KeyringProtection protection)
      throws IOException, InvalidKeyringException {
    requireNonNull(file, "file");
    requireNonNull(protection, "protection");
    SecureFiles.requireOwnerOnly(file);
    if (Files.size(file) > MAX_FILE) {
      throw new InvalidKeyringException(file + ": too large for a keyring");
    }
    return decode(Files.readAllBytes(file), protection, file.toString());
  }

  static Keyring decode(byte[] data, KeyringProtection protection, String name)
      throws IOException, InvalidKeyringException {
    if (data.length < HEADER + 16 || !Arrays.equals(data, 0, 8, MAGIC, 0, 8)) {
      throw new InvalidKeyringException(name + ": not a Mirador keyring (bad magic or too short)");
    }
    int kind = data[8];
    int log2N = data[9] & 0xff;
    int r = data[10] & 0xff;
    int p = data[11] & 0xff;
    boolean passphrase = protection instanceof KeyringProtection.Passphrase;
    if (kind == 1) {
      if (!passphrase) {
        throw new InvalidKeyringException(name + ": protected by a passphrase, not a key file");
      }
      // Bounds stop a crafted header from making us allocate gigabytes or run for hours.
      if (log2N < 10 || log2N > 22 || r < 1 || r > 32 || p < 1 || p > 16) {
        throw new InvalidKeyringException(name + ": scrypt parameters out of range");
      }
      if ((1L << log2N) * r * 128L > (1L << 30)) {
        throw new InvalidKeyringException(name + ": scrypt memory cost above 1 GiB");
      }
    } else if (kind == 2) {
      if (passphrase) {
        throw new InvalidKeyringException(name + ": protected by a key file, not a passphrase");
      }
    } else {
      throw new InvalidKeyringException(name + ": unknown protection " + kind);
    }
    byte[] header = Arrays.copyOf(data, HEADER);
    byte[] salt = Arrays.copyOfRange(data, 12, 28);
    byte[] nonce = Arrays.copyOfRange(data, 28, 40);
    byte[] kek = KeyringProtection.deriveKek(protection, salt, log2N, r, p);
    byte[] body;
    try {
      Cipher c = HpkeAead.AES_256_GCM.init(Cipher.DECRYPT_MODE, kek, nonce);
      c.updateAAD(header);
      body = c.doFinal(data, HEADER, data.length - HEADER);
    } catch (AEADBadTagException e) {
      throw new InvalidKeyringException(
          name + ": authentication failed (wrong passphrase or key file, or modified file)");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    } finally {
      Arrays.fill(kek, (byte) 0);
    }
    try {
      return decodeBody(body, name);
    } finally {
      Arrays.fill(body, (byte) 0);
    }
  }

  private static byte[] encodeBody(Keyring keyring) {
    List<KeyEntry> entries = keyring.entries();
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * entries.size() + 2);
    out.write(entries.size() >>> 8);
    out.write(entries.size());
    for (KeyEntry e : entries) {
      out.write(e.kind().code);
      out.write(e.state().code);
      long t = e.createdAt().getEpochSecond();
      for (int i = 7; i >= 0; i--) {
        out.write((int) (t >>> (8 * i)));
      }
      writeString(out, e.keyId());
      writeString(out, e.scope());
      if (e.state() == KeyState.RETIRED) {
        out.write(0);
      } else {
        out.write(KeyEntry.SECRET_LENGTH);
        out.writeBytes(e.secretUnsafe());
      }
    }
    return out.toByteArray();
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write(b.length);
    out.writeBytes(b);
  }

  private static Keyring decodeBody(byte[] body, String name) throws InvalidKeyringException {
    ByteBuffer in = ByteBuffer.wrap(body);
    try {
      int count = in.getShort() & 0xffff;
      List<KeyEntry> entries = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        KeyKind kind = KeyKind.byCode(in.get() & 0xff);
        KeyState state = KeyState.byCode(in.get() & 0xff);
        if (kind == null || state == null) {
          throw new InvalidKeyringException(name + ": entry " + i + " has unknown kind or state");
        }
        Instant created = Instant.ofEpochSecond(in.getLong());
        String id = readString(in);
        String scope = readString(in);
        byte[] secret = new byte[in.get() & 0xff];
        in.get(secret);
        if ((state == KeyState.RETIRED) != (secret.length == 0)) {
          throw new InvalidKeyringException(name + ": entry " + i + " secret does not fit state");
        }
        entries.add(new KeyEntry(id, kind, scope, created, state, secret));
        Arrays.fill(secret, (byte) 0);
      }
      if (in.hasRemaining()) {
        throw new InvalidKeyringException(name + ": trailing bytes after the entries");
      }
      return Keyring.of(entries);
    } catch (java.nio.BufferUnderflowException
        | IllegalArgumentException
        | java.time.DateTimeException
        | CharacterCodingException e) {
      throw new InvalidKeyringException(name + ": malformed body (" + e.getMessage() + ")");
    }
  }

  private static String readString(ByteBuffer in) throws CharacterCodingException {
    byte[] b = new byte[in.get() & 0xff];
    in.get(b);
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(b))
        .toString();
  }
}
