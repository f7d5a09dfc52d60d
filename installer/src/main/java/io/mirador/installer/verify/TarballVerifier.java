package io.mirador.installer.verify;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Verifies a bundle tarball ({@code .tar.gz}) without unpacking it, then (only if everything
 * verified) extracts it. The first pass streams the archive once: it refuses absolute paths, {@code
 * ..}, entries outside the one top directory, devices and fifos, duplicate entries, hard links to
 * anything but an earlier file, escaping symlinks and oversize content, and hashes every file; then
 * checks the manifest's signature and that the archive holds exactly what the manifest lists. The
 * second pass extracts and checks each file's hash again as it is written, so a tarball replaced
 * between the passes is caught too.
 */
public final class TarballVerifier {

  /** Bounds on what an archive may hold. */
  public record Limits(long maxEntryBytes, long maxTotalBytes, int maxEntries) {
    public static final Limits DEFAULT = new Limits(2L << 30, 8L << 30, 100_000);
  }

  private enum Kind {
    FILE,
    SYMLINK,
    DIRECTORY
  }

  private record Seen(Kind kind, String sha256, String target) {}

  private record Scan(
      String top, Map<String, Seen> entries, byte[] manifest, byte[] signature, byte[] version) {}

  private TarballVerifier() {}

  /** Verifies the tarball; nothing is written anywhere. */
  public static VerifiedBundle verify(Path tarball, TrustedKeys keys, Limits limits)
      throws VerificationException {
    return check(scan(tarball, limits, null, null, keys), keys);
  }

  /**
   * Verifies the tarball, then extracts its top directory's content into {@code destination} (which
   * must not exist; it is created). On any failure the partial destination is removed.
   */
  public static VerifiedBundle extract(
      Path tarball, TrustedKeys keys, Limits limits, Path destination)
      throws VerificationException {
    VerifiedBundle verified = check(scan(tarball, limits, null, null, keys), keys);
    if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
      throw new VerificationException(destination + " already exists");
    }
    try {
      Files.createDirectories(destination);
      scan(tarball, limits, destination, verified.manifest(), keys);
    } catch (VerificationException | IOException | RuntimeException e) {
      deleteQuietly(destination);
      if (e instanceof VerificationException v) {
        throw v;
      }
      throw new VerificationException("extraction failed: " + e.getMessage(), e);
    }
    return verified;
  }

  private static VerifiedBundle check(Scan scan, TrustedKeys keys) throws VerificationException {
    if (scan.manifest() == null) {
      throw new VerificationException(Manifest.FILE + ": missing from the tarball");
    }
    if (scan.signature() == null) {
      throw new VerificationException(Manifest.SIGNATURE + ": missing from the tarball");
    }
    String comment = keys.verifyManifest(scan.manifest(), scan.signature());
    TrustedKeys.Release signed = TrustedKeys.parseTrustedComment(comment);
    Manifest manifest = Manifest.parse(scan.manifest());
    for (Map.Entry<String, Seen> e : new java.util.TreeMap<>(scan.entries()).entrySet()) {
      String path = e.getKey();
      Seen seen = e.getValue();
      if (seen.kind() == Kind.DIRECTORY
          || path.equals(Manifest.FILE)
          || path.equals(Manifest.SIGNATURE)) {
        continue;
      }
      Manifest.Entry listed = manifest.entries().get(path);
      if (listed == null) {
        throw new VerificationException(
            BundlePaths.printable(path) + ": not in the MANIFEST (unexpected file)");
      }
      if (seen.kind() == Kind.SYMLINK) {
        if (!listed.isSymlink() || !listed.symlinkTarget().equals(seen.target())) {
          throw new VerificationException(
              BundlePaths.printable(path) + ": symlink differs from the MANIFEST");
        }
      } else if (listed.isSymlink() || !listed.sha256().equals(seen.sha256())) {
        throw new VerificationException(
            BundlePaths.printable(path) + ": SHA-256 differs from the MANIFEST (modified file)");
      }
    }
    for (String path : new TreeSet<>(manifest.entries().keySet())) {
      Seen seen = scan.entries().get(path);
      if (seen == null || seen.kind() == Kind.DIRECTORY) {
        throw new VerificationException(
            BundlePaths.printable(path) + ": missing (listed in the MANIFEST)");
      }
    }
    if (scan.version() == null) {
      throw new VerificationException(ReleaseInfo.FILE + ": missing from the tarball");
    }
    ReleaseInfo release = ReleaseInfo.parse(scan.version());
    DirectoryVerifier.requireSameRelease(signed, release);
    if (!release.expectedTopDirectory().equals(scan.top())) {
      throw new VerificationException(
          BundlePaths.printable(scan.top())
              + "/: the top directory of a "
              + release.kind()
              + " bundle of version "
              + release.version()
              + " must be "
              + release.expectedTopDirectory()
              + "/");
    }
    return new VerifiedBundle(release, manifest, scan.top());
  }

  /**
   * One pass over the archive. With {@code destination} null it only reads; otherwise it writes
   * each entry under {@code destination} and compares each file with {@code verified}.
   */
  private static Scan scan(
      Path tarball, Limits limits, Path destination, Manifest verified, TrustedKeys keys)
      throws VerificationException {
    // The bundle's entries are in bytewise path order, so MANIFEST and its signature come first:
    // once both are read and the signature holds, each later file is checked as it streams by, and
    // a mismatch (or a corrupt gzip stream) is reported with the file it is in.
    Manifest early = verified;
    String current = null;
    Map<String, Seen> entries = new HashMap<>();
    byte[] manifest = null;
    byte[] signature = null;
    byte[] version = null;
    String top = null;
    long total = 0;
    try (InputStream file = Files.newInputStream(tarball);
        GZIPInputStream gzip =
            new GZIPInputStream(new BufferedInputStream(file, 1 << 16), 1 << 16)) {
      TarReader tar = new TarReader(gzip);
      for (TarReader.Entry entry; (entry = tar.next()) != null; ) {
        if (entries.size() >= limits.maxEntries()) {
          throw new VerificationException("more than " + limits.maxEntries() + " entries");
        }
        String name = entry.name();
        String shown = BundlePaths.printable(name);
        current = shown;
        if (name.startsWith("/")) {
          throw new VerificationException(shown + ": absolute path in the tarball");
        }
        String clean = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        if (clean.startsWith("./")) {
          clean = clean.substring(2);
        }
        BundlePaths.requireClean(clean, "tar entry " + shown);
        int slash = clean.indexOf('/');
        String entryTop = slash < 0 ? clean : clean.substring(0, slash);
        if (top == null) {
          top = entryTop;
          if (!top.startsWith("mirador")) {
            throw new VerificationException(
                shown
                    + ": the tarball's top directory must be mirador-<version>/ or mirador-agent-<version>/");
          }
        } else if (!top.equals(entryTop)) {
          throw new VerificationException(shown + ": outside the top directory " + top + "/");
        }
        if (slash < 0) {
          if (entry.type() != TarReader.Type.DIRECTORY) {
            throw new VerificationException(shown + ": the top directory must be a directory");
          }
          continue;
        }
        String rel = clean.substring(slash + 1);
        if (entries.containsKey(rel)) {
          throw new VerificationException(shown + ": duplicate entry in the tarball");
        }
        Path out = destination == null ? null : destination.resolve(rel).normalize();
        if (out != null && !out.startsWith(destination)) {
          throw new VerificationException(shown + ": escapes the destination");
        }
        switch (entry.type()) {
          case DIRECTORY -> {
            entries.put(rel, new Seen(Kind.DIRECTORY, null, null));
            if (out != null) {
              Files.createDirectories(out);
            }
          }
          case SYMLINK -> {
            BundlePaths.requireContainedSymlink(rel, entry.linkName());
            entries.put(rel, new Seen(Kind.SYMLINK, null, entry.linkName()));
            if (out != null) {
              Files.createDirectories(out.getParent());
              Files.createSymbolicLink(out, Path.of(entry.linkName()));
            }
          }
          case HARD_LINK -> {
            String target = entry.linkName();
            String targetClean = target.startsWith("./") ? target.substring(2) : target;
            BundlePaths.requireClean(targetClean, "hard link " + shown);
            if (!targetClean.startsWith(top + "/")) {
              throw new VerificationException(shown + ": hard link outside the top directory");
            }
            String targetRel = targetClean.substring(top.length() + 1);
            Seen linked = entries.get(targetRel);
            if (linked == null || linked.kind() != Kind.FILE) {
              throw new VerificationException(
                  shown + ": hard link to something that is not an earlier file of the tarball");
            }
            entries.put(rel, linked);
            if (out != null) {
              Files.createDirectories(out.getParent());
              Path existing = destination.resolve(targetRel);
              try {
                Files.createLink(out, existing);
              } catch (IOException | UnsupportedOperationException e) {
                Files.copy(existing, out);
              }
            }
          }
          case FILE -> {
            if (entry.size() > limits.maxEntryBytes()) {
              throw new VerificationException(
                  shown + ": larger than " + limits.maxEntryBytes() + " bytes");
            }
            total += entry.size();
            if (total > limits.maxTotalBytes()) {
              throw new VerificationException(
                  "the tarball unpacks to more than " + limits.maxTotalBytes() + " bytes");
            }
            boolean keep =
                rel.equals(Manifest.FILE)
                    || rel.equals(Manifest.SIGNATURE)
                    || rel.equals(ReleaseInfo.FILE);
            if (keep && entry.size() > Manifest.MAX_BYTES) {
              throw new VerificationException(shown + ": too large");
            }
            Copied copied = copyAndHash(tar.content(), out, entry.mode(), keep);
            if (out != null) {
              Files.setLastModifiedTime(
                  out, java.nio.file.attribute.FileTime.fromMillis(entry.mtime() * 1000));
            }
            String sha = copied.sha256();
            if (keep) {
              byte[] bytes = copied.kept();
              switch (rel) {
                case Manifest.FILE -> manifest = bytes;
                case Manifest.SIGNATURE -> signature = bytes;
                default -> version = bytes;
              }
            }
            entries.put(rel, new Seen(Kind.FILE, sha, null));
            if (early == null && manifest != null && signature != null) {
              keys.verifyManifest(manifest, signature);
              early = Manifest.parse(manifest);
            }
            if (early != null && !keep) {
              Manifest.Entry listed = early.entries().get(rel);
              if (listed == null) {
                throw new VerificationException(
                    BundlePaths.printable(rel) + ": not in the MANIFEST (unexpected file)");
              }
              if (!sha.equals(listed.sha256())) {
                throw new VerificationException(
                    BundlePaths.printable(rel)
                        + (verified != null
                            ? ": changed since it was verified (the tarball was replaced?)"
                            : ": SHA-256 differs from the MANIFEST (modified file)"));
              }
            }
          }
          case OTHER ->
              throw new VerificationException(
                  shown
                      + ": entry type '"
                      + (entry.typeFlag() < 0x20 ? '?' : entry.typeFlag())
                      + "' (device, fifo or other special file) is not allowed");
        }
      }
      // Drain what follows the end-of-archive blocks so the gzip trailer (CRC, length) is checked.
      byte[] rest = new byte[8192];
      long trailing = 0;
      for (int n; (n = gzip.read(rest)) > 0; ) {
        trailing += n;
        if (trailing > (1 << 20)) {
          throw new VerificationException("unexpected data after the end of the tar archive");
        }
      }
    } catch (EOFException e) {
      throw new VerificationException(
          tarball.getFileName() + ": truncated (" + e.getMessage() + where(current) + ")", e);
    } catch (ZipException e) {
      throw new VerificationException(
          tarball.getFileName()
              + ": not a valid gzip stream ("
              + e.getMessage()
              + where(current)
              + ")",
          e);
    } catch (IOException e) {
      throw new VerificationException(
          tarball.getFileName() + ": cannot be read (" + e.getMessage() + where(current) + ")", e);
    }
    if (top == null) {
      throw new VerificationException(tarball.getFileName() + ": empty archive");
    }
    return new Scan(top, entries, manifest, signature, version);
  }

  private static String where(String entry) {
    return entry == null ? "" : "; at or after " + entry;
  }

  /** A file's SHA-256 and, for the small files the check needs, its bytes. */
  private record Copied(String sha256, byte[] kept) {}

  private static Copied copyAndHash(InputStream content, Path out, int mode, boolean keep)
      throws IOException {
    MessageDigest digest = Hashing.sha256();
    java.io.ByteArrayOutputStream kept = keep ? new java.io.ByteArrayOutputStream() : null;
    OutputStream sink = null;
    try {
      if (out != null) {
        Files.createDirectories(out.getParent());
        sink = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      }
      byte[] buf = new byte[1 << 16];
      for (int n; (n = content.read(buf)) > 0; ) {
        digest.update(buf, 0, n);
        if (sink != null) {
          sink.write(buf, 0, n);
        }
        if (kept != null) {
          kept.write(buf, 0, n);
        }
      }
    } finally {
      if (sink != null) {
        sink.close();
      }
    }
    if (out != null) {
      Files.setPosixFilePermissions(
          out, PosixFilePermissions.fromString((mode & 0111) != 0 ? "rwxr-xr-x" : "rw-r--r--"));
    }
    return new Copied(Hashing.hex(digest), kept == null ? null : kept.toByteArray());
  }

  static void deleteQuietly(Path root) {
    try {
      ReleaseFiles.deleteTree(root);
    } catch (IOException ignored) {
      // best effort: the caller reports the original failure
    }
  }
}
