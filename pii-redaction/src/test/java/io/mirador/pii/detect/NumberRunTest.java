package io.mirador.pii.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumberRunTest {
  private static NumberRun scan(String text, int from, String seps) {
    NumberRun run = new NumberRun();
    run.scan(text, from, seps);
    return run;
  }

  @Test
  void recordsGroupsSeparatorsAndDigits() {
    String text = "x 4111 1111-22 y";
    NumberRun run = scan(text, 2, " -");
    assertThat(run.start).isEqualTo(2);
    assertThat(run.end).isEqualTo(14);
    assertThat(run.groupCount).isEqualTo(3);
    assertThat(run.digitCount).isEqualTo(10);
    assertThat(run.hasShape(4, 4, 2)).isTrue();
    assertThat(run.hasShape(4, 4)).isFalse();
    assertThat(run.hasShape(4, 4, 3)).isFalse();
    assertThat(run.hasShape(4, 3, 2)).isFalse();
    assertThat(run.groupStarts).startsWith(2, 7, 12);
    assertThat(run.groupEnds).startsWith(6, 11, 14);
    assertThat(run.digitOffset).startsWith(0, 4, 8);
    assertThat(run.sepBefore).startsWith((char) 0, ' ', '-');
    assertThat(run.separator).isEqualTo(' ');
    assertThat(run.mixed).isTrue();
    assertThat(new String(run.digits, 0, 10)).isEqualTo("4111111122");
    assertThat(run.digitValue(8, 2)).isEqualTo(22);
    assertThat(run.digitValue(0, 4)).isEqualTo(4111);
    assertThat(run.truncated).isFalse();
  }

  @Test
  void aSeparatorMustBeFollowedByADigit() {
    NumberRun run = scan("123- 45", 0, " -");
    assertThat(run.end).isEqualTo(3);
    assertThat(run.groupCount).isEqualTo(1);
    assertThat(run.separator).isEqualTo((char) 0);
    assertThat(run.mixed).isFalse();
    assertThat(scan("123-", 0, "-").end).isEqualTo(3);
    assertThat(scan("12.34", 0, " -").end).isEqualTo(2);
    NumberRun uniform = scan("1-2-3", 0, "-");
    assertThat(uniform.mixed).isFalse();
    assertThat(uniform.separator).isEqualTo('-');
    assertThat(uniform.end).isEqualTo(5);
  }

  @Test
  void tokensAndUniformWindows() {
    // 123-45-6789 2026-01-31: groups 0-2 joined by '-', then ' ', then '-'.
    NumberRun run = scan("123-45-6789 2026-01-31", 0, " -");
    assertThat(run.groupCount).isEqualTo(6);
    assertThat(run.isToken(0, 2)).isTrue();
    assertThat(run.isToken(3, 5)).isTrue();
    assertThat(run.isToken(1, 2)).isFalse(); // '-' before it too
    assertThat(run.isToken(0, 1)).isFalse(); // '-' after it too
    assertThat(run.isToken(2, 3)).isTrue(); // ' ' inside, '-' on both sides
    assertThat(run.isToken(1, 4)).isFalse(); // mixed inside
    assertThat(run.isToken(4, 4)).isTrue(); // one group
    assertThat(run.isToken(3, 2)).isFalse();
    assertThat(run.isToken(0, 6)).isFalse(); // past the groups
    assertThat(run.isUniform(0, 2)).isTrue();
    assertThat(run.isUniform(1, 2)).isTrue();
    assertThat(run.isUniform(0, 3)).isFalse();
    assertThat(run.isUniform(2, 3)).isTrue();
    assertThat(run.isUniform(2, 4)).isFalse();
    assertThat(run.isUniform(4, 4)).isTrue();
    assertThat(run.isUniform(3, 2)).isFalse();
    assertThat(run.isUniform(0, 6)).isFalse();
  }

  @Test
  void longRunsKeepCountingPastWhatIsRecorded() {
    String text = "1 ".repeat(NumberRun.MAX_GROUPS + 3) + "1";
    NumberRun run = scan(text, 0, " ");
    assertThat(run.end).isEqualTo(text.length());
    assertThat(run.groupCount).isEqualTo(NumberRun.MAX_GROUPS + 4);
    assertThat(run.digitCount).isEqualTo(NumberRun.MAX_GROUPS + 4);
    // The group after the last recorded one is not known: not a token.
    assertThat(run.isToken(NumberRun.MAX_GROUPS - 2, NumberRun.MAX_GROUPS - 1)).isFalse();
    assertThat(run.isToken(NumberRun.MAX_GROUPS - 1, NumberRun.MAX_GROUPS)).isFalse();
    // A window whose next group was not recorded is not a token either.
    String mixed = "1-".repeat(NumberRun.MAX_GROUPS - 2) + "1 1-1-1";
    NumberRun m = scan(mixed, 0, " -");
    assertThat(m.isToken(NumberRun.MAX_GROUPS - 1, NumberRun.MAX_GROUPS - 1)).isTrue();
    assertThat(m.isToken(NumberRun.MAX_GROUPS - 2, NumberRun.MAX_GROUPS - 1)).isFalse();
    String digits = "9".repeat(NumberRun.MAX_DIGITS + 5);
    NumberRun long1 = scan(digits, 0, " ");
    assertThat(long1.digitCount).isEqualTo(NumberRun.MAX_DIGITS + 5);
    assertThat(long1.groupLengths[0]).isEqualTo(NumberRun.MAX_DIGITS + 5);
  }

  @Test
  void boundedScanStopsAtAGroupBoundary() {
    NumberRun run = new NumberRun();
    String text = "1 ".repeat(20) + "1";
    int end = run.scanBounded(text, 0, " ", (char) 0);
    assertThat(run.truncated).isTrue();
    assertThat(run.groupCount).isEqualTo(NumberRun.MAX_GROUPS);
    assertThat(end).isEqualTo(2 * NumberRun.MAX_GROUPS - 1);
    assertThat(run.end).isEqualTo(end);
    assertThat(text.charAt(end)).isEqualTo(' ');
    assertThat(run.stopSep).isEqualTo(' ');
    assertThat(run.lengthBefore).isZero();

    String digitsHeavy = "12345678901 12345678901 12345678901 1";
    run.scanBounded(digitsHeavy, 0, " ", (char) 0);
    assertThat(run.truncated).isTrue();
    assertThat(run.groupCount).isEqualTo(3);
    assertThat(run.digitCount).isEqualTo(33);
    assertThat(run.end).isEqualTo(35);

    run.scanBounded("4111 1111", 5, " -", ' ', 4);
    assertThat(run.truncated).isFalse();
    assertThat(run.sepBefore[0]).isEqualTo(' ');
    assertThat(run.lengthBefore).isEqualTo(4);
    assertThat(run.stopSep).isEqualTo((char) 0);
    run.scan("4111", 0, " ");
    assertThat(run.lengthBefore).isZero();
    assertThat(run.sepBefore[0]).isEqualTo((char) 0);

    // Below both limits the bounded scan reads the whole run.
    String eleven = "1 ".repeat(NumberRun.MAX_GROUPS - 1) + "1";
    run.scanBounded(eleven, 0, " ", (char) 0);
    assertThat(run.truncated).isFalse();
    assertThat(run.groupCount).isEqualTo(NumberRun.MAX_GROUPS);
    String twentyFour = "123456789012 12345678901 1";
    run.scanBounded(twentyFour, 0, " ", (char) 0);
    assertThat(run.truncated).isFalse();
    assertThat(run.groupCount).isEqualTo(3);
  }
}
