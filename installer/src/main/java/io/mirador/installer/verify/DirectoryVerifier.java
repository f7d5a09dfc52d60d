package io.mirador.installer.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Verifies an unpacked bundle directory: the manifest's signature with a trusted key, then every
 * listed file's SHA-256 and every symlink's target, and that nothing unlisted is present. Any
 * difference stops with the file named.
 */
public final class DirectoryVerifier {
  private DirectoryVerifier() {}

  public static VerifiedBundle verify(Path root, TrustedKeys keys) throws VerificationException {
    Path top = root.toAbsolutePath().normalize();
    if (!Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
      throw new VerificationException(top + " is not a bundle directory");
    }
    byte[] manifestBytes = readSmall(top.resolve(Manifest.FILE), Manifest.MAX_BYTES);
    byte[] signature = readSmall(top.resolve(Manifest.SIGNATURE), 4096);
    String comment = keys.verifyManifest(manifestBytes, signature);
    TrustedKeys.Release signed = TrustedKeys.parseTrustedComment(comment);
    Manifest manifest = Manifest.parse(manifestBytes);
    Map<String, Manifest.Entry> expected = manifest.entries();

    Set<String> seen = new HashSet<>();
    Set<String> extra = new TreeSet<>();
    try {
      Files.walkFileTree(
          top,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              String rel = relative(top, file);
              if (rel.equals(Manifest.FILE) || rel.equals(Manifest.SIGNATURE)) {
                return FileVisitResult.CONTINUE;
              }
              Manifest.Entry entry = expected.get(rel);
              if (entry == null) {
                extra.add(rel);
                return FileVisitResult.CONTINUE;
              }
              seen.add(rel);
              try {
                check(file, rel, entry, attrs);
              } catch (VerificationException e) {
                throw new IOException(new Wrapped(e));
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      if (e.getCause() instanceof Wrapped w) {
        throw w.failure;
      }
      throw new VerificationException("cannot read the bundle: " + e.getMessage(), e);
    }
    if (!extra.isEmpty()) {
      throw new VerificationException(
          BundlePaths.printable(extra.iterator().next())
              + ": not in the MANIFEST (unexpected file"
              + (extra.size() > 1 ? ", and " + (extra.size() - 1) + " more" : "")
              + ")");
    }
    for (String path : new TreeSet<>(expected.keySet())) {
      if (!seen.contains(path)) {
        throw new VerificationException(
            BundlePaths.printable(path) + ": missing (listed in the MANIFEST)");
      }
    }
    ReleaseInfo release = ReleaseInfo.parse(readSmall(top.resolve(ReleaseInfo.FILE), 65536));
    requireSameRelease(signed, release);
    return new VerifiedBundle(release, manifest, top.getFileName().toString());
  }

  static void requireSameRelease(TrustedKeys.Release signed, ReleaseInfo release)
      throws VerificationException {
    if (!signed.version().equals(release.version()) || !signed.kind().equals(release.kind())) {
      throw new VerificationException(
          ReleaseInfo.FILE
              + " says "
              + release.kind()
              + " "
              + release.version()
              + " but the signature is for "
              + signed.kind()
              + " "
              + signed.version());
    }
  }

  private static void check(Path file, String rel, Manifest.Entry entry, BasicFileAttributes attrs)
      throws IOException, VerificationException {
    if (attrs.isSymbolicLink()) {
      if (!entry.isSymlink()) {
        throw new VerificationException(
            BundlePaths.printable(rel) + ": is a symlink, the MANIFEST lists a file");
      }
      String target = Files.readSymbolicLink(file).toString();
      if (!target.equals(entry.symlinkTarget())) {
        throw new VerificationException(
            BundlePaths.printable(rel) + ": symlink target differs from the MANIFEST");
      }
      return;
    }
    if (!attrs.isRegularFile()) {
      throw new VerificationException(
          BundlePaths.printable(rel) + ": not a regular file (device, fifo or socket)");
    }
    if (entry.isSymlink()) {
      throw new VerificationException(
          BundlePaths.printable(rel) + ": is a file, the MANIFEST lists a symlink");
    }
    String actual;
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      actual = Hashing.sha256(in);
    }
    if (!actual.equals(entry.sha256())) {
      throw new VerificationException(
          BundlePaths.printable(rel) + ": SHA-256 differs from the MANIFEST (modified file)");
    }
  }

  private static String relative(Path top, Path file) {
    return top.relativize(file).toString();
  }

  static byte[] readSmall(Path file, int max) throws VerificationException {
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new VerificationException(file.getFileName() + ": missing");
      }
      if (Files.size(file) > max) {
        throw new VerificationException(file.getFileName() + ": larger than " + max + " bytes");
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new VerificationException("cannot read " + file.getFileName() + ": " + e, e);
    }
  }

  /** Carries a verification failure through the file walker's IOException. */
  private static final class Wrapped extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient VerificationException failure;

    Wrapped(VerificationException failure) {
      super(failure.getMessage(), null, false, false);
      this.failure = failure;
    }
  }
}
