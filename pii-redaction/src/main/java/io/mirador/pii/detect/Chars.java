package io.mirador.pii.detect;

/** Character classes shared by the scanners. ASCII fast paths; no regular expressions. */
final class Chars {
  private Chars() {}

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  static boolean isAsciiAlnum(char c) {
    return isDigit(c) || isAsciiLetter(c);
  }

  static boolean isHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** Letters, digits and underscore, including non-ASCII letters and digits. */
  static boolean isWordChar(char c) {
    if (c < 128) {
      return isAsciiAlnum(c) || c == '_';
    }
    return Character.isLetterOrDigit(c);
  }

  static boolean isBase64Url(char c) {
    return isAsciiAlnum(c) || c == '-' || c == '_';
  }

  static boolean isWordCharAt(String s, int i) {
    return i >= 0 && i < s.length() && isWordChar(s.charAt(i));
  }

  static boolean isDigitAt(String s, int i) {
    return i >= 0 && i < s.length() && isDigit(s.charAt(i));
  }

  /**
   * True when a number starting at {@code start} is not glued to a preceding word or number: no
   * word character before it and no {@code digit[.,-]} before it either.
   */
  static boolean numberStartsCleanly(String s, int start) {
    if (start == 0) {
      return true;
    }
    char p = s.charAt(start - 1);
    if (isWordChar(p)) {
      return false;
    }
    return !((p == '.' || p == ',' || p == '-' || p == '/') && isDigitAt(s, start - 2));
  }

  /** The counterpart of {@link #numberStartsCleanly} for the end of a number. */
  static boolean numberEndsCleanly(String s, int end) {
    if (end >= s.length()) {
      return true;
    }
    char n = s.charAt(end);
    if (isWordChar(n)) {
      return false;
    }
    return !((n == '.' || n == ',' || n == '-' || n == '/') && isDigitAt(s, end + 1));
  }

  static char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
  }

  /** ASCII case-insensitive match of {@code word} (lower case) at {@code i}. */
  static boolean matchesIgnoreCase(String s, int i, String lowerWord) {
    if (i < 0 || i + lowerWord.length() > s.length()) {
      return false;
    }
    for (int k = 0; k < lowerWord.length(); k++) {
      if (lower(s.charAt(i + k)) != lowerWord.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
