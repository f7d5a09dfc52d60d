package io.mirador.pii.detect;

/**
 * String and numeric literals in SQL text, so that {@code db.statement} becomes parameterised
 * ({@code WHERE email = 'a@example.com' AND id = 42} becomes {@code WHERE email = ? AND id = ?}).
 * Recognises {@code '...'} strings with {@code ''} and backslash escapes (an unterminated string
 * runs to the end), {@code E'..'}/{@code N'..'}/{@code X'..'} prefixes, decimal, exponent and
 * {@code 0x} hex numbers. Double-quoted and back-quoted text is an identifier (standard SQL), and
 * digits inside identifiers ({@code t1}, {@code $1}) are not literals. Comments are skipped here
 * (the value detectors still scan them).
 *
 * <p>Linear: a single left-to-right tokenizer; every character is consumed by exactly one token.
 */
final class SqlLiteralDetector implements Detector {
  @Override
  public DetectorKind kind() {
    return DetectorKind.SQL_LITERAL;
  }

  @Override
  public void detect(String sql, char[] chars, Findings out) {
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'') {
        int start = i;
        if (i > 0 && isPrefix(sql.charAt(i - 1)) && !isIdentChar(charAt(sql, i - 2))) {
          start = i - 1;
        }
        i = stringEnd(sql, i + 1);
        out.add(start, i, DetectorKind.SQL_LITERAL);
      } else if (c == '"' || c == '`') {
        int close = sql.indexOf(c, i + 1);
        i = close < 0 ? n : close + 1;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int eol = sql.indexOf('\n', i);
        i = eol < 0 ? n : eol + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int close = sql.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
      } else if (isIdentChar(c) && !Chars.isDigit(c)) {
        while (i < n && isIdentChar(sql.charAt(i))) {
          i++;
        }
      } else if (Chars.isDigit(c) || (c == '.' && Chars.isDigitAt(sql, i + 1))) {
        int start = i;
        i = numberEnd(sql, i);
        if (!isIdentChar(charAt(sql, i))) {
          out.add(start, i, DetectorKind.SQL_LITERAL);
        } else {
          while (i < n && isIdentChar(sql.charAt(i))) {
            i++;
          }
        }
      } else {
        i++;
      }
    }
  }

  private static int stringEnd(String sql, int from) {
    int n = sql.length();
    int i = from;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '\'') {
        if (i + 1 < n && sql.charAt(i + 1) == '\'') {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return n;
  }

  private static int numberEnd(String sql, int from) {
    int n = sql.length();
    int i = from;
    if (sql.charAt(i) == '0'
        && i + 1 < n
        && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'X')) {
      i += 2;
      while (i < n && Chars.isHex(sql.charAt(i))) {
        i++;
      }
      return i;
    }
    while (i < n && (Chars.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
      i++;
    }
    if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
        j++;
      }
      if (Chars.isDigitAt(sql, j)) {
        i = j;
        while (i < n && Chars.isDigit(sql.charAt(i))) {
          i++;
        }
      }
    }
    return i;
  }

  private static boolean isPrefix(char c) {
    return c == 'E' || c == 'e' || c == 'N' || c == 'n' || c == 'X' || c == 'x' || c == 'B'
        || c == 'b';
  }

  private static boolean isIdentChar(char c) {
    return Chars.isWordChar(c) || c == '$';
  }

  private static char charAt(String s, int i) {
    return i >= 0 && i < s.length() ? s.charAt(i) : ' ';
  }
}
