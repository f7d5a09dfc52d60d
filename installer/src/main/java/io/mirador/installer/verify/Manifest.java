package io.mirador.installer.verify;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The bundle's MANIFEST: {@code <sha256 hex> <path>} for every regular file and {@code symlink
 * <path> -> <target>} for every symlink, paths relative to the bundle's top directory. MANIFEST and
 * MANIFEST.minisig themselves are not listed. Parsing is strict: one malformed line refuses the
 * whole manifest.
 */
public final class Manifest {
  public static final String FILE = "MANIFEST";
  public static final String SIGNATURE = "MANIFEST.minisig";
  static final int MAX_BYTES = 16 * 1024 * 1024;
  static final int MAX_ENTRIES = 200_000;
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  /** One listed path: a regular file with its SHA-256, or a symlink with its target. */
  public record Entry(String path, String sha256, String symlinkTarget) {
    boolean isSymlink() {
      return symlinkTarget != null;
    }
  }

  private final Map<String, Entry> entries;

  private Manifest(Map<String, Entry> entries) {
    this.entries = Collections.unmodifiableMap(entries);
  }

  public Map<String, Entry> entries() {
    return entries;
  }

  /** Parses the manifest's bytes (UTF-8). */
  public static Manifest parse(byte[] bytes) throws VerificationException {
    if (bytes.length > MAX_BYTES) {
      throw new VerificationException(FILE + ": larger than " + MAX_BYTES + " bytes");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new VerificationException(FILE + ": not UTF-8");
    }
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new VerificationException(FILE + ": last line is not terminated (truncated?)");
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    int lineNumber = 0;
    String body = text.isEmpty() ? "" : text.substring(0, text.length() - 1);
    for (String line : body.isEmpty() ? new String[0] : body.split("\n", -1)) {
      lineNumber++;
      if (line.isEmpty()) {
        throw new VerificationException(FILE + " line " + lineNumber + ": empty line");
      }
      Entry entry = parseLine(line, lineNumber);
      if (entry.path().equals(FILE) || entry.path().equals(SIGNATURE)) {
        throw new VerificationException(
            FILE + " line " + lineNumber + ": lists " + entry.path() + " itself");
      }
      if (entries.putIfAbsent(entry.path(), entry) != null) {
        throw new VerificationException(
            FILE + " line " + lineNumber + ": " + BundlePaths.printable(entry.path()) + " twice");
      }
      if (entries.size() > MAX_ENTRIES) {
        throw new VerificationException(FILE + ": more than " + MAX_ENTRIES + " entries");
      }
    }
    if (entries.isEmpty()) {
      throw new VerificationException(FILE + ": empty");
    }
    return new Manifest(entries);
  }

  private static Entry parseLine(String line, int lineNumber) throws VerificationException {
    String where = FILE + " line " + lineNumber;
    if (line.startsWith("symlink  ")) {
      String rest = line.substring("symlink  ".length());
      int arrow = rest.indexOf(" -> ");
      if (arrow <= 0) {
        throw new VerificationException(where + ": malformed symlink line");
      }
      String path = BundlePaths.requireClean(rest.substring(0, arrow), where);
      String target = rest.substring(arrow + 4);
      BundlePaths.requireContainedSymlink(path, target);
      return new Entry(path, null, target);
    }
    if (line.length() < 67 || !line.startsWith("  ", 64)) {
      throw new VerificationException(where + ": expected '<sha256>  <path>'");
    }
    String hash = line.substring(0, 64);
    if (!HEX.matcher(hash).matches()) {
      throw new VerificationException(where + ": hash is not 64 lower-case hex digits");
    }
    return new Entry(BundlePaths.requireClean(line.substring(66), where), hash, null);
  }
}
