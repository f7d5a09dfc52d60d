package io.mirador.rca.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CoreClientTest {

  @Test
  void gapsToCallerKeepsTheFirstNamesWithinTheCoresLimits() {
    Set<String> many = new LinkedHashSet<>();
    for (int i = 0; i < 150; i++) {
      many.add("s" + i);
    }
    List<String> sent = CoreClient.fitting(many);
    assertThat(sent).hasSize(CoreClient.MAX_GAPS_TO_CALLER).startsWith("s0", "s1");

    Set<String> long_ = new LinkedHashSet<>();
    for (int i = 0; i < 50; i++) {
      long_.add(i + "-" + "x".repeat(200));
    }
    List<String> fits = CoreClient.fitting(long_);
    int chars = fits.stream().mapToInt(n -> "&gapsToCaller=".length() + n.length()).sum();
    assertThat(fits).isNotEmpty().hasSizeLessThan(50).first().asString().startsWith("0-");
    assertThat(chars).isLessThanOrEqualTo(CoreClient.MAX_GAPS_TO_CALLER_CHARS);
    assertThat(CoreClient.fitting(Set.of())).isEmpty();
  }

  @Test
  void aSlowCallsTraceIdIsKeptOnlyWhenItIsHex() {
    assertThat(CoreClient.traceId("4bf92f3577b34da6a3ce929d0e0e4736"))
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(CoreClient.traceId("")).isEmpty();
    assertThat(CoreClient.traceId("<script>alert(1)</script>")).isEmpty();
    assertThat(CoreClient.traceId("ab\ncd")).isEmpty();
    assertThat(CoreClient.traceId("a".repeat(65))).isEmpty();
  }
}
