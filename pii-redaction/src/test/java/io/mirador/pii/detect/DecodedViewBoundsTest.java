package io.mirador.pii.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The edges of {@link DecodedView}'s decoders: the first and last code point of every UTF-8
 * sequence length, the longest numeric character references, and the escapes that alone do not make
 * a view.
 */
class DecodedViewBoundsTest {
  private static String decoded(String text) {
    DecodedView v = DecodedView.of(text, text.toCharArray());
    return v == null ? null : v.text;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // Two-byte sequences: lead bytes C2..DF.
        "%C2%80|\u0080",
        "%C2%A9|\u00a9",
        "%DF%BF|\u07ff",
        // Three-byte: E0..EF, not overlong (>= U+0800), not a surrogate (U+D800..U+DFFF).
        "%E0%A0%80|\u0800",
        "%ED%9F%BF|\ud7ff",
        "%EE%80%80|\ue000",
        "%EF%BF%BD|\ufffd",
        // Four-byte: F0..F4, from U+10000 to U+10FFFF.
        "%F0%90%80%80|\ud800\udc00",
        "%F4%8F%BF%BF|\udbff\udfff",
        // Hexadecimal digits at both ends of both ranges, either case.
        "%30%39%41%46%61%66|09AFaf",
        "%2a%2A%7e|**~",
      })
  void decodesTheFirstAndLastCodePointOfEachLength(String in, String out) {
    assertThat(decoded(in)).isEqualTo(out);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "%C1%BF", // overlong two-byte (lead C1)
        "%E0%9F%BF", // overlong three-byte (U+07FF)
        "%ED%BF%BF", // surrogate U+DFFF
        "%F0%8F%BF%BF", // overlong four-byte (U+FFFF)
        "%F5%80%80%80", // lead byte above F4
        "%C3%C3", // continuation byte missing
        "%80", // a lone continuation byte
      })
  void invalidUtf8StaysAsItIs(String encoded) {
    assertThat(decoded(encoded + " %41")).isEqualTo(encoded + " A");
  }

  @Test
  void numericReferencesHaveAtMostSevenDecimalOrSixHexDigits() {
    assertThat(DecodedView.entityLength("&#0000064;".toCharArray(), 0)).isEqualTo(10);
    assertThat(DecodedView.entityLength("&#00000064;".toCharArray(), 0)).isZero();
    assertThat(DecodedView.entityLength("&#x000040;".toCharArray(), 0)).isEqualTo(10);
    assertThat(DecodedView.entityLength("&#x0000040;".toCharArray(), 0)).isZero();
    assertThat(DecodedView.entityLength("&#x10FFFF;".toCharArray(), 0)).isEqualTo(10);
    assertThat(DecodedView.entityLength("&#x110000;".toCharArray(), 0)).isZero();
    assertThat(DecodedView.entityLength("&#xD800;".toCharArray(), 0)).isZero();
    // Without ';' at the very end of the text.
    assertThat(DecodedView.entityLength("&#64".toCharArray(), 0)).isEqualTo(4);
    assertThat(DecodedView.entityLength("&#x4g".toCharArray(), 0)).isEqualTo(4);
    assertThat(DecodedView.entityLength("x&#64;".toCharArray(), 1)).isEqualTo(5);
    assertThat(decoded("&#0000064;")).isEqualTo("@");
    assertThat(decoded("a&#x40b")).isEqualTo("a\u040b"); // hex digits run on: U+040B
    assertThat(decoded("&#x10FFFF;")).isEqualTo("\udbff\udfff");
  }

  @Test
  void namedReferencesAreCaseSensitiveAndNeedTheirSemicolon() {
    assertThat(decoded("a&commat;b")).isEqualTo("a@b");
    assertThat(decoded("a&COMMAT;b")).isNull();
    assertThat(decoded("a&commat b")).isNull();
    assertThat(DecodedView.entityLength("&lt;".toCharArray(), 0)).isEqualTo(4);
    assertThat(DecodedView.entityLength("&lt".toCharArray(), 0)).isZero();
  }

  @Test
  void onlyUnicodeEscapesAndEscapedSlashesMakeAView() {
    // A JSON string with escaped quotes or newlines hides nothing: no view, no second scan.
    assertThat(decoded("say \\\"hi\\\" \\n \\t \\\\")).isNull();
    assertThat(decoded("a\\/b")).isEqualTo("a/b");
    assertThat(decoded("a\\u0040b")).isEqualTo("a@b");
    assertThat(decoded("a\\u004")).isNull();
    assertThat(decoded("a\\u004g")).isNull();
    assertThat(decoded("\\u0040")).isEqualTo("@");
    // Once there is a view, the other escapes are decoded too.
    assertThat(decoded("\\\"a\\u0040b\\\"")).isEqualTo("\"a@b\"");
  }

  @Test
  void percentNeedsTwoHexDigitsAnywhereInTheText() {
    assertThat(decoded("x%4")).isNull();
    assertThat(decoded("x%4g")).isNull();
    assertThat(decoded("x%g4")).isNull();
    assertThat(decoded("x%41")).isEqualTo("xA");
    assertThat(decoded("100% and %41")).isEqualTo("100% and A");
  }

  @Test
  void plusIsASpaceOnlyBetweenTwoNonSpaces() {
    assertThat(decoded("+a=1")).isNull();
    assertThat(decoded("a=1+")).isNull();
    assertThat(decoded("?q=a +b")).isNull();
    assertThat(decoded("?q=a+ b")).isNull();
    assertThat(decoded("?q=a+b")).isEqualTo("?q=a b");
    assertThat(decoded("x?q=+a+b")).isEqualTo("x?q= a b");
    // Before the first '?' a '+' is a plus sign.
    assertThat(decoded("/a+b/?q=c+d")).isEqualTo("/a+b/?q=c d");
  }

  @Test
  void everyDecodedCharacterIsCountedOnce() {
    String text = "%41b%43";
    DecodedView v = DecodedView.of(text, text.toCharArray());
    assertThat(v.text).isEqualTo("AbC");
    assertThat(v.hasDecoded(1, 2)).isFalse();
    assertThat(v.hasDecoded(0, 1)).isTrue();
    assertThat(v.hasDecoded(2, 3)).isTrue();
    assertThat(v.hasDecoded(0, 3)).isTrue();
    assertThat(v.originalStart(1)).isEqualTo(3);
    assertThat(v.originalEnd(2)).isEqualTo(4);
    assertThat(v.originalStart(2)).isEqualTo(4);
    assertThat(v.originalEnd(3)).isEqualTo(7);
    assertThat(v.splitsSequence(0, 7)).isFalse();
    assertThat(v.splitsSequence(3, 4)).isFalse();
    assertThat(v.splitsSequence(2, 4)).isTrue();
    assertThat(v.splitsSequence(3, 6)).isTrue();
  }
}
