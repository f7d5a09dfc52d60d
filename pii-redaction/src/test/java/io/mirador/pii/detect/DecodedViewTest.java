package io.mirador.pii.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DecodedViewTest {
  private static DecodedView view(String text) {
    return DecodedView.of(text, text.toCharArray());
  }

  private static String decoded(String text) {
    DecodedView v = view(text);
    return v == null ? null : v.text;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "a%40example.com|a@example.com",
        "a%40EXAMPLE%2ecom|a@EXAMPLE.com",
        "x%2540y|x@y",
        "x%252540y|x%40y",
        "caf%C3%A9|café",
        "%E2%82%AC1|€1",
        "%F0%9F%98%80!|\uD83D\uDE00!",
        "bob\\u0040example.com|bob@example.com",
        "https:\\/\\/x\\/y|https://x/y",
        "bob&#64;example.com|bob@example.com",
        "bob&#x40;example&#X2E;com|bob@example.com",
        "bob&#64example.com|bob@example.com",
        "bob&commat;example&period;com|bob@example.com",
        "1&nbsp;2&ensp;3&emsp;4&thinsp;5|1 2 3 4 5",
        "&sol;&colon;&num;&percnt;&plus;&hyphen;&dash;&minus;&lowbar;&equals;&quest;&comma;&lpar;&rpar;&excl;&semi;x|/:#%+---_=?,()!;x",
        "/p?card=4111+1111+1111+1111|/p?card=4111 1111 1111 1111",
        "card=4111+1111&x=%41|card=4111 1111&x=A",
      })
  void decodes(String in, String out) {
    assertThat(decoded(in)).isEqualTo(out);
  }

  @Test
  void decodesBackslashEscapesAndQuotes() {
    assertThat(decoded("q\\\"x\\\\y\\n\\t\\r\\b\\f\\'\\u0040")).isEqualTo("q\"x\\y\n\t\r\b\f'@");
    assertThat(decoded("a&amp;b&lt;c&gt;d&quot;e&apos;f")).isEqualTo("a&b<c>d\"e'f");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "plain text 4111 1111 1111 1111",
        "100% sure, 50%",
        "%4",
        "%G0 and %%",
        "tom & jerry; &unknown; &#; &#x; &#0; &#xD800; &#99999999;",
        "C:\\path\\to\\file \\u12",
        "+1 555 0100 and a+b in prose",
        "a+b=c with spaces",
        "sum 1+2",
        "&&&&",
        "\\",
      })
  void noViewWithoutADecodableSequence(String text) {
    assertThat(view(text)).isNull();
  }

  @Test
  void plusIsASpaceOnlyInQueriesAndForms() {
    assertThat(decoded("a=b+c&d=e")).isEqualTo("a=b c&d=e");
    assertThat(decoded("/x+y?q=a+b")).isEqualTo("/x+y?q=a b");
    assertThat(decoded("a=b+c d%41")).isEqualTo("a=b+c dA");
    assertThat(view("/x+y")).isNull();
    assertThat(view("q=+ x")).isNull();
    assertThat(view("?+")).isNull();
  }

  @Test
  void invalidSequencesStayAsTheyAre() {
    assertThat(decoded("%C3%28 %41")).isEqualTo("%C3( A");
    assertThat(decoded("%C0%80 %41")).isEqualTo("%C0%80 A");
    assertThat(decoded("%E0%80%80 %41")).isEqualTo("%E0%80%80 A");
    assertThat(decoded("%F0%80%80%80 %41")).isEqualTo("%F0%80%80%80 A");
    assertThat(decoded("%ED%A0%80 %41")).isEqualTo("%ED%A0%80 A");
    assertThat(decoded("%F4%90%80%80 %41")).isEqualTo("%F4%90%80%80 A");
    assertThat(decoded("%FF %41")).isEqualTo("%FF A");
    assertThat(decoded("%C3 %41")).isEqualTo("%C3 A");
    assertThat(decoded("\\uZZZZ \\x41 %41")).isEqualTo("\\uZZZZ \\x41 A");
    assertThat(decoded("&#12345678; %41")).isEqualTo("&#12345678; A");
    assertThat(decoded("&#1234567x; %41")).isEqualTo("&#1234567x; A");
    assertThat(decoded("&averyverylongname; %41")).isEqualTo("&averyverylongname; A");
    assertThat(decoded("&; &amp")).isNull();
  }

  @Test
  void mapsEveryDecodedCharacterToItsOriginalRange() {
    String text = "u=a%40b&#46;c";
    DecodedView v = view(text);
    assertThat(v.text).isEqualTo("u=a@b.c");
    int at = v.text.indexOf('@');
    assertThat(v.originalStart(at)).isEqualTo(3);
    assertThat(v.originalEnd(at + 1)).isEqualTo(6);
    int dot = v.text.indexOf('.');
    assertThat(v.originalStart(dot)).isEqualTo(7);
    assertThat(v.originalEnd(dot + 1)).isEqualTo(12);
    assertThat(v.originalStart(2)).isEqualTo(2);
    assertThat(v.originalEnd(3)).isEqualTo(3);
    assertThat(v.originalEnd(v.text.length())).isEqualTo(text.length());
    assertThat(v.hasDecoded(0, 3)).isFalse();
    assertThat(v.hasDecoded(2, 4)).isTrue();
    assertThat(v.hasDecoded(3, 4)).isTrue();
    assertThat(v.hasDecoded(4, 5)).isFalse();
    assertThat(v.hasDecoded(5, 6)).isTrue();
  }

  @Test
  void knowsWhenARangeSplitsAnEncodedSequence() {
    String text = "%31%39%32.0.2.11";
    DecodedView v = view(text);
    assertThat(v.splitsSequence(7, text.length())).isTrue(); // "32.0.2.11"
    assertThat(v.splitsSequence(0, text.length())).isFalse();
    assertThat(v.splitsSequence(3, 9)).isFalse();
    assertThat(v.splitsSequence(3, 8)).isTrue();
    assertThat(v.splitsSequence(1, 9)).isTrue();
    assertThat(v.splitsSequence(9, 10)).isFalse();
    assertThat(v.splitsSequence(10, 12)).isFalse();
  }

  @Test
  void aSupplementaryCharacterMapsBothHalvesToTheWholeSequence() {
    String text = "%F0%9F%98%80";
    DecodedView v = view(text);
    assertThat(v.chars).hasSize(2);
    assertThat(v.originalStart(1)).isZero();
    assertThat(v.originalEnd(1)).isEqualTo(12);
    assertThat(v.originalEnd(2)).isEqualTo(12);
  }

  @Test
  void decodeRangeReadsPlusLiterallyAndReturnsPlainTextItself() {
    String text = "?e=a+b%40example.com";
    assertThat(DecodedView.decodeRange(text, 3, text.length())).isEqualTo("a+b@example.com");
    String plain = "alice@example.com";
    assertThat(DecodedView.decodeRange(plain, 0, plain.length())).isSameAs(plain);
    assertThat(DecodedView.decodeRange("x&#64;y", 0, 7)).isEqualTo("x@y");
  }

  @Test
  void percentReportsLengthAndCodePoint() {
    assertThat(DecodedView.percent("%41".toCharArray(), 0)).isEqualTo((3L << 32) | 'A');
    assertThat(DecodedView.percent("%2541".toCharArray(), 0)).isEqualTo((5L << 32) | 'A');
    assertThat(DecodedView.percent("%C3%A9".toCharArray(), 0)).isEqualTo((6L << 32) | 0xe9);
    assertThat(DecodedView.percent("%25C3%25A9".toCharArray(), 0)).isEqualTo((10L << 32) | 0xe9);
    assertThat(DecodedView.percent("%4".toCharArray(), 0)).isEqualTo(-1);
    assertThat(DecodedView.percent("x41".toCharArray(), 0)).isEqualTo(-1);
    assertThat(DecodedView.percent("%2".toCharArray(), 0)).isEqualTo(-1);
    assertThat(DecodedView.percent("%25".toCharArray(), 0)).isEqualTo((3L << 32) | '%');
    assertThat(DecodedView.percent("%254".toCharArray(), 0)).isEqualTo((3L << 32) | '%');
  }

  @Test
  void entityLengths() {
    assertThat(DecodedView.entityLength("&#64;".toCharArray(), 0)).isEqualTo(5);
    assertThat(DecodedView.entityLength("&#64 ".toCharArray(), 0)).isEqualTo(4);
    assertThat(DecodedView.entityLength("&#x40;".toCharArray(), 0)).isEqualTo(6);
    assertThat(DecodedView.entityLength("&amp;".toCharArray(), 0)).isEqualTo(5);
    assertThat(DecodedView.entityLength("&ampx".toCharArray(), 0)).isZero();
    assertThat(DecodedView.entityLength("x&amp;".toCharArray(), 0)).isZero();
    assertThat(DecodedView.entityLength("&a".toCharArray(), 0)).isZero();
    assertThat(DecodedView.entityLength("&#".toCharArray(), 0)).isZero();
    assertThat(DecodedView.entityLength("&#1114112;".toCharArray(), 0)).isZero();
    assertThat(DecodedView.entityLength("&#1114111;".toCharArray(), 0)).isEqualTo(10);
    assertThat(DecodedView.entityLength("&#xDFFF;".toCharArray(), 0)).isZero();
    assertThat(DecodedView.entityLength("&#xE000;".toCharArray(), 0)).isEqualTo(8);
    assertThat(DecodedView.entityLength("&#xD7FF;".toCharArray(), 0)).isEqualTo(8);
    assertThat(DecodedView.entityLength("&commat;".toCharArray(), 0)).isEqualTo(8);
    assertThat(DecodedView.entityLength("&abcdefgh;".toCharArray(), 0)).isZero();
  }
}
