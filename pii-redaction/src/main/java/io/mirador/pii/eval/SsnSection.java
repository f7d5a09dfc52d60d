package io.mirador.pii.eval;

import java.util.random.RandomGenerator;

/**
 * US social security numbers as the Social Security Administration assigns them (SSA, "Social
 * Security Number Randomization", 2011, and POMS RM 10201.035): area 001-899 except 666, group
 * 01-99, serial 0001-9999, never the two numbers published in advertising (078-05-1120,
 * 219-09-9999). Written {@code AAA-GG-SSSS} and {@code AAA GG SSSS}, and as nine bare digits after
 * a word that names them ("SSN", "social security"), which is the only way a bare nine-digit number
 * is told apart from any other id. Numbers the SSA never assigns are negatives ({@link
 * NegativeSection}).
 */
final class SsnSection implements CorpusSection {
  static final int COUNT = 300;

  private static final String[][] CONTEXTS = {
    {"applicant ssn ", " verified"},
    {"{\"ssn\": \"", "\"}"},
    {"SSN: ", ""},
    {"social security number ", " on file"},
    {"tax id ", ", status=ok"},
    {"customer.ssn=", " region=us"}
  };

  @Override
  public String name() {
    return "us_ssn";
  }

  @Override
  public void generate(RandomGenerator random, CorpusSink sink) {
    for (int i = 0; i < COUNT; i++) {
      int[] parts = valid(random);
      String a = pad(parts[0], 3);
      String g = pad(parts[1], 2);
      String s = pad(parts[2], 4);
      int style = i % 3;
      String[] context = CONTEXTS[random.nextInt(CONTEXTS.length)];
      if (style == 2
          && !context[0].toLowerCase(java.util.Locale.ROOT).matches(".*(ssn|social).*")) {
        context = CONTEXTS[0];
      }
      String value =
          switch (style) {
            case 0 -> a + "-" + g + "-" + s;
            case 1 -> a + " " + g + " " + s;
            default -> a + g + s;
          };
      sink.sample().text(context[0]).entity("US_SSN", value).text(context[1]).add();
    }
  }

  /** Area, group, serial of an assignable number. */
  static int[] valid(RandomGenerator random) {
    while (true) {
      int area = 1 + random.nextInt(899);
      int group = 1 + random.nextInt(99);
      int serial = 1 + random.nextInt(9999);
      boolean advertising =
          (area == 78 && group == 5 && serial == 1120)
              || (area == 219 && group == 9 && serial == 9999);
      if (area != 666 && !advertising) {
        return new int[] {area, group, serial};
      }
    }
  }

  private static String pad(int v, int width) {
    String s = Integer.toString(v);
    return "0".repeat(width - s.length()) + s;
  }
}
