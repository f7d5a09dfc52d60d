package io.mirador.installer.verify;

import io.mirador.crypto.DetachedSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The release public keys (minisign format) a verification accepts: the one the operator passed
 * with {@code --key} (checked out of band), or those an installation already trusts ({@code
 * PREFIX/etc/trusted-keys/*.pub}). A key shipped inside a bundle is never trusted by itself.
 */
public final class TrustedKeys {
  private static final int MAX_KEY_BYTES = 4096;
  private final List<String> keys;
  private final String source;

  private TrustedKeys(List<String> keys, String source) {
    this.keys = List.copyOf(keys);
    this.source = source;
  }

  public static TrustedKeys ofFile(Path publicKey) throws VerificationException {
    return new TrustedKeys(List.of(read(publicKey)), publicKey.toString());
  }

  /** Every {@code *.pub} of {@code directory}; none is an error. */
  public static TrustedKeys ofDirectory(Path directory) throws VerificationException {
    List<String> keys = new ArrayList<>();
    if (Files.isDirectory(directory)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.pub")) {
        for (Path file : files) {
          keys.add(read(file));
        }
      } catch (IOException e) {
        throw new VerificationException("cannot read trusted keys in " + directory, e);
      }
    }
    if (keys.isEmpty()) {
      throw new VerificationException(
          "no trusted release key in "
              + directory
              + ": pass --key mirador-release.pub (the key you received out of band)");
    }
    return new TrustedKeys(keys, directory.toString());
  }

  public static TrustedKeys ofText(String publicKeyFileText) {
    return new TrustedKeys(List.of(publicKeyFileText), "given key");
  }

  private static String read(Path file) throws VerificationException {
    try {
      if (Files.size(file) > MAX_KEY_BYTES) {
        throw new VerificationException(file + ": not a minisign public key (too large)");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new VerificationException("cannot read the public key " + file + ": " + e, e);
    }
  }

  public List<String> keys() {
    return keys;
  }

  /**
   * Verifies the manifest's signature with any trusted key and returns the authenticated trusted
   * comment ({@code mirador <kind> <version>}).
   */
  public String verifyManifest(byte[] manifest, byte[] signature) throws VerificationException {
    if (signature.length > MAX_KEY_BYTES) {
      throw new VerificationException(Manifest.SIGNATURE + ": too large to be a signature");
    }
    String sig = new String(signature, StandardCharsets.UTF_8);
    String lastReason = "no key";
    for (String key : keys) {
      DetachedSignature.Verification v = DetachedSignature.verify(key, manifest, sig);
      if (v instanceof DetachedSignature.Verification.Valid valid) {
        return valid.trustedComment();
      }
      lastReason = ((DetachedSignature.Verification.Invalid) v).reason();
    }
    throw new VerificationException(
        Manifest.FILE
            + ": signature not valid with the trusted key(s) of "
            + source
            + " ("
            + lastReason
            + ")");
  }

  /** Kind and version from a trusted comment {@code mirador <kind> <version>}. */
  public record Release(String kind, String version) {}

  public static Release parseTrustedComment(String comment) throws VerificationException {
    String[] parts = comment.trim().split(" ");
    if (parts.length != 3
        || !parts[0].equals("mirador")
        || !(parts[1].equals("appliance") || parts[1].equals("agent"))
        || !parts[2].matches("[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}")) {
      throw new VerificationException(
          Manifest.SIGNATURE + ": trusted comment is not 'mirador <appliance|agent> <version>'");
    }
    return new Release(parts[1], parts[2]);
  }
}
