package io.mirador.pii.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every detector finishes an adversarial 100 KB value in under 50 ms. The inputs repeat the
 * prefixes that make backtracking matchers explode ("a@a@a@...", "eyJeyJ...", long runs of digits
 * and separators, unterminated quotes ...). A quadratic scanner needs seconds here.
 */
class LinearTimeTest {
  private static final int SIZE = 100 * 1024;
  private static final long LIMIT_NANOS = 50_000_000L;

  static Map<String, String> adversarialInputs() {
    String[] units = {
      "a",
      "a@",
      "a.",
      "@a.",
      "a@a.",
      "1",
      "1 ",
      "1-",
      "1.",
      "1.1.",
      "(1",
      "+1 ",
      "1x",
      "GB82",
      "gb82 ",
      "eyJ",
      "eyJa.",
      "eyJa.b.",
      ":",
      "::",
      "a:",
      "1:",
      "f:f:",
      "=",
      "a=",
      "password=",
      "password=\"",
      "://",
      "://a@",
      "'",
      "''",
      "\\'",
      "--",
      "/*",
      "-----BEGIN ",
      "-----BEGIN PRIVATE KEY-----",
      "bearer ",
      "Basic ",
      "AKIA",
      "AccountKey=",
      "xoxb-",
      "ghp_",
      "phone ",
      "9",
      "0 0 0 ",
      "12-34-",
      "1.2.3.4.",
      // Card shapes: dotted, spaced and dashed runs of card groups, quantities before cards.
      "4111.",
      "4111 ",
      "4111-",
      "4111.1111.1111.1111.",
      "4111 1111 1111 1111 ",
      "2 4111 1111 1111 1111 ",
      "1234567890123 ",
      "+4111 ",
      "0x",
      "e",
      // Encodings (PiiScanner's decoded view).
      "%",
      "%4",
      "%41",
      "%2540",
      "%25",
      "%C3",
      "%F0%9F",
      "a%40",
      "4111+",
      "?a+",
      "&#",
      "&#64;",
      "&#x",
      "&amp;",
      "&commat",
      "\\u",
      "\\u0040",
      "\\/",
      "/reset/",
      // Lists of SSNs longer than one recorded slice, RFC 5322 specials, punycode, IBAN groups.
      "123-45-6789 ",
      "123 45 6789 ",
      "ssn 123456789 ",
      "a'b{c@",
      "a@xn--",
      "a@b.xn--c",
      "::ffff:1.",
      "GB82 WEST "
    };
    Map<String, String> inputs = new LinkedHashMap<>();
    for (String unit : units) {
      inputs.put("repeat(" + unit + ")", repeat(unit));
    }
    for (String unit :
        new String[] {"1 ", "1-", "(1) ", "+1 ", "1.", "a@", "eyJa.", "password='"}) {
      inputs.put("repeat(" + unit + ") then a letter", repeat(unit).substring(0, SIZE - 1) + "z");
    }
    Random random = new Random(42);
    char[] alphabet = "0123456789 -.:@=()+xX'\"aEeyJ/".toCharArray();
    char[] chars = new char[SIZE];
    for (int i = 0; i < SIZE; i++) {
      chars[i] = alphabet[random.nextInt(alphabet.length)];
    }
    inputs.put("random punctuation and digits", new String(chars));
    return inputs;
  }

  private static String repeat(String unit) {
    StringBuilder sb = new StringBuilder(SIZE + unit.length());
    while (sb.length() < SIZE) {
      sb.append(unit);
    }
    sb.setLength(SIZE);
    return sb.toString();
  }

  @Test
  void everyDetectorIsLinearOnAdversarialInput() {
    Map<String, String> inputs = adversarialInputs();
    for (DetectorKind kind : DetectorKind.values()) {
      Detector detector = Detectors.of(kind);
      for (Map.Entry<String, String> input : inputs.entrySet()) {
        long best = BestCpuTime.nanos(4, () -> detector.detect(input.getValue(), new Findings()));
        assertThat(best)
            .as("%s on %s took %.1f ms", kind, input.getKey(), best / 1e6)
            .isLessThan(LIMIT_NANOS);
      }
    }
  }

  /** The shared finder: every detector on the text and its decoded view, plus URL paths. */
  @Test
  void thePiiScannerIsLinearOnAdversarialInput() {
    PiiScanner scanner = PiiScanner.allContextFree();
    Map<String, String> inputs = adversarialInputs();
    inputs.put("100 KB of %41", repeat("%41"));
    inputs.put(
        "https URL of reset segments", "https://x.example" + repeat("/reset/a1b2c3d4e5f6g7h8i9"));
    for (Map.Entry<String, String> input : inputs.entrySet()) {
      String text = input.getValue();
      long best =
          BestCpuTime.nanos(
              4,
              () -> {
                Findings f = new Findings();
                char[] chars = text.toCharArray();
                scanner.scan(text, chars, f);
                scanner.scanUrlPath(text, chars, f);
              });
      // Every detector on two views: 500 ms, ten times the single detector's budget. A quadratic
      // pass over 100 KB (5e9 character visits) takes seconds.
      assertThat(best)
          .as("PiiScanner on %s took %.1f ms", input.getKey(), best / 1e6)
          .isLessThan(10 * LIMIT_NANOS);
    }
  }
}
