package io.mirador.bundle.tree;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/** The SHA-256 of every file of a tree, computed once and shared by manifest, SBOM and archive. */
public final class FileDigests {
  private final Map<BundlePath, String> hex;

  private FileDigests(Map<BundlePath, String> hex) {
    this.hex = hex;
  }

  public static FileDigests of(BundleTree tree) throws IOException {
    return of(tree, new FileDigests(Map.of()));
  }

  /** The digests of {@code tree}, reusing those {@code known} has for unchanged entries. */
  public static FileDigests of(BundleTree tree, FileDigests known) throws IOException {
    Map<BundlePath, String> hex = new HashMap<>();
    for (BundleEntry entry : tree.entries()) {
      if (entry instanceof FileEntry file) {
        String previous = known.hex.get(file.path());
        if (previous != null && file.content() instanceof FileEntry.OnDisk) {
          hex.put(file.path(), previous);
          continue;
        }
        try (InputStream in = file.content().open()) {
          hex.put(file.path(), sha256(in));
        }
      }
    }
    return new FileDigests(Map.copyOf(hex));
  }

  /** The lower-case hex SHA-256 of the file at {@code path}. */
  public String sha256(BundlePath path) {
    String h = hex.get(path);
    if (h == null) {
      throw new IllegalArgumentException("no digest for " + path);
    }
    return h;
  }

  public static String sha256(InputStream in) throws IOException {
    MessageDigest md = newSha256();
    byte[] buf = new byte[1 << 16];
    for (int n; (n = in.read(buf)) > 0; ) {
      md.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newSha256().digest(bytes));
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
