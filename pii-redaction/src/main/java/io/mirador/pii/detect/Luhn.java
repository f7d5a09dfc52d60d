package io.mirador.pii.detect;

/** Luhn (mod 10) checksum over the digits of a char range, skipping separators. */
final class Luhn {
  private Luhn() {}

  static boolean valid(char[] digits, int count) {
    int sum = 0;
    boolean dbl = false;
    for (int i = count - 1; i >= 0; i--) {
      int d = digits[i] - '0';
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }
}
