package io.mirador.bundle.manifest;

import static java.util.Objects.requireNonNull;

import io.mirador.bundle.tree.BundleEntry;
import io.mirador.bundle.tree.BundlePath;
import io.mirador.bundle.tree.BundleTree;
import io.mirador.bundle.tree.FileDigests;
import io.mirador.bundle.tree.FileEntry;
import io.mirador.bundle.tree.SymlinkEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The bundle's MANIFEST: one line per regular file, {@code "<sha256 hex> <path>"}, and one per
 * symbolic link, {@code "symlink <path> -> <target>"}, sorted bytewise by path. MANIFEST and its
 * signature MANIFEST.minisig are the two files it does not list.
 */
public final class Manifest {
  public static final String FILE_NAME = "MANIFEST";
  public static final String SIGNATURE_NAME = "MANIFEST.minisig";

  /** The two files of the top directory that the manifest cannot list. */
  public static final Set<String> UNLISTED = Set.of(FILE_NAME, SIGNATURE_NAME);

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final String SYMLINK = "symlink  ";
  private static final String ARROW = " -> ";

  /** What a line says about one path. */
  public sealed interface Line {
    BundlePath path();
  }

  public record FileLine(BundlePath path, String sha256) implements Line {}

  public record LinkLine(BundlePath path, String target) implements Line {}

  private final TreeMap<BundlePath, Line> lines;

  private Manifest(TreeMap<BundlePath, Line> lines) {
    this.lines = lines;
  }

  /** The manifest of {@code tree}: every entry, MANIFEST and MANIFEST.minisig refused. */
  public static Manifest of(BundleTree tree, FileDigests digests) {
    TreeMap<BundlePath, Line> lines = new TreeMap<>();
    for (BundleEntry entry : tree.entries()) {
      if (UNLISTED.contains(entry.path().value())) {
        throw new IllegalArgumentException(entry.path() + " is written by the manifest step");
      }
      Line line =
          switch (entry) {
            case FileEntry f -> new FileLine(f.path(), digests.sha256(f.path()));
            case SymlinkEntry s -> new LinkLine(s.path(), s.target());
          };
      checkWritable(line);
      lines.put(entry.path(), line);
    }
    return new Manifest(lines);
  }

  public Map<BundlePath, Line> lines() {
    return java.util.Collections.unmodifiableMap(lines);
  }

  /** The file's bytes, UTF-8, each line ending with a newline. */
  public byte[] bytes() {
    StringBuilder out = new StringBuilder();
    for (Line line : lines.values()) {
      switch (line) {
        case FileLine f -> out.append(f.sha256()).append("  ").append(f.path().value());
        case LinkLine l ->
            out.append(SYMLINK).append(l.path().value()).append(ARROW).append(l.target());
      }
      out.append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a MANIFEST strictly: UTF-8, every line well formed and ending with a newline, paths
   * valid and in strictly increasing bytewise order (so no duplicate), no listing of MANIFEST
   * itself.
   *
   * @throws ManifestException naming the line that is wrong
   */
  public static Manifest parse(byte[] bytes) throws ManifestException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(requireNonNull(bytes, "bytes")))
              .toString();
    } catch (CharacterCodingException e) {
      throw new ManifestException("MANIFEST is not UTF-8");
    }
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new ManifestException("MANIFEST does not end with a newline (truncated?)");
    }
    TreeMap<BundlePath, Line> lines = new TreeMap<>();
    BundlePath previous = null;
    int number = 0;
    String[] raws =
        text.isEmpty() ? new String[0] : text.substring(0, text.length() - 1).split("\n", -1);
    for (String raw : raws) {
      number++;
      Line line = parseLine(raw, number);
      if (UNLISTED.contains(line.path().value())) {
        throw new ManifestException("line " + number + ": lists " + line.path());
      }
      if (previous != null && previous.compareTo(line.path()) >= 0) {
        throw new ManifestException(
            "line " + number + ": " + line.path() + " is out of order or listed twice");
      }
      previous = line.path();
      lines.put(line.path(), line);
    }
    return new Manifest(lines);
  }

  private static Line parseLine(String raw, int number) throws ManifestException {
    try {
      if (raw.startsWith(SYMLINK)) {
        String rest = raw.substring(SYMLINK.length());
        int arrow = rest.indexOf(ARROW);
        if (arrow < 0 || rest.indexOf(ARROW, arrow + 1) >= 0) {
          throw new ManifestException("line " + number + ": malformed symlink line");
        }
        BundlePath path = BundlePath.of(rest.substring(0, arrow));
        SymlinkEntry link = new SymlinkEntry(path, rest.substring(arrow + ARROW.length()));
        return new LinkLine(link.path(), link.target());
      }
      if (raw.length() < 67
          || !SHA256.matcher(raw.substring(0, 64)).matches()
          || !raw.startsWith("  ", 64)) {
        throw new ManifestException("line " + number + ": not '<sha256>  <path>'");
      }
      return new FileLine(BundlePath.of(raw.substring(66)), raw.substring(0, 64));
    } catch (IllegalArgumentException e) {
      throw new ManifestException("line " + number + ": " + e.getMessage());
    }
  }

  /**
   * Checks an unpacked bundle's top directory against this manifest: every listed file present with
   * its hash, every listed link with its target, nothing else but directories, MANIFEST and
   * MANIFEST.minisig. Returns the problems, each naming its path; empty when the tree matches.
   */
  public List<String> check(Path top) throws IOException {
    List<String> problems = new ArrayList<>();
    TreeMap<BundlePath, Line> expected = new TreeMap<>(lines);
    List<Path> found;
    try (Stream<Path> walk = Files.walk(top)) {
      found = walk.filter(p -> !p.equals(top)).sorted().toList();
    }
    for (Path p : found) {
      String relative = top.relativize(p).toString();
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || UNLISTED.contains(relative)) {
        continue;
      }
      BundlePath path;
      try {
        path = BundlePath.of(relative);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
        continue;
      }
      Line line = expected.remove(path);
      if (line == null) {
        problems.add(relative + ": not in the manifest");
      } else if (Files.isSymbolicLink(p)) {
        String target = Files.readSymbolicLink(p).toString();
        if (!(line instanceof LinkLine l) || !l.target().equals(target)) {
          problems.add(relative + ": symlink to " + target + " does not match the manifest");
        }
      } else if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        problems.add(relative + ": not a regular file");
      } else if (!(line instanceof FileLine f)) {
        problems.add(relative + ": a file where the manifest lists a symlink");
      } else {
        String actual;
        try (InputStream in = Files.newInputStream(p)) {
          actual = FileDigests.sha256(in);
        }
        if (!actual.equals(f.sha256())) {
          problems.add(relative + ": SHA-256 does not match the manifest");
        }
      }
    }
    expected.keySet().forEach(missing -> problems.add(missing + ": missing"));
    return problems;
  }

  private static void checkWritable(Line line) {
    String path = line.path().value();
    if (line instanceof LinkLine l && (path.contains(ARROW) || l.target().contains(ARROW))) {
      throw new IllegalArgumentException("symlink " + path + ": ' -> ' in a path or target");
    }
  }
}
