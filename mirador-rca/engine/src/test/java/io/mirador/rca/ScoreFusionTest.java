package io.mirador.rca;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreFusionTest {
  @Test
  void eachKindCountsInUnitsOfItsMedianService() {
    Map<String, Double> deviation = Map.of("a", 10.0, "b", 2.0, "c", 1.0, "d", -4.0);
    Map<String, Double> shift = Map.of("c", 30.0, "e", 10.0);

    Map<String, Double> fused = ScoreFusion.medianScaledSum(deviation, shift);

    // deviation's median (of 0, 1, 2, 10 with negatives as 0) is 2; shift's is 30
    assertThat(fused)
        .containsOnly(
            Map.entry("a", 5.0),
            Map.entry("b", 1.0),
            Map.entry("c", 0.5 + 1.0),
            Map.entry("d", 0.0),
            Map.entry("e", 10.0 / 30));
    assertThat(ScoreFusion.order(fused)).containsExactly("a", "c", "b", "e", "d");
  }

  @Test
  void allZeroScoresStayZeroAndTiesGoByName() {
    Map<String, Double> fused = ScoreFusion.medianScaledSum(Map.of("b", 0.0, "a", 0.0), Map.of());
    assertThat(fused).containsOnly(Map.entry("a", 0.0), Map.entry("b", 0.0));
    assertThat(ScoreFusion.order(fused)).containsExactly("a", "b");
  }
}
