package io.mirador.pii.detect;

import java.util.Set;

/**
 * Phone numbers. Accepted as they are: E.164 ({@code +} and 8-15 digits), North American layouts
 * ({@code (415) 555-0100}, {@code 415.555.0100}, {@code 1-415-555-0100}, {@code 001-415-555-0100}),
 * a parenthesised area code ({@code (030) 12345678}) and anything with an extension ({@code x123},
 * {@code ext. 123}, {@code extension 123}). Accepted when valid in a numbering plan ({@link
 * PhoneValidator}, libphonenumber's metadata): national formats of the configured regions ({@code
 * 030 12345678}, {@code 06 12 34 56 78}, {@code 612 345 678}) and numbers dialled with {@code 00}
 * or {@code 011} ({@code 0049 30 12345678}). Shapes that ordinary numbers also take (short groups
 * such as {@code 555 0100}, ten bare digits, which is also a Unix timestamp, or an invalid grouped
 * number) count only when a phone word ("phone", "tel", "call", "fax", "mobile", ...) is next to
 * them. Dates, dotted quads, placeholders ({@code 000-000-0000}) and pieces of larger tokens
 * ({@code ORD-2018-408958}) are never validated into phones.
 *
 * <p>Linear: a candidate is parsed left to right and the parse stops after {@code MAX_DIGITS + 5}
 * digits (a run that long is no phone, and the rest of it is skipped in one pass), so a parse reads
 * a bounded number of characters; a rejected candidate is retried only at the next digit group; the
 * context check reads bounded windows; the validator sees at most 24 characters and is asked at
 * most {@value #VALIDATION_BUDGET} times per text.
 */
final class PhoneDetector implements Detector {
  private static final int MAX_DIGITS = 15;

  /** Groups of a layout worth validating: national formats have 2-6 groups of 2+ digits. */
  private static final int MAX_VALIDATED_GROUPS = 6;

  /** libphonenumber calls per text before the layout alone decides ({@link #validated}). */
  static final int VALIDATION_BUDGET = 32;

  private final PhoneValidator validator;

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

  /** The default regions ({@link PhoneRegions#defaults()}). */
  PhoneDetector() {
    this(new PhoneValidator(PhoneRegions.defaults()));
  }

  PhoneDetector(PhoneValidator validator) {
    this.validator = validator;
  }

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
        int cut = gluedPhone(text, c);
        if (cut >= 0) {
          out.add(i, cut, DetectorKind.PHONE);
          end = cut;
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

  /**
   * A phone glued to a following number ({@code +1 415 555 0100 2026-01-31}): the longest prefix of
   * whole groups that is a phone and after which the rest is a token of its own (its own separator)
   * and that carries a phone-only mark or is valid in a plan; failing that, the longest prefix with
   * a phone-only mark. {@code 2720 5400 9776 5780} (a reference number) is not a phone followed by
   * {@code 5780}. Returns the end of the phone or -1. Bounded: a parse holds at most {@code
   * MAX_DIGITS + 5} digits, so at most that many prefixes are tried, twice.
   */
  private int gluedPhone(String text, Candidate c) {
    int last = Math.min(c.parsedGroups, Candidate.MAX_GROUPS) - 1;
    for (int pass = 0; pass < 2; pass++) {
      for (int k = last; k >= 2; k--) {
        c.limit(k);
        if (c.digits < 7 || c.digits > MAX_DIGITS || c.looksLikeDate() || c.isPlaceholder(text)) {
          continue;
        }
        boolean boundary = restIsToken(c, k, last);
        if (pass == 0 ? boundary && (specific(c) || validated(text, c)) : specific(c)) {
          return c.end;
        }
      }
    }
    return -1;
  }

  /**
   * Groups {@code k..last} are joined by one separator kind other than the one before group {@code
   * k} ({@code 2026-01-31} after a space), or group {@code k} alone follows a separator the prefix
   * does not use.
   */
  private static boolean restIsToken(Candidate c, int k, int last) {
    if (k == last) {
      return c.sepBefore[k] != c.separators;
    }
    char inner = c.sepBefore[k + 1];
    for (int g = k + 2; g <= last; g++) {
      if (c.sepBefore[g] != inner) {
        return false;
      }
    }
    return inner != c.sepBefore[k];
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

  private boolean accept(String text, Candidate c) {
    int d = c.digits;
    int prefixDigits = c.internationalPrefixDigits(text);
    if (d < 6
        || d > MAX_DIGITS + prefixDigits
        || c.looksLikeDate()
        || c.looksLikeDottedQuad()
        || c.isPlaceholder(text)) {
      return false;
    }
    if (d <= MAX_DIGITS && specific(c)) {
      return true;
    }
    if (validated(text, c)) {
      return true; // before the word check: cheaper once the validation budget is spent
    }
    boolean weakShape =
        (c.groups == 1 && d >= 7)
            || (c.groups == 2 && d >= 7 && c.separators != '.')
            || (c.groups >= 3);
    return weakShape
        && d <= MAX_DIGITS
        && (Context.before(text, c.start, CONTEXT_BEFORE)
            || Context.after(text, c.end, CONTEXT_AFTER));
  }

  /**
   * A national or {@code 00}-international layout that libphonenumber calls a valid number. After
   * {@value #VALIDATION_BUDGET} library calls in one text the layout alone is accepted (fail
   * closed: a value crafted or long enough to make validation costly is over-redacted rather than
   * let through or slowed down).
   */
  private boolean validated(String text, Candidate c) {
    if (!validatable(text, c, c.internationalPrefixDigits(text) > 0)) {
      return false;
    }
    if (++c.validations > VALIDATION_BUDGET) {
      return true;
    }
    return validator.isValid(text, c.start, c.numberEnd());
  }

  /**
   * A layout that national formats take: 2-6 groups of 2+ digits (after {@code 00}+country code
   * also a one-digit area code), 8-13 digits (more after {@code 00}), short enough for the
   * validator, and not a piece of a larger token. A single bare group (an id, a timestamp) and a
   * two-group dotted number (a decimal) are never validated: they need a phone word.
   */
  private static boolean validatable(String text, Candidate c, boolean internationalPrefix) {
    if (c.groups < 2
        || c.groups > MAX_VALIDATED_GROUPS
        || c.digits < PhoneValidator.MIN_NATIONAL_DIGITS
        || (!internationalPrefix && c.digits > PhoneValidator.MAX_NATIONAL_DIGITS)
        || (c.groups == 2 && c.separators == '.')
        || c.hasShape(3, 2, 4)) {
      return false; // a decimal; the US SSN layout
    }
    if (c.digits == 8
        && c.first != '0'
        && !(c.hasShape(4, 4) || c.hasShape(2, 2, 2, 2) || c.hasShape(3, 2, 3))) {
      // Eight digits without a trunk prefix: the closed plans (Singapore, Denmark, Norway) write
      // 4-4, 2-2-2-2 or 3-2-3; "200 13105" (status and size in an access log) is none of them.
      return false;
    }
    for (int g = 0; g < c.groups; g++) {
      if (c.groupLengths[g] < 2 && !(g == 1 && internationalPrefix)) {
        return false;
      }
    }
    return c.numberEnd() - c.start <= PhoneValidator.MAX_CHARS
        && !gluedBefore(text, c.start)
        && !gluedAfter(text, c.numberEnd());
  }

  /**
   * {@code ORD-2018-408958}, {@code 10:51:43.161926}, {@code 12/030 1234}: the number continues a
   * word (through {@code - _ .}) or a number (through any joiner). After {@code key:} or a path
   * {@code /} it is a value of its own.
   */
  private static boolean gluedBefore(String text, int start) {
    if (start < 2) {
      return false;
    }
    char joiner = text.charAt(start - 1);
    char before = text.charAt(start - 2);
    return (isWordJoiner(joiner) && Chars.isWordChar(before))
        || (isNumberJoiner(joiner) && Chars.isDigit(before));
  }

  private static boolean gluedAfter(String text, int end) {
    if (end + 1 >= text.length()) {
      return false;
    }
    char joiner = text.charAt(end);
    char after = text.charAt(end + 1);
    return (isWordJoiner(joiner) && Chars.isWordChar(after))
        || (isNumberJoiner(joiner) && Chars.isDigit(after));
  }

  private static boolean isWordJoiner(char c) {
    return c == '-' || c == '_' || c == '.';
  }

  private static boolean isNumberJoiner(char c) {
    return isWordJoiner(c) || c == ':' || c == '/' || c == ',';
  }

  /**
   * A mark only phones carry ({@code +} and 8+ digits, a parenthesised area code, an extension, a
   * North American layout): accepted as it is. Everything else (including 10-13 digits in groups,
   * which card-shaped references also take) needs a valid plan or a phone word.
   */
  private static boolean specific(Candidate c) {
    int d = c.digits;
    if (c.plus) {
      return d >= 8;
    }
    if (c.paren || c.extension) {
      return d >= 7 && c.groups >= 2;
    }
    return !c.mixed
        && (c.hasShape(3, 3, 4)
            || (c.hasShape(1, 3, 3, 4) && c.first == '1')
            || (c.hasShape(3, 3, 3, 4) && c.startsWith001));
  }

  /** The parsed shape of one candidate. */
  private static final class Candidate {
    static final int MAX_GROUPS = 24;
    final int[] groupLengths = new int[MAX_GROUPS];
    final int[] groupEnds = new int[MAX_GROUPS];
    final char[] sepBefore = new char[MAX_GROUPS];
    final boolean[] parenGroup = new boolean[MAX_GROUPS];
    int parsedGroups;
    int validations;
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
        j += Chars.matchesIgnoreCase(s, j, "extension") ? 9 : 3;
        if (j < n && (s.charAt(j) == '.' || s.charAt(j) == ':')) {
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

    /**
     * {@code 000-000-0000}, {@code +0 000 ...}: every digit zero, or a country code starting with 0
     * (E.164 assigns none). Reads the candidate once (bounded by its parse).
     */
    boolean isPlaceholder(String s) {
      int from = plus ? start + 1 : start;
      if (plus && from < s.length() && s.charAt(from) == '0') {
        return true;
      }
      int to = numberEnd();
      for (int i = from; i < to; i++) {
        char ch = s.charAt(i);
        if (Chars.isDigit(ch) && ch != '0') {
          return false;
        }
      }
      return true;
    }

    /** End of the number without its extension. */
    int numberEnd() {
      return groupEnds[Math.min(groups, MAX_GROUPS) - 1];
    }

    /** 2 for {@code 00}, 3 for {@code 011} at the start (international call prefixes), else 0. */
    int internationalPrefixDigits(String s) {
      if (plus || paren) {
        return 0;
      }
      if (s.startsWith("011", start)) {
        return 3;
      }
      return s.startsWith("00", start) ? 2 : 0;
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
