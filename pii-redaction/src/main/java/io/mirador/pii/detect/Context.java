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
    // Skip a word cut by the window's left edge.
    int i = from;
    if (from > 0) {
      while (i < to && isWordPart(text.charAt(i)) && isWordPart(text.charAt(i - 1))) {
        i++;
      }
    }
    int wordStart = -1;
    for (; i <= to; i++) {
      boolean part = i < to && isWordPart(text.charAt(i));
      if (part && wordStart < 0) {
        wordStart = i;
      } else if (!part && wordStart >= 0) {
        // A word cut by the window's right edge still counts: it starts inside the window, so
        // the rest of it is read too (bounded: at most MAX_WORD + 1 characters in all).
        int end = i;
        if (i == to) {
          while (end < text.length()
              && end - wordStart <= MAX_WORD
              && isWordPart(text.charAt(end))) {
            end++;
          }
        }
        int len = end - wordStart;
        if (len <= MAX_WORD && words.contains(lower(text, wordStart, end))) {
          return true;
        }
        wordStart = -1;
      }
    }
    return false;
  }

  /** Lower-case copy of a short ASCII word (allocates only for words of a plausible length). */
  private static String lower(String text, int from, int to) {
    char[] c = new char[to - from];
    for (int i = from; i < to; i++) {
      c[i - from] = Chars.lower(text.charAt(i));
    }
    return new String(c);
  }

  private static boolean isWordPart(char c) {
    return Chars.isAsciiLetter(c) || c == '#';
  }
}
