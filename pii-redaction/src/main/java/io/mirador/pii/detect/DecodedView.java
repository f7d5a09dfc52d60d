package io.mirador.pii.detect;

/**
 * A text with the encodings telemetry carries undone, and a map from every decoded character back
 * to the original characters it came from, so that a finding in the decoded text redacts the
 * smallest original range that covers it. Decoded in one pass:
 *
 * <ul>
 *   <li>percent-encoding ({@code %40}, {@code %2b}, UTF-8 sequences such as {@code %C3%A9}), with
 *       one more round for {@code %25XX} (double encoding, {@code %2540}); nothing deeper;
 *   <li>{@code +} as a space after the first {@code ?} of the text, or anywhere in a form body (a
 *       text with {@code =} and no space), as in {@code application/x-www-form-urlencoded};
 *   <li>JSON and Java escapes: {@code \u0040}, {@code \/}, {@code \"}, {@code \\}, {@code \n} ...;
 *   <li>HTML character references: {@code &#64;}, {@code &#x40;} and the named ones telemetry uses
 *       ({@code &commat;}, {@code &period;}, {@code &amp;}, {@code &nbsp;} ...).
 * </ul>
 *
 * <p>Linear: one forward pass; every decoding step reads a bounded window (at most 12 characters
 * for a 4-byte double-percent-encoded sequence, 10 for a numeric reference, 10 for a name) and
 * consumes what it read. Whether a text holds any of {@code %}, {@code \}, {@code &}, {@code +} is
 * a flag of {@link TextProfile#profile}'s single pass, so a text without them costs nothing more.
 */
final class DecodedView {
  private static final int MAX_ENTITY_NAME = 8;
  private static final int MAX_DECIMAL_DIGITS = 7;
  private static final int MAX_HEX_DIGITS = 6;

  /** The decoded characters (exact length). */
  final char[] chars;

  /** The decoded text, equal to {@code new String(chars)}. */
  final String text;

  private final int[] originalStart;
  private final int[] originalEnd;
  private final int[] changedBefore;

  private DecodedView(char[] chars, int[] originalStart, int[] originalEnd, int[] changedBefore) {
    this.chars = chars;
    this.text = new String(chars);
    this.originalStart = originalStart;
    this.originalEnd = originalEnd;
    this.changedBefore = changedBefore;
  }

  /** The decoded view of {@code text}, or null when it holds nothing to decode. */
  static DecodedView of(String text, char[] chars) {
    return of(text, chars, TextProfile.profile(chars));
  }

  /**
   * The same, with {@code profile} equal to {@link TextProfile#profile}{@code (chars)}: its
   * trigger-character flags tell, without another pass, whether there can be anything to decode.
   */
  static DecodedView of(String text, char[] chars, int profile) {
    if (!needed(text, chars, profile)) {
      return null;
    }
    return decode(text, chars);
  }

  /** Start in the original text of the decoded range starting at {@code decodedStart}. */
  int originalStart(int decodedStart) {
    return originalStart[decodedStart];
  }

  /** End (exclusive) in the original text of the decoded range ending at {@code decodedEnd}. */
  int originalEnd(int decodedEnd) {
    return originalEnd[decodedEnd - 1];
  }

  /**
   * True when the original range {@code [start, end)} begins or ends inside an encoded sequence
   * ({@code 32.0.2.11} in {@code %31%39%32.0.2.11}): such a raw finding is an artefact of the
   * encoding, and the decoded view reports what is really there. Logarithmic (binary search).
   */
  boolean splitsSequence(int start, int end) {
    return inside(start) || inside(end);
  }

  private boolean inside(int offset) {
    int lo = 0;
    int hi = originalStart.length - 1;
    // The last decoded character whose original range starts at or before offset.
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (originalStart[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return originalStart.length > 0 && originalStart[lo] < offset && offset < originalEnd[lo];
  }

  /** True when {@code [start, end)} of the decoded text holds at least one decoded character. */
  boolean hasDecoded(int start, int end) {
    return changedBefore[end] - changedBefore[start] > 0;
  }

  /**
   * The decoded form of the original range {@code [start, end)}, reading {@code +} literally (a
   * range a finding covers never needs it as a space): used to hash what a finding means rather
   * than how it was encoded. Returns the substring itself when nothing in it is encoded.
   */
  static String decodeRange(String text, int start, int end) {
    String part = text.substring(start, end);
    // Most findings hold no escape character: no copy, no scan for sequences.
    if (part.indexOf('%') < 0 && part.indexOf('\\') < 0 && part.indexOf('&') < 0) {
      return part;
    }
    char[] chars = part.toCharArray();
    if (!hasEscape(part, chars)) {
      return part;
    }
    return new String(decode(part, chars, false).chars);
  }

  // ---------------------------------------------------------------------------------------------
  // The cheap check

  /** True when {@code text} holds at least one sequence this view decodes. */
  static boolean needed(String text, char[] chars) {
    return needed(text, chars, TextProfile.profile(chars));
  }

  /**
   * The same, given the text's {@link TextProfile#profile}: most values have none of the four
   * trigger characters ({@code %}, {@code \}, {@code &}, {@code +}) and stop at the flags.
   */
  private static boolean needed(String text, char[] chars, int profile) {
    boolean escape = (profile & TextProfile.HAS_ESCAPE_CHAR) != 0;
    boolean plus = (profile & TextProfile.HAS_PLUS) != 0;
    if (escape && hasEscape(text, chars)) {
      return true;
    }
    return plus && hasPlusSpace(text, chars);
  }

  private static boolean hasEscape(String text, char[] c) {
    int n = c.length;
    for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
      if (i + 2 < n && Chars.isHex(c[i + 1]) && Chars.isHex(c[i + 2])) {
        return true;
      }
    }
    for (int i = text.indexOf('\\'); i >= 0; i = text.indexOf('\\', i + 1)) {
      if (i + 1 < n && (c[i + 1] == '/' || c[i + 1] == 'u' && unicodeEscape(c, i) >= 0)) {
        return true;
      }
    }
    for (int i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) {
      if (entityLength(c, i) > 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasPlusSpace(String text, char[] c) {
    int from = plusFrom(text);
    if (from < 0) {
      return false;
    }
    for (int i = text.indexOf('+', from); i >= 0; i = text.indexOf('+', i + 1)) {
      if (i > 0 && i + 1 < c.length && c[i - 1] != ' ' && c[i + 1] != ' ') {
        return true;
      }
    }
    return false;
  }

  /**
   * Where {@code +} starts to mean a space: after the first {@code ?}, or from the start of a form
   * body ({@code a=1&b=2}: has {@code =}, no space); -1 when it never does.
   */
  private static int plusFrom(String text) {
    int q = text.indexOf('?');
    if (q >= 0) {
      return q + 1;
    }
    return text.indexOf('=') >= 0 && text.indexOf(' ') < 0 ? 0 : -1;
  }

  // ---------------------------------------------------------------------------------------------
  // Decoding

  private static DecodedView decode(String text, char[] c) {
    return decode(text, c, true);
  }

  private static DecodedView decode(String text, char[] c, boolean plusAsSpace) {
    int n = c.length;
    int plusFrom = plusAsSpace ? plusFrom(text) : -1;
    char[] out = new char[n];
    int[] starts = new int[n];
    int[] ends = new int[n];
    int[] changed = new int[n + 1];
    int o = 0;
    int i = 0;
    char[] unit = new char[2];
    while (i < n) {
      char ch = c[i];
      int consumed = 0;
      int produced = 0;
      if (ch == '%') {
        long r = percent(c, i);
        if (r >= 0) {
          consumed = (int) (r >>> 32);
          produced = Character.toChars((int) r, unit, 0);
        }
      } else if (ch == '+' && plusFrom >= 0 && i >= plusFrom) {
        consumed = 1;
        unit[0] = ' ';
        produced = 1;
      } else if (ch == '\\' && i + 1 < n) {
        int e = backslash(c, i);
        if (e >= 0) {
          consumed = c[i + 1] == 'u' ? 6 : 2;
          unit[0] = (char) e;
          produced = 1;
        }
      } else if (ch == '&') {
        int len = entityLength(c, i);
        if (len > 0) {
          int cp = entityValue(c, i, len);
          consumed = len;
          produced = Character.toChars(cp, unit, 0);
        }
      }
      if (consumed == 0) {
        out[o] = ch;
        starts[o] = i;
        ends[o] = i + 1;
        changed[o + 1] = changed[o];
        o++;
        i++;
      } else {
        for (int p = 0; p < produced; p++) {
          out[o] = unit[p];
          starts[o] = i;
          ends[o] = i + consumed;
          changed[o + 1] = changed[o] + 1;
          o++;
        }
        i += consumed;
      }
    }
    return new DecodedView(
        java.util.Arrays.copyOf(out, o),
        java.util.Arrays.copyOf(starts, o),
        java.util.Arrays.copyOf(ends, o),
        java.util.Arrays.copyOf(changed, o + 1));
  }

  /**
   * A percent-encoded code point at {@code i}: {@code (consumed << 32) | codePoint}, or -1. Bytes
   * of 0x80 and more must form one valid UTF-8 sequence of percent-encoded bytes.
   */
  static long percent(char[] c, int i) {
    int b = pctByte(c, i);
    if (b < 0) {
      return -1;
    }
    int len = pctLength(c, i);
    int value = b & 0xff;
    if (value < 0x80) {
      return ((long) len << 32) | value;
    }
    int more;
    int cp;
    if (value >= 0xc2 && value <= 0xdf) {
      more = 1;
      cp = value & 0x1f;
    } else if (value >= 0xe0 && value <= 0xef) {
      more = 2;
      cp = value & 0x0f;
    } else if (value >= 0xf0 && value <= 0xf4) {
      more = 3;
      cp = value & 0x07;
    } else {
      return -1;
    }
    int at = i + len;
    for (int k = 0; k < more; k++) {
      int cb = pctByte(c, at);
      if (cb < 0 || (cb & 0xc0) != 0x80) {
        return -1;
      }
      cp = (cp << 6) | (cb & 0x3f);
      at += pctLength(c, at);
    }
    boolean overlong = more == 2 && cp < 0x800 || more == 3 && cp < 0x10000;
    if (overlong || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      return -1;
    }
    return ((long) (at - i) << 32) | cp;
  }

  /** The byte of {@code %HH} or {@code %25HH} at {@code i}, or -1. */
  private static int pctByte(char[] c, int i) {
    int n = c.length;
    if (i + 2 >= n || c[i] != '%' || !Chars.isHex(c[i + 1]) || !Chars.isHex(c[i + 2])) {
      return -1;
    }
    if (isDoubleEncoded(c, i)) {
      return hex(c[i + 3]) << 4 | hex(c[i + 4]);
    }
    return hex(c[i + 1]) << 4 | hex(c[i + 2]);
  }

  private static int pctLength(char[] c, int i) {
    return isDoubleEncoded(c, i) ? 5 : 3;
  }

  private static boolean isDoubleEncoded(char[] c, int i) {
    return c[i + 1] == '2'
        && c[i + 2] == '5'
        && i + 4 < c.length
        && Chars.isHex(c[i + 3])
        && Chars.isHex(c[i + 4]);
  }

  /** The character a backslash escape at {@code i} stands for, or -1. */
  private static int backslash(char[] c, int i) {
    return switch (c[i + 1]) {
      case 'u' -> unicodeEscape(c, i);
      case '/' -> '/';
      case '"' -> '"';
      case '\'' -> '\'';
      case '\\' -> '\\';
      case 'n' -> '\n';
      case 't' -> '\t';
      case 'r' -> '\r';
      case 'b' -> '\b';
      case 'f' -> '\f';
      default -> -1;
    };
  }

  /** The char of {@code \}{@code uHHHH} at {@code i}, or -1. */
  private static int unicodeEscape(char[] c, int i) {
    if (i + 5 >= c.length) {
      return -1;
    }
    int v = 0;
    for (int k = i + 2; k < i + 6; k++) {
      if (!Chars.isHex(c[k])) {
        return -1;
      }
      v = v << 4 | hex(c[k]);
    }
    return v;
  }

  /** Length of the HTML character reference at {@code i} (including {@code ;}), or 0. */
  static int entityLength(char[] c, int i) {
    int n = c.length;
    if (i + 2 >= n || c[i] != '&') {
      return 0;
    }
    if (c[i + 1] == '#') {
      boolean hexForm = c[i + 2] == 'x' || c[i + 2] == 'X';
      int from = hexForm ? i + 3 : i + 2;
      int max = hexForm ? MAX_HEX_DIGITS : MAX_DECIMAL_DIGITS;
      int k = from;
      long v = 0;
      while (k < n && k - from < max && (hexForm ? Chars.isHex(c[k]) : Chars.isDigit(c[k]))) {
        v = v * (hexForm ? 16 : 10) + hex(c[k]);
        k++;
      }
      if (k == from || v == 0 || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) {
        return 0;
      }
      // The ';' is optional in HTML for numeric references; a digit right after means too long.
      if (k < n && c[k] == ';') {
        return k + 1 - i;
      }
      return k < n && (hexForm ? Chars.isHex(c[k]) : Chars.isDigit(c[k])) ? 0 : k - i;
    }
    int k = i + 1;
    while (k < n && k - i - 1 < MAX_ENTITY_NAME && Chars.isAsciiLetter(c[k])) {
      k++;
    }
    if (k >= n || c[k] != ';' || k == i + 1) {
      return 0;
    }
    return named(c, i + 1, k) >= 0 ? k + 1 - i : 0;
  }

  private static int entityValue(char[] c, int i, int len) {
    if (c[i + 1] == '#') {
      boolean hexForm = c[i + 2] == 'x' || c[i + 2] == 'X';
      int v = 0;
      for (int k = hexForm ? i + 3 : i + 2; k < i + len && c[k] != ';'; k++) {
        v = v * (hexForm ? 16 : 10) + hex(c[k]);
      }
      return v;
    }
    return named(c, i + 1, i + len - 1);
  }

  /** The named references that can hide or split an identifier; others stay as they are. */
  private static int named(char[] c, int from, int to) {
    return switch (new String(c, from, to - from)) {
      case "amp" -> '&';
      case "lt" -> '<';
      case "gt" -> '>';
      case "quot" -> '"';
      case "apos" -> '\'';
      case "nbsp", "ensp", "emsp", "thinsp" -> ' ';
      case "commat" -> '@';
      case "period" -> '.';
      case "sol" -> '/';
      case "colon" -> ':';
      case "num" -> '#';
      case "percnt" -> '%';
      case "plus" -> '+';
      case "hyphen", "dash", "minus" -> '-';
      case "lowbar" -> '_';
      case "equals" -> '=';
      case "quest" -> '?';
      case "comma" -> ',';
      case "lpar" -> '(';
      case "rpar" -> ')';
      case "excl" -> '!';
      case "semi" -> ';';
      default -> -1;
    };
  }

  private static int hex(char c) {
    if (c <= '9') {
      return c - '0';
    }
    return (c | 0x20) - 'a' + 10;
  }
}
