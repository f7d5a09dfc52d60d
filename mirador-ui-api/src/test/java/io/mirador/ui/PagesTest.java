package io.mirador.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PagesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/findings",
        "/findings?tenant=demo&from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z&state=open",
        "/findings/0123456789abcdef0123456789abcdef?tenant=demo",
        "/map?tenant=demo&range=1h",
        "/services/check%20out?tenant=demo",
        "/traces",
        "/traces/0123456789abcdef0123456789abcdef?tenant=demo&span=abc",
        "/logs?q=%3Cscript%3E",
        "/metrics?name=x",
        "/admin/audit",
        "/admin/privacy?tenant=demo"
      })
  void pagePathsAreKeptAsTheNextPlace(String next) {
    assertThat(Pages.safeNext(next)).isEqualTo(next);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "https://evil.example/findings",
        "//evil.example/findings",
        "/\\evil.example",
        "\\\\evil.example",
        "findings",
        "/findings#frag",
        "/findings\r\nSet-Cookie: x=1",
        "/findings x",
        "/ui/api/session",
        "/login",
        "/q/health",
        "/admin/other",
        "/findings/a/b",
        "javascript:alert(1)",
        "/%2F%2Fevil.example"
      })
  void anythingElseGoesToTheFindings(String next) {
    assertThat(Pages.safeNext(next)).isEqualTo("/findings");
  }

  @ParameterizedTest
  @ValueSource(strings = {"x"})
  void nullAndOverlongGoToTheFindings(String unused) {
    assertThat(Pages.safeNext(null)).isEqualTo("/findings");
    assertThat(Pages.safeNext("/findings?q=" + "a".repeat(3000))).isEqualTo("/findings");
    String longest = "/findings?q=" + "a".repeat(2048 - 12);
    assertThat(Pages.safeNext(longest)).isEqualTo(longest);
    assertThat(Pages.safeNext(longest + "a")).isEqualTo("/findings");
    assertThat(Pages.safeNext("/findings?q=!")).isEqualTo("/findings?q=!");
    assertThat(Pages.safeNext("/findings?q=\u007f")).isEqualTo("/findings");
    assertThat(Pages.safeNext("/findings?q=\u0020")).isEqualTo("/findings");
  }
}
