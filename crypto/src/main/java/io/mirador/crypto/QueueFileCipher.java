package io.mirador.crypto;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.Function;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Segmented streaming AEAD for the agent's disk queue (the construction of Tink's AES-GCM-HKDF
 * streaming AEAD and of Hoang, Reyhanitabar, Rogaway, Vizár, "Online authenticated-encryption and
 * its nonce-reuse misuse-resistance", CRYPTO 2015).
 *
 * <pre>
 * header:  "MIRQ" | version (1) = 1 | log2(segment size) (1) | key id length (1) | key id
 *          | salt (32) | nonce prefix (7)
 * file key = HKDF-SHA256(ikm = master key, salt, info = "mirador queue v1" || header)
 * segment i = AES-256-GCM(file key, nonce = prefix || i (4, big-endian) || last (1), plaintext)
 * </pre>
 *
 * Every segment but the last holds exactly one segment size of plaintext; the last holds 0 to one
 * segment size and has the last flag set. So a flipped bit fails its segment's tag, a reordered or
 * dropped segment fails (its index is in the nonce), a truncated file fails (the new last segment
 * was not sealed as last), appended data fails (the real last segment is then not last), and a
 * segment moved from another file fails (another salt, another file key). Thread-safe.
 */
public final class QueueFileCipher {
  /** Default plaintext segment size: 64 KiB. */
  public static final int DEFAULT_SEGMENT_LOG2 = 16;

  private static final byte[] MAGIC = Bytes.ascii("MIRQ");
  private static final int VERSION = 1;
  private static final int SALT = 32;
  private static final int PREFIX = 7;
  private static final int TAG = 16;
  private static final byte[] INFO = Bytes.ascii("mirador queue v1");

  private final String activeKeyId;
  private final Function<String, byte[]> masterKeys;
  private final int segmentLog2;
  private final SecureRandom random;

  private QueueFileCipher(
      String activeKeyId, Function<String, byte[]> masterKeys, int segmentLog2, SecureRandom rnd) {
    this.activeKeyId = activeKeyId;
    this.masterKeys = masterKeys;
    this.segmentLog2 = segmentLog2;
    this.random = rnd;
    CipherWarmup.start();
  }

  /**
   * A cipher that writes with the ACTIVE {@link KeyKind#QUEUE_MASTER} key of {@code keyring} and
   * reads with any of its queue keys that is not retired.
   */
  public static QueueFileCipher fromKeyring(Keyring keyring, SecureRandom random) {
    KeyEntry active =
        keyring
            .primary(KeyKind.QUEUE_MASTER, "")
            .orElseThrow(() -> new IllegalArgumentException("keyring has no ACTIVE QUEUE_MASTER"));
    return new QueueFileCipher(
        active.keyId(),
        id ->
            keyring
                .find(id)
                .filter(e -> e.kind() == KeyKind.QUEUE_MASTER && e.state() != KeyState.RETIRED)
                .map(KeyEntry::secretUnsafe)
                .orElse(null),
        DEFAULT_SEGMENT_LOG2,
        requireNonNull(random, "random"));
  }

  /** Low-level: any key lookup and segment size (tests use small segments). */
  static QueueFileCipher of(
      String activeKeyId, Function<String, byte[]> keys, int segmentLog2, SecureRandom random) {
    if (segmentLog2 < 6 || segmentLog2 > 24) {
      throw new IllegalArgumentException("segment size must be 2^6..2^24");
    }
    return new QueueFileCipher(activeKeyId, keys, segmentLog2, random);
  }

  /** Thrown when a queue file fails authentication or is structurally broken. */
  public static final class CorruptQueueFileException extends IOException {
    private static final long serialVersionUID = 1L;

    CorruptQueueFileException(String message) {
      super(message);
    }
  }

  public byte[] encrypt(byte[] plaintext) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(plaintext.length + 128);
    try (OutputStream enc = encryptingStream(out)) {
      enc.write(plaintext);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public byte[] decrypt(byte[] file) throws IOException {
    try (InputStream in = decryptingStream(new ByteArrayInputStream(file))) {
      return in.readAllBytes();
    }
  }

  /** Encrypts everything written to it; {@link OutputStream#close()} writes the last segment. */
  public OutputStream encryptingStream(OutputStream out) throws IOException {
    byte[] master = masterKeys.apply(activeKeyId);
    if (master == null) {
      throw new IllegalStateException("active queue key " + activeKeyId + " is not available");
    }
    byte[] keyId = activeKeyId.getBytes(StandardCharsets.UTF_8);
    byte[] salt = new byte[SALT];
    byte[] prefix = new byte[PREFIX];
    random.nextBytes(salt);
    random.nextBytes(prefix);
    byte[] header =
        Bytes.concat(
            MAGIC,
            new byte[] {(byte) VERSION, (byte) segmentLog2, (byte) keyId.length},
            keyId,
            salt,
            prefix);
    out.write(header);
    return new Encrypting(out, fileKey(master, salt, header), prefix, 1 << segmentLog2);
  }

  /** Decrypts and authenticates while reading; any tampering raises an IOException. */
  public InputStream decryptingStream(InputStream in) throws IOException {
    byte[] fixed = in.readNBytes(7);
    if (fixed.length < 7 || !Arrays.equals(fixed, 0, 4, MAGIC, 0, 4)) {
      throw new CorruptQueueFileException("not a Mirador queue file (bad magic or too short)");
    }
    if (fixed[4] != VERSION) {
      throw new CorruptQueueFileException("unsupported queue file version " + fixed[4]);
    }
    int log2 = fixed[5];
    if (log2 < 6 || log2 > 24) {
      throw new CorruptQueueFileException("segment size out of range");
    }
    int idLen = fixed[6] & 0xff;
    byte[] rest = in.readNBytes(idLen + SALT + PREFIX);
    if (idLen == 0 || rest.length < idLen + SALT + PREFIX) {
      throw new CorruptQueueFileException("truncated header");
    }
    String keyId = new String(rest, 0, idLen, StandardCharsets.UTF_8);
    byte[] master = masterKeys.apply(keyId);
    if (master == null) {
      throw new CorruptQueueFileException("unknown or retired queue key id '" + keyId + "'");
    }
    byte[] header = Bytes.concat(fixed, rest);
    byte[] salt = Arrays.copyOfRange(rest, idLen, idLen + SALT);
    byte[] prefix = Arrays.copyOfRange(rest, idLen + SALT, idLen + SALT + PREFIX);
    return new Decrypting(in, fileKey(master, salt, header), prefix, 1 << log2);
  }

  private static SecretKeySpec fileKey(byte[] master, byte[] salt, byte[] header) {
    byte[] key = Hkdf.expand(Hkdf.extract(salt, master), Bytes.concat(INFO, header), 32);
    return new SecretKeySpec(key, "AES");
  }

  private static byte[] nonce(byte[] prefix, long index, boolean last) {
    if (index > 0xffffffffL) {
      throw new IllegalStateException("queue file too long: 2^32 segments");
    }
    byte[] n = Arrays.copyOf(prefix, 12);
    n[7] = (byte) (index >>> 24);
    n[8] = (byte) (index >>> 16);
    n[9] = (byte) (index >>> 8);
    n[10] = (byte) index;
    n[11] = (byte) (last ? 1 : 0);
    return n;
  }

  private static final class Encrypting extends FilterOutputStream {
    private final SecretKeySpec key;
    private final byte[] prefix;
    private final byte[] buf;
    private final byte[] ct;
    private final Cipher cipher;
    private int len;
    private long index;
    private boolean closed;

    Encrypting(OutputStream out, SecretKeySpec key, byte[] prefix, int segment) throws IOException {
      super(out);
      this.key = key;
      this.prefix = prefix;
      this.buf = new byte[segment];
      this.ct = new byte[segment + TAG];
      try {
        this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
      } catch (GeneralSecurityException e) {
        throw new IOException("AES-GCM unavailable", e);
      }
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int n) throws IOException {
      if (closed) {
        throw new IOException("stream closed");
      }
      while (n > 0) {
        if (len == buf.length) {
          seal(false); // more data follows, so this full segment is not the last
        }
        int k = Math.min(n, buf.length - len);
        System.arraycopy(b, off, buf, len, k);
        len += k;
        off += k;
        n -= k;
      }
    }

    private void seal(boolean last) throws IOException {
      try {
        cipher.init(
            Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG * 8, nonce(prefix, index, last)));
        int n = cipher.doFinal(buf, 0, len, ct, 0);
        out.write(ct, 0, n);
      } catch (GeneralSecurityException e) {
        throw new IOException("segment encryption failed", e);
      }
      index++;
      len = 0;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        seal(true);
        Arrays.fill(buf, (byte) 0);
      } finally {
        out.close();
      }
    }
  }

  private static final class Decrypting extends InputStream {
    private final InputStream in;
    private final SecretKeySpec key;
    private final byte[] prefix;
    private final byte[] ct;
    private final byte[] pt;
    private final Cipher cipher;
    private int ctLen;
    private int ptPos;
    private int ptLen;
    private long index;
    private boolean done;

    Decrypting(InputStream in, SecretKeySpec key, byte[] prefix, int segment) throws IOException {
      this.in = in;
      this.key = key;
      this.prefix = prefix;
      this.ct = new byte[segment + TAG + 1]; // one byte of look-ahead tells the last segment
      this.pt = new byte[segment];
      try {
        this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
      } catch (GeneralSecurityException e) {
        throw new IOException("AES-GCM unavailable", e);
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int n) throws IOException {
      while (ptPos == ptLen) {
        if (done) {
          return -1;
        }
        nextSegment();
      }
      int k = Math.min(n, ptLen - ptPos);
      System.arraycopy(pt, ptPos, b, off, k);
      ptPos += k;
      return k;
    }

    private void nextSegment() throws IOException {
      int full = ct.length;
      while (ctLen < full) {
        int r = in.read(ct, ctLen, full - ctLen);
        if (r < 0) {
          break;
        }
        ctLen += r;
      }
      boolean last = ctLen < full;
      int segLen = last ? ctLen : full - 1;
      if (segLen < TAG) {
        throw new CorruptQueueFileException(
            "truncated: segment " + index + " is shorter than its tag");
      }
      try {
        cipher.init(
            Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG * 8, nonce(prefix, index, last)));
        ptLen = cipher.doFinal(ct, 0, segLen, pt, 0);
        ptPos = 0;
      } catch (AEADBadTagException e) {
        throw new CorruptQueueFileException(
            "segment "
                + index
                + (last ? " (last)" : "")
                + " failed authentication: the file was modified, truncated, reordered or"
                + " extended");
      } catch (ShortBufferException e) {
        throw new CorruptQueueFileException("segment " + index + " too long");
      } catch (GeneralSecurityException e) {
        throw new IOException("segment decryption failed", e);
      }
      if (last) {
        done = true;
        ctLen = 0;
      } else {
        ct[0] = ct[full - 1]; // the look-ahead byte starts the next segment
        ctLen = 1;
      }
      index++;
    }

    @Override
    public void close() throws IOException {
      Arrays.fill(pt, (byte) 0);
      in.close();
    }
  }
}
