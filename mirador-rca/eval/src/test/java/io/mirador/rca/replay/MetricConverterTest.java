package io.mirador.rca.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MetricConverterTest {
  private static final String HEADER =
      "Time,TimeStamp,PodName,CpuUsageRate(%),MemoryUsage(Mi),PodServerLatencyP90(s),NodeCpuUsageRate(%)\n";

  @Test
  void podColumnsBecomeGaugesAtTheRowsTime() {
    String csv =
        HEADER
            + "2023-01-29 08:41:10.649486457 +0000 UTC m=+1.72,1861140279,pod-a-b,2.5,512,0.85,40\n"
            + "2023-01-29 08:42:10.5 +0000 UTC m=+61.7,1674981730,pod-a-b,5,513,NaN,41\n";
    RowErrors errors = new RowErrors();

    ExportMetricsServiceRequest request =
        MetricConverter.convert("pod-a-b_metric.csv.gz", "ts-x-a-b", Rows.of(csv, errors), errors);

    assertThat(errors.count()).isZero();
    Map<String, Metric> metrics =
        request.getResourceMetrics(0).getScopeMetrics(0).getMetricsList().stream()
            .collect(Collectors.toMap(Metric::getName, m -> m));
    assertThat(metrics)
        .containsOnlyKeys(
            "container.cpu.utilization", "container.memory.usage", "nezha.PodServerLatencyP90(s)");
    var cpu = metrics.get("container.cpu.utilization").getGauge().getDataPointsList();
    assertThat(cpu).hasSize(2);
    assertThat(cpu.get(0).getAsDouble()).isEqualTo(0.025);
    // Time, not the (wrong) TimeStamp column
    assertThat(cpu.get(0).getTimeUnixNano()).isEqualTo(1674981670649486457L);
    assertThat(metrics.get("container.memory.usage").getGauge().getDataPoints(0).getAsDouble())
        .isEqualTo(512.0 * 1024 * 1024);
    // NaN is "no value this minute": one point, no error
    assertThat(metrics.get("nezha.PodServerLatencyP90(s)").getGauge().getDataPointsCount())
        .isEqualTo(1);
  }

  @Test
  void badTimesAndNumbersAreCountedPerRow() {
    String csv =
        HEADER
            + "yesterday,1,pod-a-b,1,1,1,1\n"
            + "2023-01-29 08:42:10 +0000 UTC,1,pod-a-b,lots,1,1,1\n"
            + "2023-01-29 08:43:10 +0800 CST,1,pod-a-b,1,1,1,1\n"
            + "2023-01-29 08:44:10 +0000 UTC,1,pod-a-b,1\n";
    RowErrors errors = new RowErrors();

    ExportMetricsServiceRequest request =
        MetricConverter.convert("m.csv", "ts-x-a-b", Rows.of(csv, errors), errors);

    assertThat(errors.count()).isEqualTo(4);
    assertThat(errors.first().get(0).reason()).contains("Time 'yesterday'");
    assertThat(errors.first().get(1).reason()).contains("CpuUsageRate(%) 'lots'");
    assertThat(errors.first().get(2).reason()).contains("UTC");
    assertThat(errors.first().get(3).reason()).contains("expected 7 fields");
    // the row with one bad value keeps its good ones
    assertThat(
            request.getResourceMetrics(0).getScopeMetrics(0).getMetricsList().stream()
                .mapToInt(m -> m.getGauge().getDataPointsCount())
                .sum())
        .isEqualTo(2);
  }
}
