package io.mirador.launcher;

/**
 * A string from the network made safe for a terminal: control characters (ESC sequences could
 * rewrite what the operator sees), C1 controls and bidirectional overrides become {@code ?}, and
 * the length is bounded.
 */
final class Printable {
  static final int MAX_CHARS = 200;

  private Printable() {}

  static String of(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_CHARS + 1));
    for (int i = 0; i < text.length() && b.length() < MAX_CHARS; i++) {
      char c = text.charAt(i);
      b.append(unsafe(c) ? '?' : c);
    }
    if (text.length() > MAX_CHARS) {
      b.append('…');
    }
    return b.toString();
  }

  private static boolean unsafe(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0x200e
        || c == 0x200f
        || c == 0x061c;
  }
}
