package io.mirador.pii;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.pii.detect.DetectorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenizerTest {
  private final Tokenizer tokenizer = new Tokenizer(TestKeys.key(), "pii:", 16, "[REDACTED]");

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "EMAIL| Alice@Example.COM |alice@example.com",
        "CREDIT_CARD|4111-1111 1111.1111|4111111111111111",
        "US_SSN|123-45-6789|123456789",
        "PHONE|+1 (555) 010-0199|+15550100199",
        "PHONE|0044 20 7946 0958|+442079460958",
        "PHONE|(555) 010-0199|5550100199",
        "IP_ADDRESS|2001:DB8:0:0::1|2001:db8::1",
        "IP_ADDRESS|192.000.002.001|192.0.2.1",
        "IP_ADDRESS|not-an-ip|not-an-ip",
        "IBAN|gb82 west 1234-5698 7654 32|GB82WEST12345698765432",
        "JWT| eyJ.x.y |eyJ.x.y",
        "CREDIT_CARD|----|----",
        "PHONE|+|+",
        "PHONE|00|00",
      })
  void normalisesPerKind(DetectorKind kind, String in, String out) {
    assertThat(Tokenizer.normalize(kind, in)).isEqualTo(out);
  }

  @Test
  void nullKindOnlyTrims() {
    assertThat(Tokenizer.normalize(null, "  Mixed Case ")).isEqualTo("Mixed Case");
  }

  @Test
  void equalIdentitiesGiveEqualTokens() {
    assertThat(tokenizer.token(DetectorKind.EMAIL, "Bob@Example.com"))
        .isEqualTo(tokenizer.token(DetectorKind.EMAIL, "bob@example.com"))
        .isEqualTo(tokenizer.token("bob@example.com"))
        .isNotEqualTo(tokenizer.token(DetectorKind.EMAIL, "bob@example.org"));
    assertThat(tokenizer.token(DetectorKind.PHONE, "+1 555 010 0199"))
        .isEqualTo(tokenizer.token(DetectorKind.PHONE, "001-555-010-0199"));
  }

  @Test
  void tokensHaveTheirShape() {
    String t = tokenizer.token("x@example.com");
    assertThat(tokenizer.isToken(t)).isTrue();
    assertThat(tokenizer.length()).isEqualTo(20);
    assertThat(tokenizer.prefix()).isEqualTo("pii:");
    assertThat(tokenizer.isToken("pii:0123456789abcdeg")).isFalse();
    assertThat(tokenizer.isToken("pii:0123456789ABCDEF")).isFalse();
    assertThat(tokenizer.isToken("pii:0123456789abcde")).isFalse();
    assertThat(tokenizer.isToken("pix:0123456789abcdef")).isFalse();
    assertThat(tokenizer.isToken("pii:0123456789abcdef")).isTrue();
    assertThat(tokenizer.isTokenAt("a pii:0123456789abcdef", 2)).isTrue();
    assertThat(tokenizer.isTokenAt("a pii:0123456789abcdef", 3)).isFalse();
    assertThat(tokenizer.isTokenAt("pii:0123456789abcdef", -1)).isFalse();
    assertThat(tokenizer.isTokenAt("pii:/0123456789abcde", 0)).isFalse();
    assertThat(tokenizer.isTokenAt("pii::0123456789abcde", 0)).isFalse();
    assertThat(tokenizer.isTokenAt("pii:`0123456789abcde", 0)).isFalse();
    assertThat(tokenizer.isTokenAt("pii:g0123456789abcde", 0)).isFalse();
  }

  @Test
  void theFirstDerivationIsTheKeyedHashOfTheValue() {
    assertThat(tokenizer.token("bob@example.com"))
        .isEqualTo(TestKeys.key().token("pii:", "bob@example.com", 16));
    // The prefix always contains these: every derivation does, so the mask is used.
    assertThat(tokenizer.token("pii")).isEqualTo("[REDACTED]");
    assertThat(tokenizer.token("p")).isEqualTo("[REDACTED]");
    // A single hex digit: the first derivation that does not contain it, deterministically.
    for (char c : "0123456789abcdef".toCharArray()) {
      String v = String.valueOf(c);
      String expected = "[REDACTED]";
      for (int n = 0; n < 8; n++) {
        String t = TestKeys.key().token("pii:", n == 0 ? v : v + '\u0000' + n, 16);
        if (!t.contains(v)) {
          expected = t;
          break;
        }
      }
      assertThat(tokenizer.token(v)).as(v).isEqualTo(expected);
    }
  }

  @Test
  void normalisationEdgeCases() {
    assertThat(Tokenizer.normalize(DetectorKind.PHONE, "+")).isEqualTo("+");
    assertThat(Tokenizer.normalize(DetectorKind.PHONE, "00")).isEqualTo("00");
    assertThat(Tokenizer.normalize(DetectorKind.PHONE, "001")).isEqualTo("+1");
    assertThat(Tokenizer.normalize(DetectorKind.PHONE, "0")).isEqualTo("0");
    assertThat(Tokenizer.normalize(DetectorKind.PHONE, "09")).isEqualTo("09");
    assertThat(Tokenizer.normalize(DetectorKind.US_SSN, "a")).isEqualTo("a");
    assertThat(Tokenizer.normalize(DetectorKind.US_SSN, "a0/9:")).isEqualTo("09");
    assertThat(Tokenizer.normalize(DetectorKind.IBAN, "--")).isEqualTo("--");
    assertThat(Tokenizer.normalize(DetectorKind.IBAN, "az AZ 09 `{@[")).isEqualTo("AZAZ09");
    assertThat(Tokenizer.normalize(DetectorKind.EMAIL, "\u00c9@X.ORG")).isEqualTo("\u00e9@x.org");
  }

  @Test
  void aTokenNeverContainsItsInput() {
    for (String s : new String[] {"0", "7", "a", "f", "pii", "pii:", "e"}) {
      String t = tokenizer.token(s);
      assertThat(t.equals("[REDACTED]") || !t.contains(s)).as(s).isTrue();
    }
  }
}
