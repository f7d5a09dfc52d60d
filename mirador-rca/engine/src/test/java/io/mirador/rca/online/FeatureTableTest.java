package io.mirador.rca.online;

import static io.mirador.rca.online.SyntheticEstate.minute;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.rca.MetricWindow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureTableTest {
  private static ServiceMinute row(String service, int m, long requests, double p50) {
    return new ServiceMinute(service, minute(m), requests, 1, p50, p50, p50, 2, Map.of("cpu", 0.5));
  }

  @Test
  void countsAreZeroInMinutesWithDataButMissingValuesAreLeftOut() {
    FeatureTable t =
        FeatureTable.of(List.of(row("a", 0, 10, 5), row("b", 0, 4, 7), row("a", 2, 0, Double.NaN)));

    assertThat(t.minutes()).containsExactly(minute(0), minute(2));
    assertThat(t.series("b", "requests")).containsExactly(4, 0);
    assertThat(t.series("b", "latency_p50")).containsExactly(7);
    assertThat(t.series("a", "latency_p50")).containsExactly(5);
    assertThat(t.series("a", "error_rate")).containsExactly(0.1, 0);
    assertThat(t.series("b", "cpu")).containsExactly(0.5);
    assertThat(t.value("a", minute(1), "requests")).isNaN();
    assertThat(t.features("a"))
        .containsExactly(
            "requests",
            "latency_p50",
            "latency_p95",
            "latency_p99",
            "error_logs",
            "error_rate",
            "cpu");
  }

  @Test
  void metricWindowsNeedValuesOnBothSides() {
    FeatureTable base = FeatureTable.of(List.of(row("a", 0, 10, 5), row("a", 1, 12, 6)));
    FeatureTable incident = FeatureTable.of(List.of(row("a", 5, 0, Double.NaN), row("c", 5, 3, 1)));

    List<MetricWindow> windows = FeatureTable.metricWindows(base, incident);

    assertThat(windows)
        .extracting(w -> w.service() + "/" + w.metric())
        .contains("a/requests", "a/cpu", "c/requests")
        .doesNotContain("a/latency_p50", "c/latency_p50");
  }
}
