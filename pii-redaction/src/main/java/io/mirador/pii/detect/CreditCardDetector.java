package io.mirador.pii.detect;

/**
 * Payment card numbers by specification: 12 to 19 digits whose prefix and length are issued by a
 * card scheme ({@link IssuerRanges}, the one table of ranges) and whose last digit is the Luhn
 * check digit. A number that fails Luhn or matches no range is not a card.
 *
 * <p>Written forms: ungrouped ({@code 4111111111111111}), or grouped with one kind of separator
 * (space, dash or dot) as cards are printed: a first group of 4-6 digits, middle groups of 3-6, a
 * last group of 1-6 ({@code 4111 1111 1111 1111}, Amex {@code 3782-822463-10005}, Diners {@code
 * 3056 930902 5904}, 19 digits {@code 6011.0000.0000.0000.004}). Mixed separators ({@code 4111-1111
 * 1111-1111}) are not a card: no scheme prints them, and dates, phone numbers and ids are written
 * that way. Dashes and dots join the groups of one identifier, so a dash- or dot-grouped card must
 * be all of its run (not a UUID-like id, a version, a decimal). Space-separated numbers are
 * separate words, so a space-grouped card may sit between a quantity of at most 3 digits and a CVV,
 * CID or year of at most 4 ({@code qty 2 4111 1111 1111 1111 123}); a 4+ digit number before it, or
 * 5+ digits after it, make it part of a longer number. A number glued to a word or to a {@code +}
 * (an E.164 phone number) is not a card.
 *
 * <p>Linear: a run is read in slices of at most {@value NumberRun#MAX_GROUPS} groups or {@value
 * NumberRun#MAX_DIGITS} digits (see {@link #scanRun}); each slice checks at most {@value
 * NumberRun#MAX_GROUPS}² windows of at most 19 digits, and each group is read by a bounded number
 * of slices. No allocation apart from one {@link NumberRun} per call; the range lookup is a binary
 * search.
 */
final class CreditCardDetector implements Detector {
  private static final String SEPARATORS = " -.";

  /** A card grouped as printed has at most 6 groups (4 + 3 + 3 + 3 + 3 + 3 = 19 digits). */
  private static final int MAX_CARD_GROUPS = 6;

  /** A number just before a card in the same run: a quantity, not a group of a longer number. */
  private static final int MAX_WORD_BEFORE = 3;

  /** A number just after a card in the same run: a CVV, a CID or a year. */
  private static final int MAX_WORD_AFTER = 4;

  @Override
  public DetectorKind kind() {
    return DetectorKind.CREDIT_CARD;
  }

  @Override
  public void detect(String text, char[] chars, Findings out) {
    NumberRun run = null;
    int n = chars.length;
    int i = 0;
    while (i < n) {
      if (!Chars.isDigit(chars[i])) {
        i++;
        continue;
      }
      if (!Chars.numberStartsCleanly(text, i)) {
        i = skipDigits(chars, i);
        continue;
      }
      if (run == null) {
        run = new NumberRun();
      }
      if (i > 0 && chars[i - 1] == '+') {
        i = run.scan(text, i, SEPARATORS); // an E.164 phone number: skip the whole run
        continue;
      }
      i = scanRun(text, run, i, out);
    }
  }

  /**
   * Judges the run at {@code from} in bounded slices: a slice records at most {@value
   * NumberRun#MAX_GROUPS} groups or {@value NumberRun#MAX_DIGITS} digits, and the next slice
   * resumes at the first group whose windows the slice could not judge in full (a card spans at
   * most 19 digits and 6 groups), so long runs cost a constant factor per group. Returns the end.
   */
  private static int scanRun(String text, NumberRun run, int from, Findings out) {
    int at = from;
    char before = 0;
    int lengthBefore = 0;
    while (true) {
      run.scanBounded(text, at, SEPARATORS, before, lengthBefore);
      int lastCard = match(text, run, out);
      // Digits past MAX_DIGITS were counted but not kept: their windows were not judged either.
      if (!run.truncated && run.digitCount <= NumberRun.MAX_DIGITS) {
        return run.end;
      }
      int groups = run.groupCount;
      int next = 1;
      while (next + MAX_CARD_GROUPS < groups
          && run.digitOffset[next] + IssuerRanges.MAX_LENGTH < NumberRun.MAX_DIGITS) {
        next++;
      }
      next = Math.max(next, lastCard + 1);
      if (next >= groups) {
        if (!run.truncated) {
          return run.end;
        }
        at = run.end + 1;
        before = run.stopSep;
        lengthBefore = run.groupLengths[groups - 1];
      } else {
        at = run.groupStarts[next];
        before = run.sepBefore[next];
        lengthBefore = next - 1 == lastCard ? 0 : run.groupLengths[next - 1];
      }
    }
  }

  private static int skipDigits(char[] chars, int i) {
    while (i < chars.length && Chars.isDigit(chars[i])) {
      i++;
    }
    return i;
  }

  /** Adds the cards of the recorded groups; returns the last group of the last card, or -1. */
  private static int match(String text, NumberRun run, Findings out) {
    boolean endsCleanly = Chars.numberEndsCleanly(text, run.end);
    int groups = run.groupCount;
    int lastCard = -1;
    // From the left, the longest acceptable window that is a card; continue after it.
    for (int first = 0; first < groups; first++) {
      for (int last = groups - 1; last >= first; last--) {
        if (acceptable(run, first, last, endsCleanly, lastCard) && isCard(run, first, last)) {
          out.add(run.groupStarts[first], run.groupEnds[last], DetectorKind.CREDIT_CARD);
          lastCard = last;
          first = last;
          break;
        }
      }
    }
    return lastCard;
  }

  /**
   * Whether groups {@code [first, last]} can be a written card number, regardless of its digits;
   * {@code previousCard} is the last group of a card already found in this slice, or -1.
   */
  static boolean acceptable(
      NumberRun run, int first, int last, boolean endsCleanly, int previousCard) {
    int digits = windowDigits(run, first, last);
    boolean atEnd = last + 1 >= run.groupCount;
    if (digits < IssuerRanges.MIN_LENGTH
        || digits > IssuerRanges.MAX_LENGTH
        || run.digitOffset[first] + digits > NumberRun.MAX_DIGITS
        || (atEnd && (run.truncated || !endsCleanly)) // truncated: judged in the next slice
        || !run.isUniform(first, last)) {
      return false;
    }
    char before = run.sepBefore[first];
    char after = atEnd ? 0 : run.sepBefore[last + 1];
    if (first == last) {
      return isDelimiter(before) && isDelimiter(after);
    }
    char inner = run.sepBefore[first + 1];
    if (!cardGrouped(run, first, last)) {
      return false;
    }
    if (inner != ' ') {
      // Dashes and dots join the groups of one identifier: the card must be all of it.
      return isDelimiter(before) && isDelimiter(after);
    }
    // Space-separated words next to a card: a short quantity before it, a CVV or year after it.
    // (0 when the group before is the end of a card: two cards in a row)
    int lengthBefore =
        first == 0 ? run.lengthBefore : first - 1 == previousCard ? 0 : run.groupLengths[first - 1];
    // A 12-digit card followed by 4 digits is more likely a 16-digit number: only a CVV may follow.
    int maxAfter = digits > IssuerRanges.MIN_LENGTH ? MAX_WORD_AFTER : MAX_WORD_AFTER - 1;
    return (before != ' ' || lengthBefore <= MAX_WORD_BEFORE)
        && (after != ' ' || run.groupLengths[last + 1] <= maxAfter);
  }

  /** Nothing, or a space: what may stand next to a card inside a run. */
  private static boolean isDelimiter(char sep) {
    return sep == 0 || sep == ' ';
  }

  /** Groups as printed on cards: first 4-6 digits, middle 3-6, last 1-6. */
  static boolean cardGrouped(NumberRun run, int first, int last) {
    int head = run.groupLengths[first];
    if (head < 4 || head > 6) {
      return false;
    }
    for (int g = first + 1; g < last; g++) {
      int len = run.groupLengths[g];
      if (len < 3 || len > 6) {
        return false;
      }
    }
    return run.groupLengths[last] <= 6;
  }

  private static int windowDigits(NumberRun run, int first, int last) {
    return run.digitOffset[last] + run.groupLengths[last] - run.digitOffset[first];
  }

  private static boolean isCard(NumberRun run, int first, int last) {
    int offset = run.digitOffset[first];
    int digits = windowDigits(run, first, last);
    return IssuerRanges.issued(run.digits, offset, digits)
        && Luhn.valid(run.digits, offset, digits);
  }

  /** Whether {@code len} digits at the start of {@code d} are a card number (tests, callers). */
  static boolean isCard(char[] d, int len) {
    return IssuerRanges.issued(d, 0, len) && Luhn.valid(d, 0, len);
  }
}
