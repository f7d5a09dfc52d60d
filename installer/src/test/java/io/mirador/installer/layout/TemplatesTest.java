package io.mirador.installer.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {
  @Test
  void replacesEveryPlaceholder() {
    String out =
        Templates.render(
            "t",
            "ExecStart=@PREFIX@/current/runtime/bin/java\nUser=@USER@\nmail: a@b.c @USER@\n",
            Map.of("PREFIX", "/opt/m", "USER", "mirador"));
    assertThat(out)
        .isEqualTo(
            "ExecStart=/opt/m/current/runtime/bin/java\nUser=mirador\nmail: a@b.c mirador\n");
  }

  @Test
  void missingValuesAreNamedAndNothingIsHalfRendered() {
    assertThatThrownBy(
            () -> Templates.render("config/x.tmpl", "a=@A@ b=@B@ c=@C@", Map.of("B", "1")))
        .hasMessage("config/x.tmpl: no value for placeholder(s) @A@, @C@");
  }

  @Test
  void valuesCannotInjectLines() {
    assertThatThrownBy(
            () -> Templates.render("t", "x=@A@", Map.of("A", "1\nExecStartPre=/bin/evil")))
        .hasMessageContaining("line break");
  }

  @Test
  void dollarAndBackslashInValuesAreLiteral() {
    assertThat(Templates.render("t", "@A@", Map.of("A", "$1\\x"))).isEqualTo("$1\\x");
  }
}
