package io.mirador.pii.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LuhnTest {
  @Test
  void publishedTestNumbers() {
    for (String valid :
        new String[] {
          "4111111111111111",
          "5555555555554444",
          "378282246310005",
          "6011111111111117",
          "30569309025904",
          "3530111333300000",
          "79927398713",
          "0",
          "18",
          "59",
          "26"
        }) {
      assertThat(Luhn.valid(valid.toCharArray(), valid.length())).as(valid).isTrue();
    }
    for (String invalid :
        new String[] {"4111111111111112", "79927398710", "79927398719", "1", "19", "10", "27"}) {
      assertThat(Luhn.valid(invalid.toCharArray(), invalid.length())).as(invalid).isFalse();
    }
  }

  @Test
  void everySingleDigitErrorIsCaught() {
    String card = "4111111111111111";
    for (int i = 0; i < card.length(); i++) {
      for (char d = '0'; d <= '9'; d++) {
        if (d == card.charAt(i)) {
          continue;
        }
        char[] c = card.toCharArray();
        c[i] = d;
        assertThat(Luhn.valid(c, c.length)).as(new String(c)).isFalse();
      }
    }
  }

  @Test
  void aRangeInsideALongerArray() {
    char[] d = "99411111111111111199".toCharArray();
    assertThat(Luhn.valid(d, 2, 16)).isTrue();
    assertThat(Luhn.valid(d, 1, 16)).isFalse();
    assertThat(Luhn.valid(d, 2, 17)).isFalse();
    assertThat(Luhn.valid("4111111111111111xyz".toCharArray(), 16)).isTrue();
    // The doubled digit over 9 loses 9 (2 * 9 = 18 -> 9): "91" sums 9 + 1 = 10.
    assertThat(Luhn.valid("91".toCharArray(), 2)).isTrue();
    assertThat(Luhn.valid("51".toCharArray(), 2)).isFalse(); // 1 + 1 = 2
    assertThat(Luhn.valid("55".toCharArray(), 2)).isFalse(); // (10 - 9) + 5 = 6
    assertThat(Luhn.valid("75".toCharArray(), 2)).isTrue(); // (14 - 9) + 5 = 10
  }
}
