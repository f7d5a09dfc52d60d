package io.mirador.pii.detect;

/**
 * One cheap pass over a text that tells which detectors can possibly match, so that most detectors
 * never scan ordinary telemetry. Every condition is a necessary condition of a match (see {@link
 * #mayMatch}), so gating never loses a finding.
 */
public final class TextProfile {
  private TextProfile() {}

  /**
   * Bit {@code 1 << kind.ordinal()} is set for each detector that may match {@code text}. Linear:
   * one pass, constant work per character.
   */
  private static final byte OTHER = 0;

  private static final byte LETTER = 1;
  private static final byte DIGIT = 2;
  // Number-run separators are the contiguous range DOT..PLUS.
  private static final byte DOT = 3;
  private static final byte SPACE = 4;
  private static final byte DASH = 5;
  private static final byte PHONE_PUNCT = 6;
  private static final byte PLUS = 7;
  private static final byte UNDERSCORE = 8;
  private static final byte COLON = 9;
  private static final byte AT = 10;
  private static final byte EQUALS = 11;
  private static final byte QUOTE = 12;
  // '%', '\' and '&': where an encoded sequence can start (see DecodedView).
  private static final byte ESCAPE = 13;
  private static final int CLASS_COUNT = 14;

  /**
   * Flag of {@link #profile}: the text holds {@code %}, {@code \} or {@code &}, where a
   * percent-encoded, backslash-escaped or HTML-encoded sequence can start.
   */
  static final int HAS_ESCAPE_CHAR = 1 << 30;

  /** Flag of {@link #profile}: the text holds {@code +} (a space in queries and form bodies). */
  static final int HAS_PLUS = 1 << 29;

  static final int FLAGS = HAS_ESCAPE_CHAR | HAS_PLUS;
  private static final byte[] CLASSES = classes();

  private static byte[] classes() {
    byte[] t = new byte[65536];
    for (int c = 'a'; c <= 'z'; c++) {
      t[c] = LETTER;
      t[c - 32] = LETTER;
    }
    for (int c = '0'; c <= '9'; c++) {
      t[c] = DIGIT;
    }
    t['.'] = DOT;
    t[' '] = SPACE;
    t['\t'] = SPACE;
    t['-'] = DASH;
    t['_'] = UNDERSCORE;
    t[':'] = COLON;
    t['@'] = AT;
    t['='] = EQUALS;
    t['\''] = QUOTE;
    t['('] = PHONE_PUNCT;
    t[')'] = PHONE_PUNCT;
    t['+'] = PLUS;
    t['%'] = ESCAPE;
    t['\\'] = ESCAPE;
    t['&'] = ESCAPE;
    return t;
  }

  public static int mayMatch(String text) {
    return mayMatch(text.toCharArray());
  }

  /** The same over {@code text.toCharArray()}. */
  public static int mayMatch(char[] b) {
    return profile(b) & ~FLAGS;
  }

  /**
   * {@link #mayMatch} bits plus {@link #HAS_ESCAPE_CHAR} and {@link #HAS_PLUS}, found in the same
   * single pass, so that the shared finder need not look for encoded sequences in a loop of its own
   * (most values have none of these characters).
   */
  static int profile(char[] b) {
    // A plain array loop the JIT compiles well. Letters, the most common class, cost one table
    // lookup and one branch; runs are measured at their ends from their start index.
    int n = b.length;
    int[] counts = new int[CLASS_COUNT];
    int alnumStart = 0;
    int maxAlnumRun = 0;
    int tokenStart = 0;
    int maxTokenRun = 0;
    // Digits of the current number run, joined over at most two separator characters in a row
    // (" ", "-", ".", "(", ")", "+"): a superset of every numeric detector's grammar.
    int numberRun = 0;
    int maxNumberRun = 0;
    int lastDigit = -10;
    int groups = 0;
    int groupLength = 0;
    int g1 = 0;
    int g2 = 0;
    char sep1 = 0;
    char sep2 = 0;
    boolean phone = false;
    int separatorsSinceDigit = 0;
    boolean ibanStart = false;
    boolean doubleColon = false;
    boolean secretAssignment = false;
    int dottedJoints = 0;
    int maxDottedJoints = 0;
    for (int i = 0; i < n; i++) {
      byte k = classOf(b[i]);
      if (k == LETTER) {
        continue;
      }
      if (k == DIGIT) {
        int gap = i - lastDigit - 1;
        if (gap == 0) {
          numberRun++;
          groupLength++;
        } else if (gap <= 2 && separatorsSinceDigit == gap) {
          numberRun++;
          // A new digit group of the same run: remember the first shapes (for dates).
          if (groups == 1) {
            g1 = groupLength;
            sep1 = b[i - 1];
          } else if (groups == 2) {
            g2 = groupLength;
            sep2 = b[i - 1];
          }
          groups++;
          groupLength = 1;
        } else {
          if (phoneEligible(numberRun, groups, g1, g2, groupLength, sep1, sep2)) {
            phone = true;
          }
          maxNumberRun = Math.max(maxNumberRun, numberRun);
          numberRun = 1;
          groups = 1;
          groupLength = 1;
          g1 = 0;
          g2 = 0;
          sep1 = 0;
          sep2 = 0;
        }
        if (gap == 0) {
          // letter, letter, digit, digit after a non-word character: where an IBAN can start.
          if (i >= 3
              && classOf(b[i - 2]) == LETTER
              && classOf(b[i - 3]) == LETTER
              && (i == 3 || isIbanBoundary(classOf(b[i - 4])))) {
            ibanStart = true;
          }
        } else if (gap == 1 && b[i - 1] == '.') {
          // digit.digit joints of one dotted run: an IPv4 address has three.
          dottedJoints++;
          maxDottedJoints = Math.max(maxDottedJoints, dottedJoints);
        } else {
          dottedJoints = 0;
        }
        lastDigit = i;
        separatorsSinceDigit = 0;
        continue;
      }
      counts[k]++;
      if ((k == COLON || k == EQUALS) && i > 0) {
        char p = b[i - 1];
        if (p == ':') {
          doubleColon = true;
        }
        // A secret parameter name ends with a letter (or a closing quote): password=, "token":
        if (CLASSES[p] == LETTER || p == '"' || p == '\'') {
          secretAssignment = true;
        }
      }
      if (k >= DOT && k <= PLUS) {
        separatorsSinceDigit++;
      }
      maxAlnumRun = Math.max(maxAlnumRun, i - alnumStart);
      alnumStart = i + 1;
      if (k == DASH || k == UNDERSCORE) {
        continue;
      }
      maxTokenRun = Math.max(maxTokenRun, i - tokenStart);
      tokenStart = i + 1;
    }
    int dots = counts[DOT];
    int colons = counts[COLON];
    int spaces = counts[SPACE];
    boolean at = counts[AT] > 0;
    boolean eq = counts[EQUALS] > 0;
    maxAlnumRun = Math.max(maxAlnumRun, n - alnumStart);
    maxTokenRun = Math.max(maxTokenRun, n - tokenStart);
    maxNumberRun = Math.max(maxNumberRun, numberRun);
    if (phoneEligible(numberRun, groups, g1, g2, groupLength, sep1, sep2)) {
      phone = true;
    }

    int mask = 0;
    if (counts[ESCAPE] > 0) {
      mask |= HAS_ESCAPE_CHAR;
    }
    if (counts[PLUS] > 0) {
      mask |= HAS_PLUS;
    }
    if (at) {
      mask |= bit(DetectorKind.EMAIL);
    }
    if (maxNumberRun >= IssuerRanges.MIN_LENGTH) {
      mask |= bit(DetectorKind.CREDIT_CARD);
    }
    // An IBAN starts at a word start with two letters and two digits.
    if (ibanStart) {
      mask |= bit(DetectorKind.IBAN);
    }
    if (maxNumberRun >= 9) {
      mask |= bit(DetectorKind.US_SSN);
    }
    if (phone) {
      mask |= bit(DetectorKind.PHONE);
    }
    // IPv4 has three digit.digit joints; IPv6 has "::" or seven colons.
    if (maxDottedJoints >= 3 || colons >= 7 || doubleColon) {
      mask |= bit(DetectorKind.IP_ADDRESS);
    }
    if (dots >= 2) {
      mask |= bit(DetectorKind.JWT);
    }
    // Bearer and Basic credentials are at least 8 characters; checked by the detector itself.
    if (spaces >= 1) {
      mask |= bit(DetectorKind.AUTH_CREDENTIAL);
    }
    // AWS, GitHub classic, Stripe, npm and Hugging Face keys contain 16+ alphanumerics in a row;
    // AccountKey= and SharedAccessKey= names are 10+ alphanumerics followed by '='; the families
    // whose body may contain '-' or '_' are found by their prefix.
    if (maxAlnumRun >= 16
        || (eq && maxAlnumRun >= 10)
        || (maxTokenRun >= 14 && hasDashedKeyPrefix(b))) {
      mask |= bit(DetectorKind.CLOUD_KEY);
    }
    if (dots + colons + spaces > 0 || eq) {
      mask |= bit(DetectorKind.PRIVATE_KEY);
    }
    // A secret parameter, or URL userinfo ("://user:pass@host" has ':' and '@').
    if (secretAssignment || (at && colons > 0)) {
      mask |= bit(DetectorKind.URL_SECRET);
    }
    if (lastDigit >= 0 || counts[QUOTE] > 0) {
      mask |= bit(DetectorKind.SQL_LITERAL);
    }
    return mask;
  }

  /** True if {@code b} contains "AIza", "_pat_", "glpat-", "xox", "xapp-" or "sk-". */
  private static boolean hasDashedKeyPrefix(char[] b) {
    for (int i = 0; i + 3 <= b.length; i++) {
      char c = b[i];
      if (c == 'A' && i + 4 <= b.length && b[i + 1] == 'I' && b[i + 2] == 'z' && b[i + 3] == 'a') {
        return true;
      }
      if (c == 'x'
          && ((b[i + 1] == 'o' && b[i + 2] == 'x') || (b[i + 1] == 'a' && b[i + 2] == 'p'))) {
        return true;
      }
      if (c == 's' && b[i + 1] == 'k' && b[i + 2] == '-') {
        return true;
      }
      if (c == 'p' && i > 0 && b[i - 1] == '_' && b[i + 1] == 'a' && b[i + 2] == 't') {
        return true; // _pat_ and glpat-
      }
      if (c == 'g' && b[i + 1] == 'l' && b[i + 2] == 'p') {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a number run can hold a phone: every accepted phone shape has 7+ digits, or 6 digits in
   * 3+ groups; a run that is exactly a date ({@code 2026-01-31}, {@code 31.01.2026}) is not one
   * (its two-group prefixes have fewer than 7 digits).
   */
  private static boolean phoneEligible(
      int digits, int groups, int g1, int g2, int last, char sep1, char sep2) {
    if (digits < 6 || (digits == 6 && groups < 3)) {
      return false;
    }
    boolean date =
        groups == 3
            && sep1 == sep2
            && (sep1 == '-' || sep1 == '.')
            && ((g1 == 4 && g2 <= 2 && last <= 2) || (g1 <= 2 && g2 <= 2 && last == 4));
    return !date;
  }

  private static byte classOf(char c) {
    return CLASSES[c]; // one entry per char value: no range check on the hot path
  }

  private static boolean isIbanBoundary(byte k) {
    return k != LETTER && k != DIGIT && k != UNDERSCORE;
  }

  public static int bit(DetectorKind kind) {
    return 1 << kind.ordinal();
  }
}
