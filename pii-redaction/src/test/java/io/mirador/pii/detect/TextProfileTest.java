package io.mirador.pii.detect;

import static io.mirador.pii.detect.DetectorKind.AUTH_CREDENTIAL;
import static io.mirador.pii.detect.DetectorKind.CLOUD_KEY;
import static io.mirador.pii.detect.DetectorKind.CREDIT_CARD;
import static io.mirador.pii.detect.DetectorKind.EMAIL;
import static io.mirador.pii.detect.DetectorKind.IBAN;
import static io.mirador.pii.detect.DetectorKind.IP_ADDRESS;
import static io.mirador.pii.detect.DetectorKind.JWT;
import static io.mirador.pii.detect.DetectorKind.PHONE;
import static io.mirador.pii.detect.DetectorKind.PRIVATE_KEY;
import static io.mirador.pii.detect.DetectorKind.SQL_LITERAL;
import static io.mirador.pii.detect.DetectorKind.URL_SECRET;
import static io.mirador.pii.detect.DetectorKind.US_SSN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Gating never hides a finding: whenever a detector finds something, its bit is set. */
class TextProfileTest {
  @Test
  void gateIsANecessaryCondition() {
    String[] samples = {
      "jane@example.com",
      "4111 1111 1111 1111",
      "GB82WEST12345698765432",
      "DE89 3704 0044 0532 0130 00",
      "123-45-6789",
      "+1 415 555 0100",
      "phone 555 0100",
      "192.0.2.1",
      "2001:db8::1",
      "::ffff:192.0.2.1",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
      "Bearer abc.def-123_456789xyz",
      "Basic\tYWxpY2U6d29uZGVybGFuZA==",
      "AKIAIOSFODNN7EXAMPLE",
      "xoxb-1-2-3-4-5-6-7-8",
      "AccountKey=" + "+/".repeat(30),
      "AIza" + "-_".repeat(18),
      "-----BEGIN PRIVATE KEY-----\nx",
      "https://u:p@h",
      "password=x",
      "pwd:x",
      "SELECT 'x'",
      "SELECT 1"
    };
    Random random = new Random(3);
    for (String sample : samples) {
      for (int k = 0; k < 200; k++) {
        String text = k == 0 ? sample : noise(random) + " " + sample + " " + noise(random);
        int mask = TextProfile.mayMatch(text);
        for (DetectorKind kind : DetectorKind.values()) {
          Findings f = new Findings();
          Detectors.of(kind).detect(text, f);
          if (!f.isEmpty()) {
            assertThat(mask & TextProfile.bit(kind)).as("%s in %s", kind, text).isNotZero();
          }
        }
      }
    }
  }

  private static void assertGate(String text, DetectorKind... kinds) {
    Set<DetectorKind> expected =
        kinds.length == 0 ? EnumSet.noneOf(DetectorKind.class) : EnumSet.of(kinds[0], kinds);
    Set<DetectorKind> actual = EnumSet.noneOf(DetectorKind.class);
    int mask = TextProfile.mayMatch(text);
    for (DetectorKind k : DetectorKind.values()) {
      if ((mask & TextProfile.bit(k)) != 0) {
        actual.add(k);
      }
    }
    assertThat(actual).as("gate of [%s]", text).isEqualTo(expected);
    assertThat(TextProfile.mayMatch(text.toCharArray())).isEqualTo(mask);
  }

  /** The exact bits, at each threshold of each condition: the gate is no looser than it says. */
  @Test
  void exactBitsAtEachThreshold() {
    assertGate("");
    assertGate("abc");
    assertGate("a b", AUTH_CREDENTIAL, PRIVATE_KEY);
    assertGate("a\tb", AUTH_CREDENTIAL, PRIVATE_KEY);
    assertGate("@", EMAIL);
    assertGate("a@b:c", EMAIL, URL_SECRET, PRIVATE_KEY);
    assertGate("1", SQL_LITERAL);
    assertGate("'", SQL_LITERAL);
    // Number runs: 12 digits may be a card, 9 an SSN, 7 (or 6 in 3 groups) a phone.
    assertGate("123456789012", CREDIT_CARD, US_SSN, PHONE, SQL_LITERAL);
    assertGate("12345678901", US_SSN, PHONE, SQL_LITERAL);
    assertGate("123456789", US_SSN, PHONE, SQL_LITERAL);
    assertGate("12345678", PHONE, SQL_LITERAL);
    assertGate("1234567", PHONE, SQL_LITERAL);
    assertGate("123456", SQL_LITERAL);
    assertGate("12345", SQL_LITERAL);
    assertGate("12-34-56", PHONE, SQL_LITERAL);
    assertGate("12-3456", SQL_LITERAL);
    assertGate("1-2-3456", SQL_LITERAL); // a date shape
    // Runs join over at most two separator characters, and only separators.
    assertGate("4111--1111--1111", CREDIT_CARD, US_SSN, PHONE, SQL_LITERAL);
    assertGate("4111-1111-111", US_SSN, PHONE, SQL_LITERAL);
    assertGate("4111 - 1111 - 1111", SQL_LITERAL, AUTH_CREDENTIAL, PRIVATE_KEY);
    assertGate("1111-x1111-1111", PHONE, SQL_LITERAL);
    assertGate("(415) 555-0100", PHONE, US_SSN, SQL_LITERAL, AUTH_CREDENTIAL, PRIVATE_KEY);
    assertGate("+1 415 555 0100", PHONE, US_SSN, SQL_LITERAL, AUTH_CREDENTIAL, PRIVATE_KEY);
    // The longest run counts, wherever it is: first, last, or between others.
    assertGate(
        "411111111111 ab 1", CREDIT_CARD, US_SSN, PHONE, SQL_LITERAL, AUTH_CREDENTIAL, PRIVATE_KEY);
    assertGate(
        "1 ab 411111111111", CREDIT_CARD, US_SSN, PHONE, SQL_LITERAL, AUTH_CREDENTIAL, PRIVATE_KEY);
    assertGate("1234567 ab 1", PHONE, SQL_LITERAL, AUTH_CREDENTIAL, PRIVATE_KEY);
    assertGate("12345 ab 12", SQL_LITERAL, AUTH_CREDENTIAL, PRIVATE_KEY);
    // Dates are not phones; near-dates are.
    assertGate("2026-01-31", SQL_LITERAL);
    assertGate("31-01-2026", SQL_LITERAL);
    assertGate("2026-1-1", SQL_LITERAL);
    assertGate("31.01.2026", SQL_LITERAL, JWT, PRIVATE_KEY);
    assertGate("2026-01-311", US_SSN, PHONE, SQL_LITERAL);
    assertGate("2026-01.31", PHONE, SQL_LITERAL, PRIVATE_KEY);
    assertGate("31 01 2026", PHONE, SQL_LITERAL, AUTH_CREDENTIAL, PRIVATE_KEY);
    assertGate("123-45-678", PHONE, SQL_LITERAL);
    assertGate("2026-001-31", US_SSN, PHONE, SQL_LITERAL);
    assertGate("2026-01-031", US_SSN, PHONE, SQL_LITERAL);
    assertGate("001-01-2026", US_SSN, PHONE, SQL_LITERAL);
    assertGate("01-001-2026", US_SSN, PHONE, SQL_LITERAL);
    // IPv4: three digit.digit joints; IPv6: "::" or seven colons.
    assertGate("1.2.3.4", IP_ADDRESS, JWT, PRIVATE_KEY, SQL_LITERAL);
    assertGate("1.2.3", JWT, PRIVATE_KEY, SQL_LITERAL);
    assertGate("1.2 3.4", JWT, PRIVATE_KEY, SQL_LITERAL, AUTH_CREDENTIAL);
    assertGate("::", IP_ADDRESS, PRIVATE_KEY);
    assertGate(":", PRIVATE_KEY);
    assertGate("a:b:c:d:e:f:g:h", IP_ADDRESS, URL_SECRET, PRIVATE_KEY);
    assertGate("a:b:c:d:e:f:g", URL_SECRET, PRIVATE_KEY);
    assertGate("a.b", PRIVATE_KEY);
    assertGate("a.b.c", JWT, PRIVATE_KEY);
    // IBAN: two letters and two digits at a word start.
    assertGate("GB82", IBAN, SQL_LITERAL);
    assertGate(" GB82", IBAN, SQL_LITERAL, AUTH_CREDENTIAL, PRIVATE_KEY);
    assertGate("xGB82", SQL_LITERAL);
    assertGate("_GB82", SQL_LITERAL);
    assertGate("1GB82", SQL_LITERAL);
    assertGate("G182", SQL_LITERAL);
    assertGate("1B82", SQL_LITERAL);
    assertGate("GB8", SQL_LITERAL);
    // Cloud keys: 16 alphanumerics, or 10 and '=', or a dashed family's prefix and 14 characters.
    assertGate("a".repeat(16), CLOUD_KEY);
    assertGate("a".repeat(16) + " b", CLOUD_KEY, AUTH_CREDENTIAL, PRIVATE_KEY);
    assertGate("b " + "a".repeat(16), CLOUD_KEY, AUTH_CREDENTIAL, PRIVATE_KEY);
    assertGate("a".repeat(15));
    assertGate("a".repeat(15) + "-a");
    assertGate("a".repeat(10) + "=", CLOUD_KEY, PRIVATE_KEY, URL_SECRET);
    assertGate("a".repeat(9) + "=", PRIVATE_KEY, URL_SECRET);
    assertGate("AIza" + "-".repeat(10), CLOUD_KEY);
    assertGate("AIza" + "-".repeat(9));
    assertGate("AIz" + "-".repeat(11));
    assertGate("AIzb" + "-".repeat(10));
    assertGate("xoxb" + "-".repeat(10), CLOUD_KEY);
    assertGate("xapp" + "-".repeat(10), CLOUD_KEY);
    assertGate("xob" + "-".repeat(11));
    assertGate("xaa" + "-".repeat(11));
    assertGate("sk-" + "-".repeat(11), CLOUD_KEY);
    assertGate("sk_" + "_".repeat(11));
    assertGate("sa-" + "-".repeat(11));
    assertGate("github_pat_" + "-".repeat(3), CLOUD_KEY);
    assertGate("github-pat_" + "-".repeat(3));
    assertGate("glpat" + "-".repeat(9), CLOUD_KEY);
    assertGate("gla" + "-".repeat(11));
    assertGate("_pa" + "-".repeat(11));
    assertGate("_pb" + "-".repeat(11));
    assertGate("AIza" + "-".repeat(5) + " " + "-".repeat(5), AUTH_CREDENTIAL, PRIVATE_KEY);
    // Secret assignments: a name (letter or quote) then '=' or ':'.
    assertGate("password=", URL_SECRET, PRIVATE_KEY);
    assertGate("\"a\":", URL_SECRET, PRIVATE_KEY);
    assertGate("'a'=", URL_SECRET, PRIVATE_KEY, SQL_LITERAL);
    assertGate("1=", PRIVATE_KEY, SQL_LITERAL);
    assertGate("=", PRIVATE_KEY);
    assertGate("-=", PRIVATE_KEY);
  }

  private static String noise(Random random) {
    String alphabet = "ab09 .:=@-_'/()+x";
    StringBuilder sb = new StringBuilder();
    for (int i = random.nextInt(20); i > 0; i--) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
