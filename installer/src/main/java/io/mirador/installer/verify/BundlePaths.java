package io.mirador.installer.verify;

/** Checks on paths read from a manifest or a tar entry: relative, no escape, printable. */
final class BundlePaths {
  static final int MAX_PATH_LENGTH = 1024;

  private BundlePaths() {}

  /**
   * The path if it is a clean relative path ({@code a/b/c}: no leading slash, no empty, {@code .}
   * or {@code ..} segment, no control character); otherwise a {@link VerificationException}.
   */
  static String requireClean(String path, String what) throws VerificationException {
    if (path.isEmpty()) {
      throw new VerificationException(what + ": empty path");
    }
    if (path.length() > MAX_PATH_LENGTH) {
      throw new VerificationException(what + ": path longer than " + MAX_PATH_LENGTH);
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        throw new VerificationException(what + ": path contains a control character or backslash");
      }
    }
    if (path.startsWith("/")) {
      throw new VerificationException(what + ": absolute path " + printable(path));
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new VerificationException(
            what + ": path " + printable(path) + " has an empty, '.' or '..' segment");
      }
    }
    return path;
  }

  /**
   * Checks that a symlink at {@code linkPath} pointing to {@code target} stays inside the bundle:
   * the target is relative and never climbs above the top directory.
   */
  static void requireContainedSymlink(String linkPath, String target) throws VerificationException {
    if (target.isEmpty() || target.startsWith("/")) {
      throw new VerificationException(
          "symlink " + printable(linkPath) + " has an absolute or empty target");
    }
    String[] link = linkPath.split("/");
    int depth = link.length - 1; // directories above the link inside the bundle
    for (String segment : target.split("/", -1)) {
      if (segment.equals("..")) {
        depth--;
        if (depth < 0) {
          throw new VerificationException(
              "symlink " + printable(linkPath) + " points outside the bundle");
        }
      } else if (segment.isEmpty() || segment.equals(".")) {
        continue;
      } else {
        depth++;
      }
      if (segment.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new VerificationException(
            "symlink " + printable(linkPath) + " target contains a control character");
      }
    }
  }

  /** A path safe to print: control characters replaced, length capped. */
  static String printable(String path) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < path.length() && b.length() < 200; i++) {
      char c = path.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return b.toString();
  }
}
