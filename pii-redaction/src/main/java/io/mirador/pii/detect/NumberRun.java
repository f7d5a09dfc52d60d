package io.mirador.pii.detect;

/**
 * A maximal run of digit groups joined by single separator characters, for example {@code 4111 1111
 * 1111 1111} or {@code 123-45-6789}. Reused by the numeric detectors; one instance per scan.
 *
 * <p>Linear: {@link #scan} reads each character of the run once and records at most {@value
 * #MAX_GROUPS} groups and {@value #MAX_DIGITS} digits; callers continue after {@link #end}.
 */
final class NumberRun {
  static final int MAX_GROUPS = 12;
  static final int MAX_DIGITS = 24;

  int start;
  int end;
  int digitCount;
  int groupCount;

  /** The separator used, or 0 when there is a single group; {@code mixed} when not consistent. */
  char separator;

  boolean mixed;

  /** Set by {@link #scanBounded} when the run goes on after {@link #end}. */
  boolean truncated;

  /** The separator at {@link #end} when {@link #truncated}. */
  char stopSep;

  /** For {@link #scanBounded}: digits in the group before {@link #start} (0 at a run start). */
  int lengthBefore;

  final char[] digits = new char[MAX_DIGITS];
  final int[] groupLengths = new int[MAX_GROUPS];
  final int[] groupEnds = new int[MAX_GROUPS];
  final int[] groupStarts = new int[MAX_GROUPS];

  /** The separator before each group (0 for the first). */
  final char[] sepBefore = new char[MAX_GROUPS];

  /** Index of each group's first digit in {@link #digits}. */
  final int[] digitOffset = new int[MAX_GROUPS];

  /**
   * Scans the run starting at digit position {@code from}; separators are the characters in {@code
   * seps}. Returns the end of the run.
   */
  int scan(String s, int from, String seps) {
    return scan(s, from, seps, false, (char) 0);
  }

  /**
   * Like {@link #scan}, but stops at a group boundary once {@value #MAX_GROUPS} groups or {@value
   * #MAX_DIGITS} digits are recorded ({@link #truncated}; {@link #end} is then the separator where
   * it stopped, {@link #stopSep}). {@code before} is the separator in front of {@code from} when a
   * caller resumes inside a longer run (0 at a run start) and {@code lengthBefore} the length of
   * the group before it. Every recorded group is complete.
   */
  int scanBounded(String s, int from, String seps, char before) {
    return scanBounded(s, from, seps, before, 0);
  }

  /**
   * The same, also recording the length of the group before {@code from} ({@link #lengthBefore}).
   */
  int scanBounded(String s, int from, String seps, char before, int lengthBefore) {
    this.lengthBefore = lengthBefore;
    return scan(s, from, seps, true, before);
  }

  private int scan(String s, int from, String seps, boolean bounded, char before) {
    if (!bounded) {
      lengthBefore = 0;
    }
    start = from;
    digitCount = 0;
    groupCount = 0;
    separator = 0;
    mixed = false;
    truncated = false;
    stopSep = 0;
    int i = from;
    int n = s.length();
    int groupLen = 0;
    openGroup(from, before);
    while (i < n) {
      char c = s.charAt(i);
      if (Chars.isDigit(c)) {
        if (digitCount < MAX_DIGITS) {
          digits[digitCount] = c;
        }
        digitCount++;
        groupLen++;
        i++;
      } else if (seps.indexOf(c) >= 0 && i + 1 < n && Chars.isDigit(s.charAt(i + 1))) {
        if (bounded && (groupCount + 1 >= MAX_GROUPS || digitCount >= MAX_DIGITS)) {
          truncated = true;
          stopSep = c;
          break;
        }
        closeGroup(groupLen, i);
        groupLen = 0;
        openGroup(i + 1, c);
        if (separator == 0) {
          separator = c;
        } else if (separator != c) {
          mixed = true;
        }
        i++;
      } else {
        break;
      }
    }
    closeGroup(groupLen, i);
    end = i;
    return i;
  }

  private void openGroup(int at, char sep) {
    if (groupCount < MAX_GROUPS) {
      groupStarts[groupCount] = at;
      sepBefore[groupCount] = sep;
      digitOffset[groupCount] = digitCount;
    }
  }

  /**
   * True if groups {@code [first, last]} are joined by one separator kind and the separators just
   * outside them (if any) are of another kind, so the window is a token of its own, like {@code
   * 123-45-6789} in {@code 123-45-6789 2026-01-31}. A single group is always its own token.
   */
  boolean isToken(int first, int last) {
    if (last >= Math.min(groupCount, MAX_GROUPS) || first > last) {
      return false;
    }
    if (first == last) {
      return true;
    }
    char inner = sepBefore[first + 1];
    for (int g = first + 2; g <= last; g++) {
      if (sepBefore[g] != inner) {
        return false;
      }
    }
    boolean before = first == 0 || sepBefore[first] != inner;
    boolean after;
    if (last + 1 >= groupCount) {
      after = true;
    } else if (last + 1 >= MAX_GROUPS) {
      after = false; // not recorded: be conservative
    } else {
      after = sepBefore[last + 1] != inner;
    }
    return before && after;
  }

  /** True if groups {@code [first, last]} are joined by a single kind of separator. */
  boolean isUniform(int first, int last) {
    if (last >= Math.min(groupCount, MAX_GROUPS) || first > last) {
      return false;
    }
    for (int g = first + 2; g <= last; g++) {
      if (sepBefore[g] != sepBefore[first + 1]) {
        return false;
      }
    }
    return true;
  }

  private void closeGroup(int len, int at) {
    if (groupCount < MAX_GROUPS) {
      groupLengths[groupCount] = len;
      groupEnds[groupCount] = at;
    }
    groupCount++;
  }

  boolean hasShape(int... lengths) {
    if (groupCount != lengths.length) {
      return false;
    }
    for (int g = 0; g < lengths.length; g++) {
      if (groupLengths[g] != lengths[g]) {
        return false;
      }
    }
    return true;
  }

  int digitValue(int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      v = v * 10 + (digits[i] - '0');
    }
    return v;
  }
}
