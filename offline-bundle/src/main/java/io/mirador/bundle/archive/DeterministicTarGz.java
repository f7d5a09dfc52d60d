package io.mirador.bundle.archive;

import static java.util.Objects.requireNonNull;

import io.mirador.bundle.tree.BundleEntry;
import io.mirador.bundle.tree.BundlePath;
import io.mirador.bundle.tree.BundleTree;
import io.mirador.bundle.tree.FileDigests;
import io.mirador.bundle.tree.FileEntry;
import io.mirador.bundle.tree.SymlinkEntry;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a tree as a {@code .tar.gz} whose bytes depend only on the tree's content: entries in
 * bytewise path order under one top directory, one fixed time, uid/gid 0 and no owner names, modes
 * 0755 (directories, executables) and 0644 (other files), a gzip header without name or time. Files
 * with the same content and mode are stored once: the first in path order as a regular entry, the
 * others as tar hard links to it, which {@code tar -xzf} restores as files.
 */
public final class DeterministicTarGz {
  private final String top;
  private final Instant time;
  private final int level;

  /**
   * What was written. {@code compressedByPart} is the compressed size of each top-level part
   * (runtime, apps, lib, ...), measured at the deflater between the parts' first entries: within
   * the deflater's window (tens of KiB) of exact.
   */
  public record Written(
      Path file,
      long bytes,
      int regularEntries,
      int hardLinks,
      long storedBytes,
      Map<String, Long> compressedByPart) {
    public Written {
      compressedByPart = Map.copyOf(compressedByPart);
    }
  }

  public DeterministicTarGz(String top, Instant time, int gzipLevel) {
    this.top = BundlePath.of(requireNonNull(top, "top")).value();
    if (top.contains("/")) {
      throw new IllegalArgumentException("top directory must be one name: " + top);
    }
    this.time = requireNonNull(time, "time");
    this.level = gzipLevel;
  }

  /** Writes {@code tree} to {@code target} (through a temporary file moved in place at the end). */
  public Written write(BundleTree tree, FileDigests digests, Path target) throws IOException {
    Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".bundle", ".tmp");
    try {
      Counts counts;
      try (OutputStream file = Files.newOutputStream(tmp)) {
        counts = write(tree, digests, file);
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return new Written(
          target,
          Files.size(target),
          counts.regular,
          counts.links,
          counts.storedBytes,
          counts.byPart);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static final class Counts {
    int regular;
    int links;
    long storedBytes;
    final Map<String, Long> byPart = new TreeMap<>();
  }

  private Counts write(BundleTree tree, FileDigests digests, OutputStream sink) throws IOException {
    Counts counts = new Counts();
    TreeMap<BundlePath, BundleEntry> all = new TreeMap<>();
    tree.directories().forEach(d -> all.put(d, null));
    tree.entries().forEach(e -> all.put(e.path(), e));
    Map<String, String> firstByContent = new HashMap<>();
    GzipStream gzip = new GzipStream(sink, level);
    BufferedOutputStream buffer = new BufferedOutputStream(gzip, 1 << 20);
    String part = null;
    long partStart = 0;
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(buffer, "UTF-8")) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      tar.setAddPaxHeadersForNonAsciiNames(true);
      putDirectory(tar, top + "/");
      for (Map.Entry<BundlePath, BundleEntry> e : all.entrySet()) {
        String name = top + "/" + e.getKey().value();
        String thisPart = e.getKey().value().split("/", 2)[0];
        if (!thisPart.equals(part)) {
          buffer.flush();
          if (part != null) {
            counts.byPart.merge(part, gzip.compressedSoFar() - partStart, Long::sum);
          }
          part = thisPart;
          partStart = gzip.compressedSoFar();
        }
        switch (e.getValue()) {
          case null -> putDirectory(tar, name + "/");
          case SymlinkEntry link -> {
            TarArchiveEntry entry = newEntry(name, TarConstants.LF_SYMLINK, 0777);
            entry.setLinkName(link.target());
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
          }
          case FileEntry file -> {
            String key = digests.sha256(file.path()) + " " + file.mode();
            String first = file.content().size() == 0 ? null : firstByContent.get(key);
            if (first != null) {
              TarArchiveEntry entry = newEntry(name, TarConstants.LF_LINK, file.mode());
              entry.setLinkName(first);
              tar.putArchiveEntry(entry);
              tar.closeArchiveEntry();
              counts.links++;
            } else {
              firstByContent.put(key, name);
              TarArchiveEntry entry = newEntry(name, TarConstants.LF_NORMAL, file.mode());
              long size = file.content().size();
              entry.setSize(size);
              tar.putArchiveEntry(entry);
              String expected = digests.sha256(file.path());
              try (InputStream in = file.content().open()) {
                // The manifest was made from an earlier read: what goes into the tarball must be
                // those bytes, or the bundle would not verify (another build rewrote a source).
                DigestInputStream hashing = new DigestInputStream(in, sha256());
                long copied = hashing.transferTo(tar);
                String actual = HexFormat.of().formatHex(hashing.getMessageDigest().digest());
                if (copied != size || !actual.equals(expected)) {
                  throw new IOException(
                      file.path()
                          + " changed while the bundle was built (another build rewrote it?):"
                          + " build the bundle again");
                }
              }
              tar.closeArchiveEntry();
              counts.regular++;
              counts.storedBytes += size;
            }
          }
        }
      }
      tar.finish();
      buffer.flush();
      if (part != null) {
        counts.byPart.merge(part, gzip.compressedSoFar() - partStart, Long::sum);
      }
    }
    return counts;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private void putDirectory(TarArchiveOutputStream tar, String name) throws IOException {
    tar.putArchiveEntry(newEntry(name, TarConstants.LF_DIR, 0755));
    tar.closeArchiveEntry();
  }

  private TarArchiveEntry newEntry(String name, byte type, int mode) {
    TarArchiveEntry entry = new TarArchiveEntry(name, type);
    int kind =
        switch (type) {
          case TarConstants.LF_DIR -> 0040000;
          case TarConstants.LF_SYMLINK -> 0120000;
          default -> 0100000;
        };
    entry.setMode(kind | mode);
    entry.setIds(0, 0);
    entry.setUserName("");
    entry.setGroupName("");
    entry.setModTime(time.getEpochSecond() * 1000);
    return entry;
  }
}
