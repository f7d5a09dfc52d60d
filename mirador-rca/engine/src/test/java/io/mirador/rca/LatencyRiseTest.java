package io.mirador.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyRiseTest {
  // Median 20 ms, IQR 2 ms (quartiles 19 and 21).
  private static final double[] BASELINE = {18e6, 19e6, 19e6, 20e6, 20e6, 21e6, 21e6, 22e6};

  @Test
  void aServiceWhoseP50OrP95RoseThreeIqrsRoseTheLargestFirst() {
    List<MetricWindow> metrics =
        List.of(
            // inventory waited for a slow database: +185 IQRs
            new MetricWindow("inventory", "latency_p50", BASELINE, new double[] {390e6, 20e6}),
            // pricing answered on time (wrongly): +1.5
            new MetricWindow("pricing", "latency_p95", BASELINE, new double[] {23e6}),
            // cart: +3.5 on p95
            new MetricWindow("cart", "latency_p95", BASELINE, new double[] {27e6}));
    assertThat(LatencyRise.services(metrics)).containsExactly("inventory", "cart");
  }

  @Test
  void aFallTheP99OrAnotherMetricDoesNotCount() {
    List<MetricWindow> metrics =
        List.of(
            new MetricWindow("inventory", "latency_p50", BASELINE, new double[] {1e6}),
            new MetricWindow("pricing", "latency_p99", BASELINE, new double[] {900e6}),
            new MetricWindow("cart", "self_time_p95", BASELINE, new double[] {900e6}),
            new MetricWindow("db", "requests", BASELINE, new double[] {900e6}));
    assertThat(LatencyRise.services(metrics)).isEmpty();
  }

  @Test
  void aBaselineWithoutValuesSaysNothing() {
    double[] none = {Double.NaN, Double.NaN};
    assertThat(
            LatencyRise.services(
                List.of(new MetricWindow("db", "latency_p50", none, new double[] {900e6}))))
        .isEmpty();
    assertThatNullPointerException().isThrownBy(() -> LatencyRise.services(null));
  }
}
