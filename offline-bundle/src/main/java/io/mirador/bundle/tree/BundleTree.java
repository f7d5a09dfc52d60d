package io.mirador.bundle.tree;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The bundle's content below its top directory: every file and link, sorted bytewise by path.
 * Nothing is copied: a file entry points at its source. Immutable once built.
 */
public final class BundleTree {
  private final NavigableMap<BundlePath, BundleEntry> entries;

  private BundleTree(NavigableMap<BundlePath, BundleEntry> entries) {
    this.entries = entries;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every entry in bytewise path order. */
  public Collection<BundleEntry> entries() {
    return entries.values();
  }

  public BundleEntry get(BundlePath path) {
    return entries.get(path);
  }

  public boolean contains(String path) {
    return entries.containsKey(BundlePath.of(path));
  }

  /** The directories the entries imply, in bytewise order (parents before children). */
  public SortedSet<BundlePath> directories() {
    SortedSet<BundlePath> dirs = new TreeSet<>();
    for (BundlePath path : entries.keySet()) {
      for (BundlePath p = path.parent(); p != null && dirs.add(p); p = p.parent()) {
        // every ancestor once
      }
    }
    return dirs;
  }

  /** A builder that refuses two entries at one path and a file where a directory is implied. */
  public static final class Builder {
    private final NavigableMap<BundlePath, BundleEntry> entries = new TreeMap<>();

    private Builder() {}

    public Builder file(String path, Path source, boolean executable) {
      return add(new FileEntry(BundlePath.of(path), new FileEntry.OnDisk(source), executable));
    }

    public Builder bytes(String path, byte[] content, boolean executable) {
      return add(new FileEntry(BundlePath.of(path), new FileEntry.Inline(content), executable));
    }

    public Builder symlink(String path, String target) {
      return add(new SymlinkEntry(BundlePath.of(path), target));
    }

    public Builder add(BundleEntry entry) {
      requireNonNull(entry, "entry");
      if (entries.putIfAbsent(entry.path(), entry) != null) {
        throw new IllegalArgumentException("two entries at " + entry.path());
      }
      return this;
    }

    /** Replaces or adds an entry (a test variant of a bundle). */
    public Builder replace(BundleEntry entry) {
      entries.put(requireNonNull(entry, "entry").path(), entry);
      return this;
    }

    /** Removes the entry at {@code path} and everything below it; false when there was none. */
    public boolean remove(String path) {
      BundlePath p = BundlePath.of(path);
      boolean removed = entries.remove(p) != null;
      List<BundlePath> below = new ArrayList<>();
      for (BundlePath candidate : entries.tailMap(p, false).keySet()) {
        if (candidate.startsWith(p.value())) {
          below.add(candidate);
        }
      }
      below.forEach(entries::remove);
      return removed || !below.isEmpty();
    }

    /**
     * Adds every file under {@code sourceDir} below {@code prefix}. A source file is executable
     * when its owner may execute it; a symbolic link is kept as a link when its target stays inside
     * the bundle, refused otherwise; anything else (device, socket, pipe) is refused.
     */
    public Builder directory(String prefix, Path sourceDir) throws IOException {
      if (!Files.isDirectory(sourceDir, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("not a directory: " + sourceDir);
      }
      List<Path> files;
      try (Stream<Path> walk = Files.walk(sourceDir)) {
        files = walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
      }
      for (Path source : files) {
        String relative = sourceDir.relativize(source).toString();
        String path = prefix.isEmpty() ? relative : prefix + "/" + relative;
        if (Files.isSymbolicLink(source)) {
          symlink(path, Files.readSymbolicLink(source).toString());
        } else if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
          file(path, source, ownerExecutable(source));
        } else {
          throw new IOException("not a regular file or link: " + source);
        }
      }
      return this;
    }

    public BundleTree build() {
      NavigableMap<BundlePath, BundleEntry> copy = new TreeMap<>(entries);
      for (BundlePath path : copy.keySet()) {
        for (BundlePath p = path.parent(); p != null; p = p.parent()) {
          if (copy.containsKey(p)) {
            throw new IllegalArgumentException(p + " is a file and also a directory of " + path);
          }
        }
      }
      return new BundleTree(java.util.Collections.unmodifiableNavigableMap(copy));
    }

    private static boolean ownerExecutable(Path file) {
      try {
        return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** For tests and reports: path to entry. */
  public Map<BundlePath, BundleEntry> asMap() {
    return entries;
  }
}
