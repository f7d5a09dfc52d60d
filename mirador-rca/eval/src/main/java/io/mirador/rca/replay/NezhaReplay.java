package io.mirador.rca.replay;

import static java.util.Objects.requireNonNull;

import io.mirador.store.TenantId;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Replays a Nezha directory ({@code trace/HH_MM_trace.csv.gz}, {@code log/HH_MM_log.csv.gz}, {@code
 * metric/<pod>_metric.csv.gz}) as OTLP requests into a {@link TelemetrySink}: one request per trace
 * or log file (a minute), one per pod's metric file.
 */
final class NezhaReplay {
  /** What a replay sent, and what it could not read. */
  record Result(
      long spans, long logs, long points, int files, long orphanSpans, RowErrors errors) {}

  private NezhaReplay() {}

  static Result replay(Path dir, TenantId tenant, TelemetrySink sink) throws IOException {
    return replay(dir, tenant, sink, name -> true);
  }

  /**
   * @param files which files (by name, such as {@code 08_43_trace.csv.gz}) to replay
   */
  static Result replay(Path dir, TenantId tenant, TelemetrySink sink, Predicate<String> files)
      throws IOException {
    requireNonNull(tenant, "tenant");
    requireNonNull(sink, "sink");
    RowErrors errors = new RowErrors();
    long spans = 0;
    long logs = 0;
    long points = 0;
    int count = 0;
    TraceConverter traces = new TraceConverter();
    for (Path file : list(dir.resolve("trace"), "_trace.csv.gz", files)) {
      ExportTraceServiceRequest request = traces.convert(name(file), read(file, errors), errors);
      sink.accept(tenant, request);
      spans +=
          request.getResourceSpansList().stream()
              .flatMap(r -> r.getScopeSpansList().stream())
              .mapToLong(s -> s.getSpansCount())
              .sum();
      count++;
    }
    for (Path file : list(dir.resolve("log"), "_log.csv.gz", files)) {
      ExportLogsServiceRequest request =
          LogConverter.convert(name(file), read(file, errors), errors);
      sink.accept(tenant, request);
      logs +=
          request.getResourceLogsList().stream()
              .flatMap(r -> r.getScopeLogsList().stream())
              .mapToLong(s -> s.getLogRecordsCount())
              .sum();
      count++;
    }
    for (Path file : list(dir.resolve("metric"), "_metric.csv.gz", files)) {
      String name = name(file);
      String pod = name.substring(0, name.length() - "_metric.csv.gz".length());
      ExportMetricsServiceRequest request =
          MetricConverter.convert(name, pod, read(file, errors), errors);
      sink.accept(tenant, request);
      points +=
          request.getResourceMetricsList().stream()
              .flatMap(r -> r.getScopeMetricsList().stream())
              .flatMap(s -> s.getMetricsList().stream())
              .mapToLong(m -> m.getGauge().getDataPointsCount())
              .sum();
      count++;
    }
    if (count == 0) {
      throw new IllegalArgumentException(dir + ": no trace, log or metric files to replay");
    }
    return new Result(spans, logs, points, count, traces.orphans(), errors);
  }

  /** A directory's files with {@code suffix}, sorted by name (time order for HH_MM files). */
  private static List<Path> list(Path dir, String suffix, Predicate<String> files)
      throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(p -> name(p).endsWith(suffix) && files.test(name(p)) && Files.isRegularFile(p))
          .sorted()
          .toList();
    }
  }

  private static String name(Path file) {
    return file.getFileName().toString();
  }

  /** Every record of a file; records that break the CSV format are counted and skipped. */
  static List<NumberedRow> read(Path file, RowErrors errors) throws IOException {
    List<NumberedRow> rows = new ArrayList<>();
    try (CsvLines csv = CsvLines.open(file)) {
      while (true) {
        try {
          List<String> fields = csv.next();
          if (fields == null) {
            break;
          }
          rows.add(new NumberedRow(csv.line(), fields));
        } catch (CsvLines.CsvException e) {
          errors.add(name(file), csv.line(), e.getMessage());
        }
      }
    }
    return rows;
  }
}
