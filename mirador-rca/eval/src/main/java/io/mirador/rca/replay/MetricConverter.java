package io.mirador.rca.replay;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Nezha pod metric file ({@code metric/<pod>_metric.csv.gz}, one row a minute) to OTLP gauges of
 * that pod. CPU and memory take the OpenTelemetry semantic-convention names the store's features
 * read by default ({@code container.cpu.utilization} as a ratio, {@code container.memory.usage} in
 * bytes); every other pod column keeps its name under {@code nezha.}. Node columns (shared by every
 * pod of a node) and {@code TimeStamp} (wrong in some rows; the data's README says to use {@code
 * Time}) are left out.
 */
final class MetricConverter {
  static final List<String> COLUMNS = List.of("Time", "PodName");
  static final String CPU = "container.cpu.utilization";
  static final String MEMORY = "container.memory.usage";
  private static final InstrumentationScope SCOPE =
      InstrumentationScope.newBuilder().setName("mirador-rca-eval.nezha-replay").build();

  private MetricConverter() {}

  static ExportMetricsServiceRequest convert(
      String file, String pod, List<NumberedRow> rows, RowErrors errors) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(file + ": empty, no header");
    }
    List<String> names = rows.getFirst().fields();
    Header header = new Header(names, file, COLUMNS);
    Map<Integer, Metric.Builder> metrics = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String column = names.get(i).strip();
      if (column.equals("Time")
          || column.equals("TimeStamp")
          || column.equals("PodName")
          || column.startsWith("Node")) {
        continue;
      }
      metrics.put(i, Metric.newBuilder().setName(name(column)).setGauge(Gauge.newBuilder()));
    }
    for (NumberedRow numbered : rows.subList(1, rows.size())) {
      List<String> f = numbered.fields();
      if (f.size() != header.size()) {
        errors.add(
            file, numbered.line(), "expected " + header.size() + " fields, found " + f.size());
        continue;
      }
      long time;
      try {
        time = time(f.get(header.of("Time")));
      } catch (IllegalArgumentException e) {
        errors.add(file, numbered.line(), e.getMessage());
        continue;
      }
      List<String> bad = new ArrayList<>();
      metrics.forEach(
          (column, metric) -> {
            String text = f.get(column);
            if (text.isBlank() || text.strip().equalsIgnoreCase("NaN")) {
              return; // no value this minute (latency without requests is NaN in the data)
            }
            try {
              double value = scale(names.get(column).strip(), Numbers.decimal(text, "x"));
              metric
                  .getGaugeBuilder()
                  .addDataPoints(
                      NumberDataPoint.newBuilder().setTimeUnixNano(time).setAsDouble(value));
            } catch (IllegalArgumentException e) {
              bad.add(names.get(column).strip() + " '" + Hex.clip(text) + "'");
            }
          });
      if (!bad.isEmpty()) {
        errors.add(file, numbered.line(), "not a number: " + String.join(", ", bad));
      }
    }
    ScopeMetrics.Builder scope = ScopeMetrics.newBuilder().setScope(SCOPE);
    metrics.values().forEach(scope::addMetrics);
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder().setResource(Otlp.podResource(pod)).addScopeMetrics(scope))
        .build();
  }

  static String name(String column) {
    return switch (column) {
      case "CpuUsageRate(%)" -> CPU;
      case "MemoryUsage(Mi)" -> MEMORY;
      default -> "nezha." + column;
    };
  }

  private static double scale(String column, double value) {
    return switch (column) {
      case "CpuUsageRate(%)" -> value / 100;
      case "MemoryUsage(Mi)" -> value * 1024 * 1024;
      default -> value;
    };
  }

  /** {@code 2023-01-29 08:41:10.649486457 +0000 UTC m=+1.72} as Unix nanoseconds (UTC). */
  static long time(String text) {
    int space = text.indexOf(' ', 11);
    String stamp = (space < 0 ? text : text.substring(0, space)).replace(' ', 'T');
    if (!text.contains("+0000") && space >= 0) {
      throw new IllegalArgumentException("Time '" + Hex.clip(text) + "' is not in UTC (+0000)");
    }
    try {
      LocalDateTime t = LocalDateTime.parse(stamp);
      return Math.addExact(
          Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000_000L), t.getNano());
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException("Time '" + Hex.clip(text) + "' is not a date-time", e);
    }
  }
}
