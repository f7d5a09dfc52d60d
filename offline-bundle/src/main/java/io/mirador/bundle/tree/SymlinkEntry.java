package io.mirador.bundle.tree;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A symbolic link of the bundle. Its target must be relative and must resolve inside the top
 * directory from where the link stands: an absolute or escaping target is refused when the entry is
 * made, so no bundle can carry one.
 */
public record SymlinkEntry(BundlePath path, String target) implements BundleEntry {
  public SymlinkEntry {
    requireNonNull(path, "path");
    requireNonNull(target, "target");
    String problem = escapes(path, target);
    if (problem != null) {
      throw new IllegalArgumentException("symlink " + path + ": target " + problem);
    }
  }

  /** Why {@code target} is not allowed for a link at {@code path}, or null when it is. */
  static String escapes(BundlePath path, String target) {
    if (target.isEmpty()) {
      return "is empty";
    }
    if (target.startsWith("/")) {
      return "is absolute";
    }
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        return "contains a control character or a backslash";
      }
    }
    Deque<String> at = new ArrayDeque<>();
    BundlePath parent = path.parent();
    if (parent != null) {
      for (String segment : parent.value().split("/")) {
        at.addLast(segment);
      }
    }
    for (String segment : target.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (at.isEmpty()) {
          return "escapes the bundle's top directory";
        }
        at.removeLast();
      } else {
        at.addLast(segment);
      }
    }
    return at.isEmpty() ? "points at the top directory itself" : null;
  }
}
