package io.mirador.pii.detect;

import java.util.Set;

/**
 * Context words near a candidate, for detectors whose weak shapes are only accepted next to a
 * telling word ("phone", "ssn"). Reads bounded windows, so it adds a constant per candidate.
 */
final class Context {
  static final int BEFORE = 40;
  static final int AFTER = 16;
  private static final int MAX_WORD = 24;

  private Context() {}

  /** True if one of {@code words} (lower case) is a whole word in the window before {@code at}. */
  static boolean before(String text, int at, Set<String> words) {
    return anyWord(text, Math.max(0, at - BEFORE), at, words);
  }

  /** True if one of {@code words} is a whole word in the window after {@code at}. */
  static boolean after(String text, int at, Set<String> words) {
    return anyWord(text, at, Math.min(text.length(), at + AFTER), words);
  }

  private static boolean anyWord(String text, int from, int to, Set<String> words) {
    StringBuilder word = new StringBuilder(MAX_WORD);
    // Skip a word cut by the window's left edge.
    int i = from;
    if (from > 0) {
      while (i < to && isWordPart(text.charAt(i)) && isWordPart(text.charAt(i - 1))) {
        i++;
      }
    }
    for (; i <= to; i++) {
      char c = i < to ? text.charAt(i) : ' ';
      if (i < to && isWordPart(c)) {
        if (word.length() < MAX_WORD) {
          word.append(Chars.lower(c));
        }
      } else if (!word.isEmpty()) {
        // A word cut by the window's right edge still counts: it starts inside the window.
        if (words.contains(word.toString())) {
          return true;
        }
        word.setLength(0);
      }
    }
    return false;
  }

  private static boolean isWordPart(char c) {
    return Chars.isAsciiLetter(c) || c == '#';
  }
}
