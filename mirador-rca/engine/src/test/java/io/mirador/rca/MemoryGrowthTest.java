package io.mirador.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryGrowthTest {
  // Median 100 MB, IQR 2 MB (quartiles 99 and 101).
  private static final double[] BASELINE = {98e6, 99e6, 99e6, 100e6, 100e6, 101e6, 101e6, 102e6};

  @Test
  void eachServiceScoresTheLargestRiseOfItsOwnMemoryGaugesInIqrs() {
    List<MetricWindow> metrics =
        List.of(
            // auth held 300 MB more: +150 IQRs
            new MetricWindow("auth", "process.memory.usage", BASELINE, new double[] {110e6, 400e6}),
            new MetricWindow("auth", "jvm.memory.used", BASELINE, new double[] {104e6}),
            // cart: +3 on the container's gauge
            new MetricWindow("cart", "container.memory.usage", BASELINE, new double[] {106e6}));
    assertThat(MemoryGrowth.scores(metrics))
        .containsOnlyKeys("auth", "cart")
        .containsEntry("auth", 150.0)
        .containsEntry("cart", 3.0);
  }

  @Test
  void memoryThatFellScoresZeroAndOtherMetricsOrTheHostsGaugeNothing() {
    List<MetricWindow> metrics =
        List.of(
            new MetricWindow("auth", "process.memory.usage", BASELINE, new double[] {50e6}),
            new MetricWindow("cart", "process.cpu.utilization", BASELINE, new double[] {900e6}),
            new MetricWindow("cart", "latency_p95", BASELINE, new double[] {900e6}),
            new MetricWindow("db", "system.memory.utilization", BASELINE, new double[] {900e6}));
    assertThat(MemoryGrowth.scores(metrics)).containsOnlyKeys("auth").containsEntry("auth", 0.0);
  }

  @Test
  void aBaselineWithoutValuesSaysNothing() {
    double[] none = {Double.NaN, Double.NaN};
    assertThat(
            MemoryGrowth.scores(
                List.of(
                    new MetricWindow("db", "process.memory.usage", none, new double[] {900e6}))))
        .isEmpty();
    assertThatNullPointerException().isThrownBy(() -> MemoryGrowth.scores(null));
    assertThatNullPointerException().isThrownBy(() -> MemoryGrowth.isMemory(null));
  }
}
