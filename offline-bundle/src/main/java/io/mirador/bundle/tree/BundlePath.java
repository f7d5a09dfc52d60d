package io.mirador.bundle.tree;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A path inside the bundle, relative to its top directory ({@code mirador-<version>/}). Validated
 * so that no entry can escape the top directory or confuse a reader: no absolute path, no {@code .}
 * or {@code ..} segment, no empty segment, no backslash, no control character. Ordered bytewise by
 * its UTF-8 encoding, the order of the MANIFEST and of the tar entries.
 */
public record BundlePath(String value) implements Comparable<BundlePath> {
  static final int MAX_LENGTH = 1024;
  static final int MAX_SEGMENT = 255;

  public BundlePath {
    requireNonNull(value, "value");
    String problem = problem(value);
    if (problem != null) {
      throw new IllegalArgumentException("bundle path " + printable(value) + ": " + problem);
    }
  }

  public static BundlePath of(String value) {
    return new BundlePath(value);
  }

  /** Why {@code value} is not a valid bundle path, or null when it is. */
  static String problem(String value) {
    if (value.isEmpty()) {
      return "empty";
    }
    if (value.length() > MAX_LENGTH) {
      return "longer than " + MAX_LENGTH + " characters";
    }
    if (value.startsWith("/")) {
      return "absolute";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        return "contains a control character or a backslash";
      }
    }
    for (String segment : value.split("/", -1)) {
      if (segment.isEmpty()) {
        return "has an empty segment";
      }
      if (segment.equals(".") || segment.equals("..")) {
        return "has a '" + segment + "' segment";
      }
      if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT) {
        return "has a segment longer than " + MAX_SEGMENT + " bytes";
      }
    }
    return null;
  }

  /** The path of {@code child} under this one. */
  public BundlePath resolve(String child) {
    return new BundlePath(value + "/" + child);
  }

  /** The parent, or null for a top-level name. */
  public BundlePath parent() {
    int slash = value.lastIndexOf('/');
    return slash < 0 ? null : new BundlePath(value.substring(0, slash));
  }

  public String fileName() {
    return value.substring(value.lastIndexOf('/') + 1);
  }

  public boolean startsWith(String directory) {
    return value.startsWith(directory + "/");
  }

  @Override
  public int compareTo(BundlePath other) {
    return Arrays.compareUnsigned(
        value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return value;
  }

  private static String printable(String value) {
    StringBuilder out = new StringBuilder("'");
    value
        .codePoints()
        .limit(120)
        .forEach(c -> out.append(c < 0x20 || c == 0x7f ? "?" : Character.toString(c)));
    return out.append(value.length() > 120 ? "...'" : "'").toString();
  }
}
