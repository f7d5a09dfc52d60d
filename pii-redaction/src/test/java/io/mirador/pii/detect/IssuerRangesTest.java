package io.mirador.pii.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The table against the published ranges, written out here independently of {@link IssuerRanges}:
 * the first and last prefix of each range, the prefixes just outside, every allowed length and the
 * lengths just outside.
 */
class IssuerRangesTest {

  /** Prefix, length, issued? (the number is padded with zeros after the prefix). */
  private static final Object[][] CASES = {
    // Visa 4: 13, 16, 19
    {"4", 12, false},
    {"4", 13, true},
    {"4", 14, false},
    {"4", 15, false},
    {"4", 16, true},
    {"4", 17, false},
    {"4", 18, false},
    {"4", 19, true},
    {"499999", 16, true},
    {"399999", 13, false},
    // Mastercard 51-55 (16); 50 and 56 are Maestro (12-19)
    {"51", 16, true},
    {"55", 16, true},
    {"51", 15, false},
    {"55", 17, false},
    {"51", 12, false},
    {"55", 19, false},
    // Mastercard 2-series 2221-2720 (16)
    {"2220", 16, false},
    {"2221", 16, true},
    {"2720", 16, true},
    {"2721", 16, false},
    {"2221", 15, false},
    {"2720", 17, false},
    {"2499", 16, true},
    {"272099", 16, true},
    {"272100", 16, false},
    {"222099", 16, false},
    {"222100", 16, true},
    // Mir 2200-2204 (16-19), BORICA 2205 (16)
    {"2199", 16, false},
    {"2200", 16, true},
    {"2204", 19, true},
    {"2204", 15, false},
    {"2205", 16, true},
    {"2205", 17, false},
    {"2206", 16, false},
    // American Express 34, 37 (15)
    {"34", 15, true},
    {"37", 15, true},
    {"34", 14, false},
    {"34", 16, false},
    {"37", 16, false},
    {"33", 15, false},
    {"35", 15, false},
    // Diners Club International 300-305, 3095, 36, 38-39 (14-19)
    {"299999", 14, false},
    {"300", 14, true},
    {"305", 14, true},
    {"305", 19, true},
    {"306", 14, false},
    {"3094", 14, false},
    {"3095", 14, true},
    {"3096", 14, false},
    {"36", 14, true},
    {"36", 13, false},
    {"38", 14, true},
    {"39", 19, true},
    {"39", 13, false},
    // JCB 3528-3589 (16-19), historic 1800 and 2131 (15)
    {"3527", 16, false},
    {"3528", 16, true},
    {"3589", 19, true},
    {"3590", 16, false},
    {"3528", 15, false},
    {"1800", 15, true},
    {"2131", 15, true},
    {"2130", 15, false},
    {"2132", 15, false},
    {"2131", 16, false},
    // RuPay-JCB 353, 356 (16)
    {"353", 16, true},
    {"356", 16, true},
    // China T-Union 31 (19)
    {"31", 19, true},
    {"31", 16, false},
    {"32", 19, false},
    {"33", 19, false},
    // UATP 1 (15), GPN 1946 (16, 18, 19)
    {"1", 15, true},
    {"1", 16, false},
    {"1945", 16, false},
    {"1946", 16, true},
    {"1946", 17, false},
    {"1946", 18, true},
    {"1947", 16, false},
    // Maestro 50, 56-69 (12-19); 6x also Discover, UnionPay, RuPay, Verve, Troy
    {"50", 12, true},
    {"50", 19, true},
    {"50", 11, false},
    {"56", 12, true},
    {"69", 12, true},
    {"69", 19, true},
    {"6011", 16, true},
    {"622126", 19, true},
    {"650002", 18, true},
    {"49", 12, false},
    {"70", 16, false},
    {"7", 15, false},
    // RuPay 81, 82 (16); UzCard 8600 (16); Humo 9860 (16); Troy 9792 (16)
    {"80", 16, false},
    {"81", 16, true},
    {"82", 16, true},
    {"83", 16, false},
    {"81", 17, false},
    {"8599", 16, false},
    {"8600", 16, true},
    {"8601", 16, false},
    {"8600", 17, false},
    {"9791", 16, false},
    {"9792", 16, true},
    {"9793", 16, false},
    {"9792", 15, false},
    {"9859", 16, false},
    {"9860", 16, true},
    {"9861", 16, false},
    {"9", 16, false},
    {"0", 16, false},
    {"0604", 12, false},
    // Verve ranges outside Maestro's 6x: 506099-506198, 507865-507964 lie in Maestro's 50 too.
    {"506099", 18, true},
    {"507964", 19, true},
    // No card has more than 19 digits or fewer than 12.
    {"4", 20, false},
    {"50", 20, false},
    {"4", 11, false},
  };

  @Test
  void publishedRangesAndLengths() {
    for (Object[] c : CASES) {
      String number = pad((String) c[0], (Integer) c[1]);
      assertThat(IssuerRanges.issued(number)).as("%s (%s digits)", c[0], c[1]).isEqualTo(c[2]);
    }
  }

  @Test
  void lookupAtEveryRowBoundary() {
    for (IssuerRanges.Range r : IssuerRanges.ranges()) {
      for (int len = IssuerRanges.MIN_LENGTH; len <= IssuerRanges.MAX_LENGTH; len++) {
        if (r.allows(len)) {
          assertThat(IssuerRanges.issued(pad(r.low(), len))).as("%s %s", r, len).isTrue();
          assertThat(IssuerRanges.issued(padHigh(r.high(), len))).as("%s %s", r, len).isTrue();
          assertThat(IssuerRanges.schemes(pad(r.low(), len))).contains(r.scheme());
        }
      }
      assertThat(r.low6()).isLessThanOrEqualTo(r.high6());
      assertThat(String.valueOf(r.low6())).startsWith(r.low());
      assertThat(String.valueOf(r.high6())).startsWith(r.high());
    }
  }

  @Test
  void rangeRowsAreValidated() {
    assertThatThrownBy(() -> new IssuerRanges.Range("x", "5", "4", 1 << 16))
        .hasMessageContaining("x: bad prefix range 5-4");
    assertThatThrownBy(() -> new IssuerRanges.Range("x", "5", "55", 1 << 16))
        .hasMessageContaining("bad prefix range");
    assertThatThrownBy(() -> new IssuerRanges.Range("x", "", "", 1 << 16))
        .hasMessageContaining("bad prefix range");
    assertThatThrownBy(() -> new IssuerRanges.Range("x", "1234567", "1234567", 1 << 16))
        .hasMessageContaining("bad prefix range");
    assertThatThrownBy(() -> new IssuerRanges.Range("x", "a", "b", 1 << 16))
        .hasMessageContaining("bad prefix range");
    assertThatThrownBy(() -> new IssuerRanges.Range("x", "4", "4", 1 << 20))
        .hasMessageContaining("lengths must lie in 12..19");
    assertThatThrownBy(() -> new IssuerRanges.Range("x", "4", "4", 1 << 11))
        .hasMessageContaining("lengths must lie in 12..19");
    assertThatThrownBy(() -> new IssuerRanges.Range("x", "4", "4", 0))
        .hasMessageContaining("lengths");
    IssuerRanges.Range ok = new IssuerRanges.Range("x", "12", "19", (1 << 12) | (1 << 19));
    assertThat(ok.low6()).isEqualTo(120000);
    assertThat(ok.high6()).isEqualTo(199999);
    assertThat(ok.allows(12)).isTrue();
    assertThat(ok.allows(19)).isTrue();
    assertThat(ok.allows(13)).isFalse();
    assertThat(ok.allows(20)).isFalse();
    assertThat(ok.allows(11)).isFalse();
  }

  @Test
  void schemesNamesEveryMatchingRow() {
    assertThat(IssuerRanges.schemes("4111111111111111")).containsExactly("Visa");
    assertThat(IssuerRanges.schemes("6221260000000000"))
        .contains("Discover (UnionPay co-brand)", "UnionPay", "Maestro");
    assertThat(IssuerRanges.schemes("7111111111111111")).isEmpty();
    assertThat(IssuerRanges.schemes("41111111111")).isEmpty();
    assertThat(IssuerRanges.schemes("411111111111")).isEmpty();
    assertThat(IssuerRanges.schemes("41111")).isEmpty();
    // Too short to look up, or so long that 1 << length would wrap around to an allowed bit.
    assertThat(IssuerRanges.issued("41")).isFalse();
    assertThat(IssuerRanges.issued("")).isFalse();
    assertThat(IssuerRanges.issued("50" + "0".repeat(42))).isFalse();
    assertThat(IssuerRanges.issued("50" + "0".repeat(10))).isTrue();
    assertThatThrownBy(() -> IssuerRanges.schemes("4111-1111")).hasMessageContaining("digits");
    assertThatThrownBy(() -> IssuerRanges.issued("4111x1111111111")).hasMessageContaining("digits");
  }

  @Test
  void lengthsFromAnOffset() {
    char[] d = "xx4111110000".toCharArray();
    assertThat(IssuerRanges.lengths(d, 2)).isEqualTo((1 << 13) | (1 << 16) | (1 << 19));
    assertThat(IssuerRanges.lengths("999999".toCharArray(), 0)).isZero();
    assertThat(IssuerRanges.lengths("000000".toCharArray(), 0)).isZero();
    assertThat(IssuerRanges.lengths("340000".toCharArray(), 0)).isEqualTo(1 << 15);
  }

  static String pad(String prefix, int length) {
    return length <= prefix.length()
        ? prefix.substring(0, length)
        : prefix + "0".repeat(length - prefix.length());
  }

  private static String padHigh(String prefix, int length) {
    return prefix + "9".repeat(length - prefix.length());
  }
}
