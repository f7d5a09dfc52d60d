package io.mirador.pii.detect;

/**
 * Payment card numbers: 13 to 19 digits, optionally grouped with single spaces or dashes (one kind
 * of separator), Luhn-valid, with an issuer prefix of a real scheme (Visa, Mastercard, Amex,
 * Discover, JCB, Diners, UnionPay, Maestro). A 16-digit order id that fails Luhn is not a card.
 *
 * <p>Linear: each digit run is read once by {@link NumberRun} and the scan continues after it; the
 * checks afterwards look at no more than {@value NumberRun#MAX_DIGITS} digits.
 */
final class CreditCardDetector implements Detector {
  private static final String SEPARATORS = " -";

  @Override
  public DetectorKind kind() {
    return DetectorKind.CREDIT_CARD;
  }

  @Override
  public void detect(String text, char[] chars, Findings out) {
    NumberRun run = null;
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!Chars.isDigit(chars[i])) {
        i++;
        continue;
      }
      if (!Chars.numberStartsCleanly(text, i)) {
        i = skipDigits(text, i);
        continue;
      }
      if (run == null) {
        run = new NumberRun();
      }
      int end = run.scan(text, i, SEPARATORS);
      match(text, run, out);
      i = end;
    }
  }

  private static int skipDigits(String text, int i) {
    while (i < text.length() && Chars.isDigit(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static void match(String text, NumberRun run, Findings out) {
    if (run.digitCount < 13) {
      return;
    }
    boolean endsCleanly = Chars.numberEndsCleanly(text, run.end);
    int groups = Math.min(run.groupCount, NumberRun.MAX_GROUPS);
    // Windows of whole groups that are tokens of their own (the whole run first, then the longest
    // windows from the left), or uniform prefixes of the run (a card followed by its CVV); at most
    // MAX_GROUPS^2 windows of at most 19 digits each.
    for (int first = 0; first < groups; first++) {
      for (int last = groups - 1; last >= first; last--) {
        int digits = run.digitOffset[last] + run.groupLengths[last] - run.digitOffset[first];
        boolean atEnd = last + 1 == run.groupCount;
        if (digits < 13
            || digits > 19
            || (atEnd && !endsCleanly)
            || run.digitOffset[first] + digits > NumberRun.MAX_DIGITS
            || !(run.isToken(first, last) || (first == 0 && run.isUniform(first, last)))) {
          continue;
        }
        char[] d =
            java.util.Arrays.copyOfRange(
                run.digits, run.digitOffset[first], run.digitOffset[first] + digits);
        if (isCard(d, digits)) {
          out.add(run.groupStarts[first], run.groupEnds[last], DetectorKind.CREDIT_CARD);
          first = last; // continue after this card
          break;
        }
      }
    }
  }

  static boolean isCard(char[] d, int len) {
    return issuerPrefix(d, len) && Luhn.valid(d, len);
  }

  /** Prefix and length of the major schemes (ISO/IEC 7812 issuer identification numbers). */
  private static boolean issuerPrefix(char[] d, int len) {
    int two = (d[0] - '0') * 10 + (d[1] - '0');
    int four = two * 100 + (d[2] - '0') * 10 + (d[3] - '0');
    return switch (d[0]) {
      case '4' -> len == 13 || len == 16 || len == 19; // Visa
      case '5' ->
          (two >= 51 && two <= 55 && len == 16) // Mastercard
              || ((two == 50 || two >= 56) && len >= 12); // Maestro
      case '2' -> four >= 2221 && four <= 2720 && len == 16; // Mastercard 2-series
      case '3' ->
          ((two == 34 || two == 37) && len == 15) // Amex
              || (two == 35 && len >= 16) // JCB
              || ((two == 30 || two == 36 || two == 38 || two == 39) && len >= 14); // Diners
      case '6' -> len >= 16; // Discover, UnionPay, Maestro, RuPay
      default -> false;
    };
  }
}
