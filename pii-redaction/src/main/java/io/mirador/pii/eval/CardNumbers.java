package io.mirador.pii.eval;

import java.util.random.RandomGenerator;

/**
 * Card numbers as the corpus and the tests make them: Luhn-valid digits, and the digits grouped as
 * issued cards print them. One definition, so that the corpus and the detector's tests agree on
 * what "as printed" means.
 */
public final class CardNumbers {
  private CardNumbers() {}

  /** {@code prefix}, random digits, and the Luhn check digit: {@code length} digits in all. */
  public static String number(String prefix, int length, RandomGenerator random) {
    StringBuilder sb = new StringBuilder(prefix);
    while (sb.length() < length - 1) {
      sb.append((char) ('0' + random.nextInt(10)));
    }
    return sb.append(luhnCheckDigit(sb)).toString();
  }

  /** {@code payload} followed by its Luhn check digit. */
  public static String withCheckDigit(String payload) {
    return payload + luhnCheckDigit(payload);
  }

  /** ISO/IEC 7812-1 Annex B: the digit that makes {@code payload} + digit pass Luhn. */
  static char luhnCheckDigit(CharSequence payload) {
    int sum = 0;
    boolean doubled = true;
    for (int i = payload.length() - 1; i >= 0; i--) {
      int d = payload.charAt(i) - '0';
      if (doubled) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
      doubled = !doubled;
    }
    return (char) ('0' + (10 - sum % 10) % 10);
  }

  /**
   * The number as issued cards print it: 4-4-4 (12), 4-3-3-3 (13), 4-6-4 (14), 4-6-5 (15; UATP
   * 4-5-6), fours then the rest (16-19); {@code sep == 0} is ungrouped.
   */
  public static String printed(String digits, boolean uatp, char sep) {
    if (sep == 0) {
      return digits;
    }
    int[] groups =
        switch (digits.length()) {
          case 13 -> new int[] {4, 3, 3, 3};
          case 14 -> new int[] {4, 6, 4};
          case 15 -> uatp ? new int[] {4, 5, 6} : new int[] {4, 6, 5};
          default -> null;
        };
    StringBuilder sb = new StringBuilder();
    int at = 0;
    for (int g = 0; at < digits.length(); g++) {
      int len = groups != null ? groups[g] : Math.min(4, digits.length() - at);
      if (at > 0) {
        sb.append(sep);
      }
      sb.append(digits, at, at + len);
      at += len;
    }
    return sb.toString();
  }
}
