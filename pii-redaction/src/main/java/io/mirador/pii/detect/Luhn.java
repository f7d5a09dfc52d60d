package io.mirador.pii.detect;

/**
 * The Luhn (mod 10) check digit of ISO/IEC 7812-1 Annex B over a range of ASCII digits: from the
 * rightmost digit, every second digit is doubled (minus 9 when over 9) and the sum must end in 0.
 */
final class Luhn {
  /** A doubled digit's contribution: 2d, minus 9 when over 9. */
  private static final int[] DOUBLED = {0, 2, 4, 6, 8, 1, 3, 5, 7, 9};

  private Luhn() {}

  /** Whether the first {@code count} digits of {@code digits} carry a valid check digit. */
  static boolean valid(char[] digits, int count) {
    return valid(digits, 0, count);
  }

  /** Whether {@code digits[from, from + count)} carry a valid check digit. */
  static boolean valid(char[] digits, int from, int count) {
    int sum = 0;
    boolean dbl = false;
    for (int i = from + count - 1; i >= from; i--) {
      int d = digits[i] - '0';
      sum += dbl ? DOUBLED[d] : d;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }
}
