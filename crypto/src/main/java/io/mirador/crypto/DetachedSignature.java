package io.mirador.crypto;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Detached signatures in the minisign format (https://jedisct1.github.io/minisign/), so the bundle
 * can also be checked with the stock {@code minisign -V} tool.
 *
 * <pre>
 * public key file:
 *   untrusted comment: &lt;text&gt;
 *   base64("Ed" || key number (8) || Ed25519 public key (32))
 *
 * signature file:
 *   untrusted comment: &lt;text&gt;
 *   base64("ED" || key number (8) || Ed25519(BLAKE2b-512(file)) (64))
 *   trusted comment: &lt;text, e.g. timestamp and file name&gt;
 *   base64(Ed25519(signature (64) || trusted comment bytes))
 * </pre>
 *
 * The global signature binds the trusted comment, so it cannot be swapped. The legacy non-prehashed
 * "Ed" signature algorithm is accepted when verifying, never produced.
 */
public final class DetachedSignature {
  private static final byte[] PK_ALG = Bytes.ascii("Ed");
  private static final byte[] SIG_PREHASHED = Bytes.ascii("ED");
  private static final byte[] SIG_LEGACY = Bytes.ascii("Ed");
  private static final String UNTRUSTED = "untrusted comment: ";
  private static final String TRUSTED = "trusted comment: ";

  private DetachedSignature() {}

  /** The outcome of a verification. */
  public sealed interface Verification {
    /** Valid: the trusted comment is authentic too. */
    record Valid(String trustedComment) implements Verification {}

    /** Invalid, with the reason (never a secret). */
    record Invalid(String reason) implements Verification {}

    default boolean isValid() {
      return this instanceof Valid;
    }
  }

  /** The public key file text for {@code signer}. */
  public static String publicKeyFile(Ed25519Signer signer) {
    byte[] keyNum = signer.keyNumber();
    return UNTRUSTED
        + "minisign public key "
        + printableKeyNumber(keyNum)
        + "\n"
        + Base64.getEncoder().encodeToString(Bytes.concat(PK_ALG, keyNum, signer.publicKey()))
        + "\n";
  }

  /** Signs {@code data}; {@code trustedComment} is authenticated (one line, no newline). */
  public static String sign(Ed25519Signer signer, InputStream data, String trustedComment)
      throws IOException {
    requireNonNull(trustedComment, "trustedComment");
    if (trustedComment.indexOf('\n') >= 0 || trustedComment.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("trustedComment must be one line");
    }
    byte[] sig = signer.sign(blake2b512(data));
    byte[] global = signer.sign(Bytes.concat(sig, trustedComment.getBytes(StandardCharsets.UTF_8)));
    Base64.Encoder b64 = Base64.getEncoder();
    return UNTRUSTED
        + "signature from mirador secret key "
        + printableKeyNumber(signer.keyNumber())
        + "\n"
        + b64.encodeToString(Bytes.concat(SIG_PREHASHED, signer.keyNumber(), sig))
        + "\n"
        + TRUSTED
        + trustedComment
        + "\n"
        + b64.encodeToString(global)
        + "\n";
  }

  public static String sign(Ed25519Signer signer, byte[] data, String trustedComment) {
    try {
      return sign(signer, new java.io.ByteArrayInputStream(data), trustedComment);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static Verification verify(String publicKeyFile, byte[] data, String signatureFile) {
    try {
      return verify(publicKeyFile, new java.io.ByteArrayInputStream(data), signatureFile);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Verifies a signature file against a public key file (both as minisign writes them). */
  public static Verification verify(String publicKeyFile, InputStream data, String signatureFile)
      throws IOException {
    requireNonNull(data, "data");
    byte[] pk = decodeLine(lastNonCommentLine(requireNonNull(publicKeyFile, "publicKeyFile")));
    if (pk == null || pk.length != 42 || !Arrays.equals(pk, 0, 2, PK_ALG, 0, 2)) {
      return new Verification.Invalid("malformed public key");
    }
    String[] lines = requireNonNull(signatureFile, "signatureFile").split("\r?\n");
    if (lines.length < 4 || !lines[0].startsWith(UNTRUSTED) || !lines[2].startsWith(TRUSTED)) {
      return new Verification.Invalid("malformed signature file");
    }
    byte[] sigBlob = decodeLine(lines[1]);
    byte[] global = decodeLine(lines[3]);
    if (sigBlob == null || sigBlob.length != 74 || global == null || global.length != 64) {
      return new Verification.Invalid("malformed signature");
    }
    boolean prehashed = Arrays.equals(sigBlob, 0, 2, SIG_PREHASHED, 0, 2);
    if (!prehashed && !Arrays.equals(sigBlob, 0, 2, SIG_LEGACY, 0, 2)) {
      return new Verification.Invalid("unsupported signature algorithm");
    }
    if (!Arrays.equals(sigBlob, 2, 10, pk, 2, 10)) {
      return new Verification.Invalid(
          "signed by key "
              + printableKeyNumber(Arrays.copyOfRange(sigBlob, 2, 10))
              + ", not by key "
              + printableKeyNumber(Arrays.copyOfRange(pk, 2, 10)));
    }
    byte[] publicKey = Arrays.copyOfRange(pk, 10, 42);
    byte[] sig = Arrays.copyOfRange(sigBlob, 10, 74);
    byte[] message = prehashed ? blake2b512(data) : data.readAllBytes();
    if (!Ed25519Signer.verify(publicKey, message, sig)) {
      return new Verification.Invalid("signature does not match the data");
    }
    String trusted = lines[2].substring(TRUSTED.length());
    byte[] globalMessage = Bytes.concat(sig, trusted.getBytes(StandardCharsets.UTF_8));
    if (!Ed25519Signer.verify(publicKey, globalMessage, global)) {
      return new Verification.Invalid("trusted comment was modified");
    }
    return new Verification.Valid(trusted);
  }

  private static String lastNonCommentLine(String text) {
    String found = null;
    for (String line : text.split("\r?\n")) {
      if (!line.isBlank() && !line.startsWith(UNTRUSTED)) {
        found = line.strip();
      }
    }
    return found;
  }

  private static byte[] decodeLine(String line) {
    if (line == null) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(line.strip());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] blake2b512(InputStream in) throws IOException {
    Blake2bDigest d = new Blake2bDigest(512);
    byte[] buf = new byte[65536];
    for (int n; (n = in.read(buf)) > 0; ) {
      d.update(buf, 0, n);
    }
    byte[] out = new byte[64];
    d.doFinal(out, 0);
    return out;
  }

  /** minisign prints the key number as a little-endian 64-bit integer in upper-case hex. */
  private static String printableKeyNumber(byte[] keyNum) {
    byte[] reversed = new byte[8];
    for (int i = 0; i < 8; i++) {
      reversed[i] = keyNum[7 - i];
    }
    return HexFormat.of().withUpperCase().formatHex(reversed);
  }
}
