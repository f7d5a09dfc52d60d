package io.mirador.pii.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
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

  private static String noise(Random random) {
    String alphabet = "ab09 .:=@-_'/()+x";
    StringBuilder sb = new StringBuilder();
    for (int i = random.nextInt(20); i > 0; i--) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
