package io.mirador.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ActionTest {
  @Test
  void configNamesRoundTrip() {
    for (Action a : Action.values()) {
      assertThat(a.configName()).isEqualTo(a.name().toLowerCase(java.util.Locale.ROOT));
      assertThat(Action.fromConfigName(a.configName())).contains(a);
    }
    assertThat(Action.fromConfigName("MASK")).isEmpty();
    assertThat(Action.fromConfigName("off")).isEmpty();
  }

  @Test
  void theStrongerActionWinsInEitherOrder() {
    Action[] order = {Action.KEEP, Action.HASH, Action.MASK, Action.DROP};
    for (int i = 0; i < order.length; i++) {
      for (int j = 0; j < order.length; j++) {
        Action expected = order[Math.max(i, j)];
        assertThat(order[i].max(order[j])).as("%s max %s", order[i], order[j]).isSameAs(expected);
      }
    }
  }

  @Test
  void policyModesAndRedactedRecord() {
    assertThat(PolicyMode.valueOf("ALLOW_LIST")).isSameAs(PolicyMode.ALLOW_LIST);
    assertThat(PolicyMode.values()).containsExactly(PolicyMode.BLOCK_LIST, PolicyMode.ALLOW_LIST);
    RedactionCounts none = RedactionMetricsProbe.empty();
    Redacted<String> r = new Redacted<>("m", none);
    assertThat(r.message()).isEqualTo("m");
    assertThat(r.counts()).isSameAs(none);
    assertThatThrownBy(() -> new Redacted<>(null, none))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("message");
    assertThatThrownBy(() -> new Redacted<>("m", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("counts");
  }

  /** The empty counts, from a fresh metrics snapshot (public API only). */
  private static final class RedactionMetricsProbe {
    static RedactionCounts empty() {
      return new RedactionMetrics().snapshot();
    }
  }
}
