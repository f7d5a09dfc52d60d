package io.mirador.pii.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CharsTest {
  @Test
  void asciiClassesAtTheirBoundaries() {
    assertThat(Chars.isDigit('0')).isTrue();
    assertThat(Chars.isDigit('9')).isTrue();
    assertThat(Chars.isDigit('/')).isFalse();
    assertThat(Chars.isDigit(':')).isFalse();
    for (char c : "azAZ".toCharArray()) {
      assertThat(Chars.isAsciiLetter(c)).as("%s", c).isTrue();
    }
    for (char c : "`{@[0é".toCharArray()) {
      assertThat(Chars.isAsciiLetter(c)).as("%s", c).isFalse();
    }
    assertThat(Chars.isUpper('A')).isTrue();
    assertThat(Chars.isUpper('Z')).isTrue();
    assertThat(Chars.isUpper('@')).isFalse();
    assertThat(Chars.isUpper('[')).isFalse();
    assertThat(Chars.isUpper('a')).isFalse();
    assertThat(Chars.isAsciiAlnum('5')).isTrue();
    assertThat(Chars.isAsciiAlnum('q')).isTrue();
    assertThat(Chars.isAsciiAlnum('_')).isFalse();
  }

  @Test
  void hexDigits() {
    for (char c : "09afAF".toCharArray()) {
      assertThat(Chars.isHex(c)).as("%s", c).isTrue();
    }
    for (char c : "gG`@/:".toCharArray()) {
      assertThat(Chars.isHex(c)).as("%s", c).isFalse();
    }
  }

  @Test
  void wordAndBase64UrlCharacters() {
    assertThat(Chars.isWordChar('_')).isTrue();
    assertThat(Chars.isWordChar('x')).isTrue();
    assertThat(Chars.isWordChar('7')).isTrue();
    assertThat(Chars.isWordChar('-')).isFalse();
    assertThat(Chars.isWordChar('\u007f')).isFalse();
    assertThat(Chars.isWordChar('é')).isTrue();
    assertThat(Chars.isWordChar('٣')).isTrue(); // Arabic-Indic digit three
    assertThat(Chars.isWordChar('\u00a0')).isFalse();
    assertThat(Chars.isWordChar('€')).isFalse();
    assertThat(Chars.isBase64Url('-')).isTrue();
    assertThat(Chars.isBase64Url('_')).isTrue();
    assertThat(Chars.isBase64Url('Z')).isTrue();
    assertThat(Chars.isBase64Url('+')).isFalse();
    assertThat(Chars.isBase64Url('.')).isFalse();
  }

  @Test
  void positionalHelpersAreSafeOutsideTheString() {
    assertThat(Chars.isWordCharAt("ab", -1)).isFalse();
    assertThat(Chars.isWordCharAt("ab", 0)).isTrue();
    assertThat(Chars.isWordCharAt("ab", 1)).isTrue();
    assertThat(Chars.isWordCharAt("ab", 2)).isFalse();
    assertThat(Chars.isWordCharAt("a-", 1)).isFalse();
    assertThat(Chars.isDigitAt("1a", -1)).isFalse();
    assertThat(Chars.isDigitAt("1a", 0)).isTrue();
    assertThat(Chars.isDigitAt("1a", 1)).isFalse();
    assertThat(Chars.isDigitAt("12", 1)).isTrue();
    assertThat(Chars.isDigitAt("12", 2)).isFalse();
  }

  @Test
  void numbersStartCleanlyAfterBlanksAndPunctuationButNotAfterWordsOrDigitJoints() {
    assertThat(Chars.numberStartsCleanly("123", 0)).isTrue();
    assertThat(Chars.numberStartsCleanly(" 123", 1)).isTrue();
    assertThat(Chars.numberStartsCleanly("x123", 1)).isFalse();
    assertThat(Chars.numberStartsCleanly("_123", 1)).isFalse();
    for (String joint : new String[] {".", ",", "-", "/"}) {
      assertThat(Chars.numberStartsCleanly("9" + joint + "123", 2)).as(joint).isFalse();
      assertThat(Chars.numberStartsCleanly("a" + joint + "123", 2)).as(joint).isTrue();
      assertThat(Chars.numberStartsCleanly(joint + "123", 1)).as(joint).isTrue();
    }
    assertThat(Chars.numberStartsCleanly("9:123", 2)).isTrue();
    assertThat(Chars.numberStartsCleanly("9+123", 2)).isTrue();
  }

  @Test
  void numbersEndCleanlyBeforeBlanksAndPunctuationButNotBeforeWordsOrDigitJoints() {
    assertThat(Chars.numberEndsCleanly("123", 3)).isTrue();
    assertThat(Chars.numberEndsCleanly("123 ", 3)).isTrue();
    assertThat(Chars.numberEndsCleanly("123x", 3)).isFalse();
    for (String joint : new String[] {".", ",", "-", "/"}) {
      assertThat(Chars.numberEndsCleanly("123" + joint + "4", 3)).as(joint).isFalse();
      assertThat(Chars.numberEndsCleanly("123" + joint + "a", 3)).as(joint).isTrue();
      assertThat(Chars.numberEndsCleanly("123" + joint, 3)).as(joint).isTrue();
    }
    assertThat(Chars.numberEndsCleanly("123:4", 3)).isTrue();
  }

  @Test
  void lowerCaseAndCaseInsensitiveMatch() {
    assertThat(Chars.lower('A')).isEqualTo('a');
    assertThat(Chars.lower('Z')).isEqualTo('z');
    assertThat(Chars.lower('@')).isEqualTo('@');
    assertThat(Chars.lower('[')).isEqualTo('[');
    assertThat(Chars.lower('a')).isEqualTo('a');
    assertThat(Chars.lower('É')).isEqualTo('É');
    assertThat(Chars.matchesIgnoreCase("a Bearer x", 2, "bearer")).isTrue();
    assertThat(Chars.matchesIgnoreCase("BEARER", 0, "bearer")).isTrue();
    assertThat(Chars.matchesIgnoreCase("bearex", 0, "bearer")).isFalse();
    assertThat(Chars.matchesIgnoreCase("beare", 0, "bearer")).isFalse();
    assertThat(Chars.matchesIgnoreCase("xbearer", 1, "bearer")).isTrue();
    assertThat(Chars.matchesIgnoreCase("bearer", -1, "bearer")).isFalse();
    assertThat(Chars.matchesIgnoreCase("bearer", 1, "bearer")).isFalse();
  }
}
