package io.mirador.ui.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryStringTest {
  @Test
  void parsesAndEncodesCanonically() {
    List<Map.Entry<String, String>> pairs = QueryString.parse("a=1&b=x%20y&c&d=&e=p+q&f=%E2%82%AC");
    assertThat(pairs)
        .containsExactly(
            Map.entry("a", "1"),
            Map.entry("b", "x y"),
            Map.entry("c", ""),
            Map.entry("d", ""),
            Map.entry("e", "p q"),
            Map.entry("f", "€"));
    assertThat(QueryString.encode(pairs)).isEqualTo("a=1&b=x%20y&c=&d=&e=p%20q&f=%E2%82%AC");
  }

  @Test
  void valuesKeepTheirSpecialCharactersEncoded() {
    String encoded = QueryString.encode(QueryString.parse("attr=k%3Dv%26x%3D1&q=%3Cscript%3E"));
    assertThat(encoded).isEqualTo("attr=k%3Dv%26x%3D1&q=%3Cscript%3E");
    assertThat(QueryString.parse(encoded))
        .containsExactly(Map.entry("attr", "k=v&x=1"), Map.entry("q", "<script>"));
  }

  @Test
  void emptyAndNullAreNoParameters() {
    assertThat(QueryString.parse(null)).isEmpty();
    assertThat(QueryString.parse("")).isEmpty();
    assertThat(QueryString.parse("&&")).isEmpty();
    assertThat(QueryString.encode(List.of())).isEmpty();
  }

  @Test
  void hostileQueriesAreRefusedWithAMessage() {
    assertThatThrownBy(() -> QueryString.parse("a=%zz")).hasMessageContaining("%-escape");
    assertThatThrownBy(() -> QueryString.parse("a=%C3%28")).hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> QueryString.parse("a%0Ab=1")).hasMessageContaining("identifier");
    assertThatThrownBy(() -> QueryString.parse("=1")).hasMessageContaining("identifier");
    assertThatThrownBy(() -> QueryString.parse("x".repeat(4097))).hasMessageContaining("longer");
    assertThatThrownBy(() -> QueryString.parse("a=1&".repeat(65))).hasMessageContaining("64");
    assertThat(QueryString.parse("a=1&".repeat(64))).hasSize(64);
    assertThat(QueryString.parse("q=" + "x".repeat(4094))).hasSize(1); // 4,096 exactly
    assertThatThrownBy(() -> QueryString.parse("a=%FF")).hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> QueryString.parse("%FF=1")).hasMessageContaining("UTF-8");
  }
}
