package io.mirador.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuStarvedTest {
  // Median 0.20, IQR 0.02 (quartiles 0.19 and 0.21).
  private static final double[] BASELINE = {0.18, 0.19, 0.19, 0.20, 0.20, 0.21, 0.21, 0.22};

  @Test
  void aServiceWhoseCpuRoseThreeIqrsIsStarved() {
    List<MetricWindow> metrics =
        List.of(
            new MetricWindow(
                "checkout", "container.cpu.utilization", BASELINE, new double[] {0.90}),
            new MetricWindow(
                "shipping", "container.cpu.utilization", BASELINE, new double[] {0.25}),
            new MetricWindow("cart", "process.cpu.utilization", BASELINE, new double[] {0.27}));
    // checkout: +35 IQRs; shipping: +2.5; cart: +3.5 on a process gauge. Largest rise first.
    assertThat(CpuStarved.services(metrics)).containsExactly("checkout", "cart");
  }

  @Test
  void aFallOrAnotherMetricDoesNotCount() {
    List<MetricWindow> metrics =
        List.of(
            new MetricWindow("checkout", "container.cpu.utilization", BASELINE, new double[] {0.0}),
            new MetricWindow("shipping", "latency_p95", BASELINE, new double[] {9.0}),
            new MetricWindow("email", "container.memory.usage", BASELINE, new double[] {9.0}));
    assertThat(CpuStarved.services(metrics)).isEmpty();
  }

  @Test
  void anyOfAServicesCpuGaugesSuffices() {
    List<MetricWindow> metrics =
        List.of(
            new MetricWindow("checkout", "system.cpu.utilization", BASELINE, new double[] {0.2}),
            new MetricWindow(
                "checkout", "jvm.cpu.recent_utilization", BASELINE, new double[] {0.5, 0.2}));
    assertThat(CpuStarved.services(metrics)).containsExactly("checkout");
  }

  @Test
  void namesCpuGauges() {
    assertThat(CpuStarved.isCpu("container.cpu.utilization")).isTrue();
    assertThat(CpuStarved.isCpu("jvm.cpu.recent_utilization")).isTrue();
    assertThat(CpuStarved.isCpu("cpu")).isFalse();
    assertThatNullPointerException().isThrownBy(() -> CpuStarved.isCpu(null));
  }
}
