package io.mirador.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueryParametersTest {

  @Test
  void escapesTheEscapedTextFormatsSpecialCharacters() {
    assertThat(QueryParameters.escape("plain text")).isEqualTo("plain text");
    assertThat(QueryParameters.escape("a\\b")).isEqualTo("a\\\\b");
    assertThat(QueryParameters.escape("a\tb\nc\rd")).isEqualTo("a\\tb\\nc\\rd");
    assertThat(QueryParameters.escape("nul\0")).isEqualTo("nul\\0");
    assertThat(QueryParameters.escape("\u0001\u007f")).isEqualTo("\\x01\\x7f");
    // Quotes need no escaping: a bound value never meets the SQL parser.
    assertThat(QueryParameters.escape("' OR '1'='1")).isEqualTo("' OR '1'='1");
    assertThat(QueryParameters.escape("日本")).isEqualTo("日本");
  }

  @Test
  void namesAreIdentifiersAndBoundOnce() {
    assertThatThrownBy(() -> QueryParameters.builder().add("a b", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QueryParameters.builder().add("a", "x").add("a", "y"))
        .hasMessageContaining("bound twice");
    QueryParameters p = QueryParameters.builder().add("a", "x\ty").add("n", 5).build();
    assertThat(p.names()).containsExactly("a", "n");
    assertThat(p.escapedValues()).containsExactly("x\\ty", "5");
  }

  @Test
  void stringArraysQuoteEachElementThenEscapeTheText() {
    QueryParameters p =
        QueryParameters.builder().addStrings("v", java.util.List.of("a", "it's", "b\\c")).build();
    // Each element quoted, with the text format's escapes and the quote escaped; no second pass.
    assertThat(p.escapedValues()).containsExactly("['a','it\\'s','b\\\\c']");
    assertThat(
            QueryParameters.builder().addStrings("e", java.util.List.of()).build().escapedValues())
        .containsExactly("[]");
    assertThatThrownBy(() -> QueryParameters.builder().addStrings("a b", java.util.List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
