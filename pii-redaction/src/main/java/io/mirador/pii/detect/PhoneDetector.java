package io.mirador.pii.detect;

import java.util.Set;

/**
 * Phone numbers: E.164 ({@code +} and 8-15 digits), North American formats ({@code (415) 555-0100},
 * {@code 415.555.0100}, {@code 1-415-555-0100}, {@code 001-415-555-0100}), long grouped national
 * formats ({@code 020 7946 0958}, {@code 01.23.45.67.89}) and any of these with an extension
 * ({@code x123}, {@code ext. 123}). Shapes that ordinary numbers also take (short groups such as
 * {@code 555 0100}, or ten bare digits, which is also a Unix timestamp) count only when a phone
 * word ("phone", "tel", "call", "fax", "mobile", ...) is next to them. Dates and dotted quads are
 * never phones.
 *
 * <p>Linear: a candidate is parsed left to right and the parse stops after {@code MAX_DIGITS + 5}
 * digits (a run that long is no phone, and the rest of it is skipped in one pass), so a parse reads
 * a bounded number of characters; a rejected candidate is retried only at the next digit group, and
 * the context check reads bounded windows.
 */
final class PhoneDetector implements Detector {
  private static final int MAX_DIGITS = 15;
  private static final Set<String> CONTEXT_BEFORE =
      Set.of(
          "phone",
          "phones",
          "telephone",
          "tel",
          "mobile",
          "cell",
          "cellphone",
          "fax",
          "call",
          "calls",
          "called",
          "calling",
          "dial",
          "dialed",
          "contact",
          "reach",
          "sms",
          "whatsapp",
          "office",
          "landline",
          "hotline",
          "mob",
          "ph",
          "tel#",
          "phone#",
          "answer",
          "answering",
          "voicemail");
  private static final Set<String> CONTEXT_AFTER =
      Set.of("office", "fax", "mobile", "cell", "home", "work", "phone", "tel", "landline");

  @Override
  public DetectorKind kind() {
    return DetectorKind.PHONE;
  }

  @Override
  public void detect(String text, char[] chars, Findings out) {
    Candidate c = new Candidate();
    int n = text.length();
    int i = 0;
    while (i < n) {
      char ch = chars[i];
      boolean digit = Chars.isDigit(ch);
      if (!digit && ch != '+' && ch != '(') {
        i++;
        continue;
      }
      boolean clean = digit ? Chars.numberStartsCleanly(text, i) : !Chars.isWordCharAt(text, i - 1);
      int end = clean ? c.parse(text, i) : -1;
      if (end > i && accept(text, c)) {
        out.add(i, end, DetectorKind.PHONE);
      } else if (clean && !c.tooLong && c.parsedGroups >= 3) {
        // A phone glued to a following number ("+1 415 555 0100 2026-01-31"): the longest strong
        // prefix of whole groups. Bounded: a parse holds at most MAX_DIGITS + 5 digits.
        for (int k = Math.min(c.parsedGroups, Candidate.MAX_GROUPS) - 1; k >= 2; k--) {
          c.limit(k);
          if (c.digits >= 7 && c.digits <= MAX_DIGITS && strong(c) && !c.looksLikeDate()) {
            out.add(i, c.end, DetectorKind.PHONE);
            end = c.end;
            break;
          }
        }
      }
      if (end > i) {
        i = end;
      } else if (clean && c.tooLong) {
        i = skipRun(text, c.scanEnd);
      } else if (digit) {
        while (i < n && Chars.isDigit(chars[i])) {
          i++;
        }
      } else {
        i++;
      }
    }
  }

  /** Skips the rest of a run of digits and separators (each character once). */
  private static int skipRun(String text, int from) {
    int i = from;
    while (i < text.length()) {
      char ch = text.charAt(i);
      if (!Chars.isDigit(ch) && ch != ' ' && ch != '-' && ch != '.' && ch != '(' && ch != ')') {
        break;
      }
      i++;
    }
    return i;
  }

  private static boolean accept(String text, Candidate c) {
    int d = c.digits;
    if (d < 6 || d > MAX_DIGITS || c.looksLikeDate() || c.looksLikeDottedQuad()) {
      return false;
    }
    if (strong(c)) {
      return true;
    }
    boolean weakShape =
        (c.groups == 1 && d >= 7)
            || (c.groups == 2 && d >= 7 && c.separators != '.')
            || (c.groups >= 3);
    return weakShape
        && (Context.before(text, c.start, CONTEXT_BEFORE)
            || Context.after(text, c.end, CONTEXT_AFTER));
  }

  private static boolean strong(Candidate c) {
    int d = c.digits;
    if (c.plus) {
      return d >= 8;
    }
    if (c.paren) {
      return d >= 7 && c.groups >= 2;
    }
    if (c.extension) {
      return d >= 7 && c.groups >= 2;
    }
    if (c.mixed) {
      return false;
    }
    if (c.hasShape(3, 3, 4)
        || (c.hasShape(1, 3, 3, 4) && c.first == '1')
        || (c.hasShape(3, 3, 3, 4) && c.startsWith001)) {
      return true;
    }
    if (d < 10 || c.groups < 3) {
      return false;
    }
    for (int g = 0; g < Math.min(c.groups, Candidate.MAX_GROUPS); g++) {
      if (c.groupLengths[g] < 2 || c.groupLengths[g] > 5) {
        return false;
      }
    }
    return true;
  }

  /** The parsed shape of one candidate. */
  private static final class Candidate {
    static final int MAX_GROUPS = 24;
    final int[] groupLengths = new int[MAX_GROUPS];
    final int[] groupEnds = new int[MAX_GROUPS];
    final char[] sepBefore = new char[MAX_GROUPS];
    final boolean[] parenGroup = new boolean[MAX_GROUPS];
    int parsedGroups;
    int firstLeadingValue;
    char firstChar;
    private char pendingSep;
    private boolean pendingParen;
    int start;
    int end;
    int digits;
    int groups;
    boolean plus;
    boolean paren;
    boolean tooLong;
    int scanEnd;
    boolean extension;
    boolean mixed;
    boolean startsWith001;
    char first;
    char separators;
    int leadingValue;

    /** Parses from {@code from}; returns the end of the candidate or -1. */
    int parse(String s, int from) {
      start = from;
      digits = 0;
      groups = 0;
      plus = false;
      paren = false;
      tooLong = false;
      scanEnd = from;
      extension = false;
      mixed = false;
      separators = 0;
      first = 0;
      leadingValue = 0;
      pendingSep = 0;
      pendingParen = false;
      int n = s.length();
      int pos = from;
      if (s.charAt(pos) == '+') {
        plus = true;
        pos++;
      }
      while (pos < n) {
        char c = s.charAt(pos);
        if (c == '(') {
          int j = pos + 1;
          int len = 0;
          while (j < n && Chars.isDigit(s.charAt(j)) && len <= 5) {
            j++;
            len++;
          }
          if (len == 0 || len > 5 || j >= n || s.charAt(j) != ')') {
            break;
          }
          pendingParen = true;
          addGroup(s, pos + 1, len);
          groupEnd(j + 1);
          paren = true;
          pos = j + 1;
          if (pos + 1 < n && isSeparator(s.charAt(pos)) && Chars.isDigit(s.charAt(pos + 1))) {
            pos++; // the separator after ")" does not count towards consistency
          }
          continue;
        }
        if (!Chars.isDigit(c)) {
          break;
        }
        if (digits > MAX_DIGITS + 5) {
          tooLong = true; // not a phone; the caller skips the whole run
          break;
        }
        int j = pos;
        while (j < n && Chars.isDigit(s.charAt(j))) {
          j++;
        }
        addGroup(s, pos, j - pos);
        groupEnd(j);
        pos = j;
        if (pos + 1 < n
            && isSeparator(s.charAt(pos))
            && (Chars.isDigit(s.charAt(pos + 1)) || s.charAt(pos + 1) == '(')) {
          char sep = s.charAt(pos);
          pendingSep = sep;
          if (separators == 0) {
            separators = sep;
          } else if (separators != sep) {
            mixed = true;
          }
          pos++;
        } else if (pos < n && s.charAt(pos) == '(') {
          continue;
        } else {
          break;
        }
      }
      scanEnd = pos;
      parsedGroups = groups;
      firstLeadingValue = leadingValue;
      firstChar = first;
      if (groups == 0 || tooLong) {
        return -1;
      }
      // A trailing separator or "(" that started nothing is not part of the number.
      while (pos > from && !Chars.isDigit(s.charAt(pos - 1)) && s.charAt(pos - 1) != ')') {
        pos--;
      }
      int extEnd = extension(s, pos);
      if (extEnd > 0) {
        extension = true;
        pos = extEnd;
      }
      if (!Chars.numberEndsCleanly(s, pos)) {
        return -1;
      }
      end = pos;
      startsWith001 = groupLengths[0] == 3 && leadingValue == 1;
      return pos;
    }

    private void groupEnd(int at) {
      if (groups - 1 < MAX_GROUPS) {
        groupEnds[groups - 1] = at;
      }
    }

    /** Narrows this candidate to its first {@code k} groups (no extension). */
    void limit(int k) {
      groups = k;
      digits = 0;
      paren = false;
      mixed = false;
      extension = false;
      separators = 0;
      for (int g = 0; g < k; g++) {
        digits += groupLengths[g];
        paren |= parenGroup[g];
        char sep = sepBefore[g];
        if (g > 0 && sep != 0) {
          if (separators == 0) {
            separators = sep;
          } else if (separators != sep) {
            mixed = true;
          }
        }
      }
      end = groupEnds[k - 1];
      first = firstChar;
      leadingValue = firstLeadingValue;
      startsWith001 = groupLengths[0] == 3 && leadingValue == 1;
    }

    private void addGroup(String s, int at, int len) {
      if (groups == 0) {
        first = s.charAt(at);
        int v = 0;
        for (int k = at; k < at + Math.min(len, 4); k++) {
          v = v * 10 + (s.charAt(k) - '0');
        }
        leadingValue = v;
      }
      if (groups < MAX_GROUPS) {
        groupLengths[groups] = len;
        sepBefore[groups] = pendingSep;
        parenGroup[groups] = pendingParen;
      }
      pendingSep = 0;
      pendingParen = false;
      groups++;
      digits += len;
    }

    /** End of an extension ({@code x123}, {@code ext. 123}) starting at {@code pos}, or -1. */
    private static int extension(String s, int pos) {
      int n = s.length();
      int j = pos;
      if (j < n && s.charAt(j) == ' ') {
        j++;
      }
      if (j < n && (s.charAt(j) == 'x' || s.charAt(j) == 'X')) {
        j++;
      } else if (j < n
          && (s.charAt(j) == 'e' || s.charAt(j) == 'E')
          && Chars.matchesIgnoreCase(s, j, "ext")) {
        j += 3;
        if (j < n && s.charAt(j) == '.') {
          j++;
        }
        if (j < n && s.charAt(j) == ' ') {
          j++;
        }
      } else {
        return -1;
      }
      int digitsStart = j;
      while (j < n && Chars.isDigit(s.charAt(j)) && j - digitsStart <= 6) {
        j++;
      }
      int len = j - digitsStart;
      return len >= 1 && len <= 6 ? j : -1;
    }

    boolean hasShape(int... lengths) {
      if (groups != lengths.length) {
        return false;
      }
      for (int g = 0; g < lengths.length; g++) {
        if (groupLengths[g] != lengths[g]) {
          return false;
        }
      }
      return true;
    }

    /** {@code 2024-01-31}, {@code 31.01.2024}, {@code 1-31-2024}, also at the start of a run. */
    boolean looksLikeDate() {
      if (groups < 3 || plus || paren || separators == ' ' || (groups > 3 && !mixed)) {
        return false;
      }
      int a = groupLengths[0];
      int b = groupLengths[1];
      int c = groupLengths[2];
      return (a == 4 && b <= 2 && c <= 2) || (a <= 2 && b <= 2 && c == 4);
    }

    boolean looksLikeDottedQuad() {
      if (separators != '.' || mixed || groups != 4) {
        return false;
      }
      for (int g = 0; g < 4; g++) {
        if (groupLengths[g] > 3) {
          return false;
        }
      }
      return true;
    }

    private static boolean isSeparator(char c) {
      return c == ' ' || c == '-' || c == '.';
    }
  }
}
