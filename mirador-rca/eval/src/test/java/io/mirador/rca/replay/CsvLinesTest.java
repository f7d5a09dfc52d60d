package io.mirador.rca.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvLinesTest {
  @Test
  void quotedFieldsKeepCommasQuotesAndLineBreaks() {
    RowErrors errors = new RowErrors();
    var rows = Rows.of("a,\"b,\"\"c\"\"\",d\n\"two\nlines\",x\n\"\",y\n", errors);

    assertThat(errors.count()).isZero();
    assertThat(rows.get(0).fields()).containsExactly("a", "b,\"c\"", "d");
    assertThat(rows.get(1).fields()).containsExactly("two\nlines", "x");
    assertThat(rows.get(1).line()).isEqualTo(2);
    assertThat(rows.get(2).fields()).containsExactly("", "y");
    assertThat(rows.get(2).line()).isEqualTo(4);
  }

  @Test
  void anUnterminatedQuoteIsAnErrorNotACrash() {
    RowErrors errors = new RowErrors();
    var rows = Rows.of("ok,1\n\"never closed,2\n", errors);

    assertThat(rows).hasSize(1);
    assertThat(errors.count()).isEqualTo(1);
    assertThat(errors.first().getFirst().reason()).contains("unterminated");
  }

  @Test
  void tooManyFieldsIsAnError() {
    RowErrors errors = new RowErrors();
    var rows = Rows.of(",".repeat(CsvLines.MAX_FIELDS + 5) + "\nok\n", errors);

    assertThat(rows).singleElement().satisfies(r -> assertThat(r.fields()).containsExactly("ok"));
    assertThat(errors.first().getFirst().reason()).contains("more than");
  }
}
