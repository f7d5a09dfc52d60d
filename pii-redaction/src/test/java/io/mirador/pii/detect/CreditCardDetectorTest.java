package io.mirador.pii.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.pii.eval.CardNumbers;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CreditCardDetectorTest {
  private static final String VISA = "4111111111111111";
  private static final String VISA_SPACED = "4111 1111 1111 1111";

  static List<String> found(String text) {
    return DetectorsTest.found(DetectorKind.CREDIT_CARD, text);
  }

  /** {@code payload} followed by its Luhn check digit. */
  static String luhn(String payload) {
    return CardNumbers.withCheckDigit(payload);
  }

  /** The same number with its check digit changed: fails Luhn. */
  static String breakLuhn(String card) {
    char last = card.charAt(card.length() - 1);
    return card.substring(0, card.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
  }

  /** A Luhn-valid number of {@code length} digits starting with {@code prefix}. */
  static String card(String prefix, int length, Random random) {
    return CardNumbers.number(prefix, length, random);
  }

  /** Grouped as printed (never UATP here: no test uses a 15-digit UATP number). */
  static String grouped(String digits, char sep) {
    return CardNumbers.printed(digits, false, sep);
  }

  @Test
  void everyRangeEdgeAndLengthIsACardOnlyWhenIssuedAndLuhnValid() {
    Random random = new Random(7);
    int cards = 0;
    for (IssuerRanges.Range r : IssuerRanges.ranges()) {
      for (String prefix : List.of(r.low(), r.high(), below(r.low()), above(r.high()))) {
        if (prefix == null) {
          continue;
        }
        for (int len = IssuerRanges.MIN_LENGTH - 1; len <= IssuerRanges.MAX_LENGTH + 1; len++) {
          String number = card(prefix, len, random);
          boolean issued = len <= 19 && len >= 12 && IssuerRanges.issued(number);
          String text = "paid with " + number + " today";
          assertThat(found(text)).as(number).isEqualTo(issued ? List.of(number) : List.of());
          assertThat(found("paid with " + breakLuhn(number))).as(number).isEmpty();
          if (issued) {
            cards++;
            for (char sep : new char[] {' ', '-', '.'}) {
              String g = grouped(number, sep);
              assertThat(found("card: " + g + ", ok")).as(g).containsExactly(g);
            }
          }
        }
      }
    }
    assertThat(cards).isGreaterThan(300);
  }

  @Test
  void boundaryNeighboursOutsideEveryTableAreNotCards() {
    Random random = new Random(11);
    for (String prefix : List.of("2220", "2721", "2206", "3094", "3096", "306", "3527", "3590")) {
      for (int len = 12; len <= 19; len++) {
        String number = card(prefix, len, random);
        assertThat(found(number)).as(number).isEmpty();
      }
    }
    assertThat(found(card("7", 16, random))).isEmpty();
    assertThat(found(card("9", 16, random))).isEmpty();
    assertThat(found(card("0604", 12, random))).isEmpty();
  }

  @Test
  void writtenForms() {
    assertThat(found("card " + VISA + " ok")).containsExactly(VISA);
    assertThat(found(VISA_SPACED)).containsExactly(VISA_SPACED);
    assertThat(found("5555-5555-5555-4444")).containsExactly("5555-5555-5555-4444");
    assertThat(found("4111.1111.1111.1111")).containsExactly("4111.1111.1111.1111");
    assertThat(found("amex 3782 822463 10005.")).containsExactly("3782 822463 10005");
    assertThat(found("diners 3056-930902-5904")).containsExactly("3056-930902-5904");
    String visa13 = luhn("422222222222");
    String visa13Printed =
        visa13.substring(0, 4)
            + " "
            + visa13.substring(4, 7)
            + " "
            + visa13.substring(7, 10)
            + " "
            + visa13.substring(10);
    assertThat(found(visa13Printed)).containsExactly(visa13Printed);
    String uatp = luhn("12345678901234");
    String uatpPrinted =
        uatp.substring(0, 4) + " " + uatp.substring(4, 9) + " " + uatp.substring(9);
    assertThat(found("uatp " + uatpPrinted)).containsExactly(uatpPrinted);
    String maestro12 = luhn("50181234567");
    assertThat(found("maestro " + maestro12)).containsExactly(maestro12);
    assertThat(found(grouped(maestro12, ' '))).containsExactly(grouped(maestro12, ' '));
    String nineteen = luhn("601100000000000000");
    assertThat(found(grouped(nineteen, '.'))).containsExactly(grouped(nineteen, '.'));
    // JSON, key=value, URL with plain separators, tab-separated, end of sentence.
    assertThat(found("{\"pan\":\"" + VISA + "\"}")).containsExactly(VISA);
    assertThat(found("{\"pan\":" + VISA + "}")).containsExactly(VISA);
    assertThat(found("card=" + VISA + "&x=1")).containsExactly(VISA);
    assertThat(found("/pay?card=4111-1111-1111-1111&qty=2")).containsExactly("4111-1111-1111-1111");
    assertThat(found("a\t" + VISA + "\tb")).containsExactly(VISA);
    assertThat(found("it was " + VISA + ".")).containsExactly(VISA);
  }

  @Test
  void cardsInsideLongerRuns() {
    assertThat(found("qty 2 " + VISA_SPACED)).containsExactly(VISA_SPACED);
    assertThat(found(VISA_SPACED + " 123")).containsExactly(VISA_SPACED);
    assertThat(found("qty 2 " + VISA_SPACED + " 123")).containsExactly(VISA_SPACED);
    // Dashes and dots join the groups of one identifier: a card is all of it or nothing.
    assertThat(found("4111-1111-1111-1111-123")).isEmpty();
    assertThat(found("1-4111-1111-1111-1111")).isEmpty();
    // A 4+ digit number before a space-grouped card is read as part of a longer number.
    assertThat(found("2026 " + VISA_SPACED)).isEmpty();
    assertThat(found("123 " + VISA_SPACED)).containsExactly(VISA_SPACED);
    // After it, a CVV, a CID or a year may follow; a longer group makes it one longer number.
    assertThat(found(VISA_SPACED + " 2027")).containsExactly(VISA_SPACED);
    assertThat(found(VISA_SPACED + " 12345")).isEmpty();
    assertThat(found(VISA + " 123")).containsExactly(VISA);
    assertThat(found("2 " + VISA)).containsExactly(VISA);
    assertThat(found("4111-1111-1111-1111 2026-01-31")).containsExactly("4111-1111-1111-1111");
    assertThat(found("10.0.0.1 " + VISA_SPACED)).containsExactly(VISA_SPACED);
    assertThat(found(VISA + " and 5555-5555-5555-4444"))
        .containsExactly(VISA, "5555-5555-5555-4444");
    assertThat(found(VISA_SPACED + " " + "5555 5555 5555 4444"))
        .containsExactly(VISA_SPACED, "5555 5555 5555 4444");
  }

  @Test
  void cardShapedNumbersThatAreNot() {
    // Luhn fails: an order id.
    assertThat(found("order 4111111111111112")).isEmpty();
    // Luhn-valid, no scheme issues 1 or 9 at 16 digits.
    assertThat(found("id 1000000000000008")).isEmpty();
    // Glued to a word, to more digits, to a decimal point, to a '+' (an E.164 phone number).
    assertThat(found("x" + VISA + " " + VISA + "0 " + VISA + "x")).isEmpty();
    assertThat(found("1." + VISA + " " + VISA + ".5 " + VISA + ",25")).isEmpty();
    assertThat(found("+" + VISA + " +4111 1111 1111 1111")).isEmpty();
    // Mixed separators; one separator kind per number.
    assertThat(found("4111-1111 1111-1111")).isEmpty();
    assertThat(found("4111.1111-1111.1111")).isEmpty();
    // Not grouped as cards are printed.
    assertThat(found("41 1111 1111 1111 11")).isEmpty();
    assertThat(found("411 111 111 111 1111")).isEmpty();
    assertThat(found("4111 1111111 11111")).isEmpty();
    // Too long or too short.
    assertThat(found(luhn("4111111111111111111"))).isEmpty();
    assertThat(found(luhn("5018123456"))).isEmpty();
    // A dotted window inside a longer dotted run (a version or an OID) is not a card.
    assertThat(found("4111.1111.1111.1111.1111")).isEmpty();
    assertThat(found("1.4111.1111.1111.1111")).isEmpty();
    // A group of a dash-joined id (all-digit UUID) is not a card, though alone it would be.
    String tail = luhn("56781234567");
    assertThat(found(tail)).containsExactly(tail);
    assertThat(found("12345678-1234-5678-1234-" + tail)).isEmpty();
    assertThat(found(tail + "-1234")).isEmpty();
    // A 12-digit card followed by 4 digits is read as a 16-digit number; a CVV may follow it.
    String maestro = grouped(luhn("50181234567"), ' ');
    assertThat(found(maestro)).containsExactly(maestro);
    assertThat(found("1234 " + maestro)).isEmpty();
    assertThat(found(maestro + " 1234")).isEmpty();
    assertThat(found("qty 2 " + maestro + " 123")).containsExactly(maestro);
    assertThat(found(maestro.replace(' ', '-') + "-1234")).isEmpty();
  }

  @Test
  void longRunsAreJudgedInSlices() {
    // More groups and digits than one NumberRun records: the card is still found.
    for (int k = 0; k <= 3 * NumberRun.MAX_GROUPS; k++) {
      assertThat(found("1 ".repeat(k) + VISA)).as("k=%s", k).containsExactly(VISA);
      assertThat(found("1 ".repeat(k) + VISA_SPACED + " 123"))
          .as("k=%s", k)
          .containsExactly(VISA_SPACED);
      assertThat(found("123 ".repeat(k) + VISA_SPACED + " 5555 5555 5555 4444 7"))
          .as("k=%s", k)
          .containsExactly(VISA_SPACED, "5555 5555 5555 4444");
      assertThat(found("1234567890123456789012345 ".repeat(k) + "1 " + VISA_SPACED))
          .as("k=%s", k)
          .containsExactly(VISA_SPACED);
    }
    assertThat(found("1234567890123456789012345 " + VISA_SPACED)).isEmpty();
    // Context carries across slices: the 12th group is a 4-digit number, the card comes after it.
    assertThat(found("1 ".repeat(NumberRun.MAX_GROUPS - 1) + "2026 " + VISA_SPACED)).isEmpty();
    assertThat(found("1 ".repeat(NumberRun.MAX_GROUPS - 1) + "202 " + VISA_SPACED))
        .containsExactly(VISA_SPACED);
    // Two cards in a row across a slice boundary.
    assertThat(found("1 ".repeat(7) + VISA_SPACED + " " + VISA_SPACED))
        .containsExactly(VISA_SPACED, VISA_SPACED);
    // One group longer than what is recorded, then a card.
    assertThat(found("1234567890123456789012345 and " + VISA)).containsExactly(VISA);
    // The separator after a run's last group is nothing, whatever an earlier run recorded.
    assertThat(found("1-2-3 then " + VISA)).containsExactly(VISA);
    assertThat(found("1-".repeat(20) + "4111-1111-1111-1111")).isEmpty();
    assertThat(found("1.".repeat(20) + "4111.1111.1111.1111")).isEmpty();
    assertThat(found(VISA_SPACED + " " + VISA_SPACED + " " + VISA_SPACED))
        .containsExactly(VISA_SPACED, VISA_SPACED, VISA_SPACED);
  }

  @Test
  void cardGroupingBoundaries() {
    String[][] cases = {
      // {written, "true" if grouped as cards are printed}
      {"4111 1111 1111", "true"},
      {"411111 1111 11", "true"},
      {"4111111 111 11", "false"}, // first group of 7
      {"411 1111 1111 1", "false"}, // first group of 3
      {"4111 111 111 11", "true"},
      {"4111 11 111111 1", "false"}, // middle group of 2
      {"4111 111111 11", "true"},
      {"4111 1111111 1", "false"}, // middle group of 7
      {"4111 11111 111111", "true"},
      {"4111 1111 1111111", "false"}, // last group of 7
      {"4111 1111 1111 1", "true"},
    };
    for (String[] c : cases) {
      NumberRun run = new NumberRun();
      run.scan(c[0], 0, " ");
      assertThat(CreditCardDetector.cardGrouped(run, 0, run.groupCount - 1))
          .as(c[0])
          .isEqualTo(Boolean.parseBoolean(c[1]));
    }
    NumberRun run = new NumberRun();
    run.scan("12 4111 1111 1111 1111 123", 0, " ");
    assertThat(CreditCardDetector.cardGrouped(run, 1, 4)).isTrue();
    assertThat(CreditCardDetector.cardGrouped(run, 0, 4)).isFalse();
    assertThat(CreditCardDetector.acceptable(run, 1, 4, true, -1)).isTrue();
    assertThat(CreditCardDetector.acceptable(run, 1, 5, true, -1)).isTrue(); // 19 digits
    assertThat(CreditCardDetector.acceptable(run, 2, 5, true, -1)).isFalse(); // 4-digit before
    assertThat(CreditCardDetector.acceptable(run, 2, 5, true, 1)).isTrue(); // after a card
    assertThat(CreditCardDetector.acceptable(run, 1, 4, false, -1)).isTrue(); // not at the end
    assertThat(CreditCardDetector.acceptable(run, 1, 5, false, -1)).isFalse(); // glued at the end
    assertThat(CreditCardDetector.acceptable(run, 1, 2, true, -1)).isFalse(); // 8 digits
  }

  @Test
  void isCardOnADigitArray() {
    assertThat(CreditCardDetector.isCard(VISA.toCharArray(), 16)).isTrue();
    assertThat(CreditCardDetector.isCard("4111111111111112".toCharArray(), 16)).isFalse();
    assertThat(CreditCardDetector.isCard("1000000000000008".toCharArray(), 16)).isFalse();
    assertThat(CreditCardDetector.isCard(VISA.toCharArray(), 15)).isFalse();
    assertThat(new CreditCardDetector().kind()).isEqualTo(DetectorKind.CREDIT_CARD);
  }

  /** The prefix just below {@code p} at the same precision, or null at 0. */
  private static String below(String p) {
    int v = Integer.parseInt(p) - 1;
    return v < 0 ? null : String.format("%0" + p.length() + "d", v);
  }

  private static String above(String p) {
    int v = Integer.parseInt(p) + 1;
    String s = String.valueOf(v);
    return s.length() > p.length() ? null : String.format("%0" + p.length() + "d", v);
  }
}
