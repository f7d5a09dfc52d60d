package io.mirador.rca.online;

import static io.mirador.rca.online.SyntheticEstate.minute;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboundCallsTest {
  private static ServiceMinute row(String service, int m) {
    return new ServiceMinute(
        service, minute(m), 100, 0, 1e6, 2e6, 3e6, 0, Map.of("process.cpu.utilization", 0.3));
  }

  private static EdgeMinute edge(String caller, String callee, int m, long calls, double p50) {
    return edge(caller, callee, m, calls, 0, p50);
  }

  private static EdgeMinute edge(
      String caller, String callee, int m, long calls, long repeats, double p50) {
    return new EdgeMinute(
        caller, callee, minute(m), calls, repeats, p50, 2 * p50, 1e6, 2e6, "ab", 9e6);
  }

  @Test
  void aServiceGainsItsInboundCallsAndTheirCallsWeightedGapQuantiles() {
    List<ServiceMinute> joined =
        InboundCalls.join(
            List.of(row("db", 0), row("db", 1), row("api", 0)),
            List.of(
                edge("api", "db", 0, 10, 3, 1e6),
                edge("batch", "db", 0, 30, 4, 3e6),
                edge("api", "db", 1, 5, 8e6),
                // no calls, or a minute or service without a row: nothing to add
                edge("batch", "db", 1, 0, 900e6),
                edge("api", "db", 2, 5, 900e6),
                edge("api", "cache", 0, 5, 900e6)),
            DetectionLoop.InboundRepeats.ALARM_ONLY);

    assertThat(joined).hasSize(3);
    assertThat(joined.get(0).gauges())
        .containsEntry(InboundCalls.CALLS, 40.0)
        .containsEntry(InboundCalls.GAP_P50, 2.5e6)
        .containsEntry(InboundCalls.GAP_P95, 5e6)
        .containsEntry(InboundCalls.REPEATS, 7.0)
        .containsEntry("process.cpu.utilization", 0.3);
    assertThat(joined.get(1).gauges())
        .containsEntry(InboundCalls.CALLS, 5.0)
        .containsEntry(InboundCalls.GAP_P50, 8e6)
        .containsEntry(InboundCalls.GAP_P95, 16e6)
        .containsEntry(InboundCalls.REPEATS, 0.0);
    // api has no callers: its row stays as it was, without a measured 0
    assertThat(joined.get(2)).isEqualTo(row("api", 0));
    assertThat(joined.get(0).requests()).isEqualTo(100);
    assertThat(joined.get(0).latencyP95Nanos()).isEqualTo(2e6);
  }

  @Test
  void theRepeatedCallsAreAddedOnlyWhenAskedFor() {
    List<ServiceMinute> joined =
        InboundCalls.join(
            List.of(row("db", 0)),
            List.of(edge("api", "db", 0, 10, 3, 1e6)),
            DetectionLoop.InboundRepeats.OFF);

    assertThat(joined.getFirst().gauges())
        .containsEntry(InboundCalls.CALLS, 10.0)
        .containsEntry(InboundCalls.GAP_P50, 1e6)
        .doesNotContainKey(InboundCalls.REPEATS)
        .doesNotContainKey(InboundCalls.REPEATED_PERCENT);

    List<ServiceMinute> percent =
        InboundCalls.join(
            List.of(row("db", 0)),
            List.of(edge("api", "db", 0, 10, 3, 1e6), edge("batch", "db", 0, 30, 1, 1e6)),
            DetectionLoop.InboundRepeats.PERCENT_ALARM_ONLY);
    assertThat(percent.getFirst().gauges())
        .containsEntry(InboundCalls.REPEATED_PERCENT, 10.0)
        .doesNotContainKey(InboundCalls.REPEATS);
  }

  @Test
  void withoutEdgesTheRowsAreUnchanged() {
    List<ServiceMinute> rows = List.of(row("db", 0));
    assertThat(InboundCalls.join(rows, List.of(), DetectionLoop.InboundRepeats.ALARM_ONLY))
        .isSameAs(rows);
    assertThat(InboundCalls.TAIL_QUANTILES)
        .extracting(TailQuantile::countFeature)
        .containsOnly(InboundCalls.CALLS);
  }
}
