package io.mirador.rca.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Nezha log rows ({@code Timestamp,TimeUnixNano,Node,PodName,Container,TraceID,SpanID,Log}) to OTLP
 * log records, one {@link ResourceLogs} per pod. The {@code Log} column is the container runtime's
 * JSON line; its {@code log} field is the application's line. Train Ticket writes text lines
 * ({@code 16:42:22.382 INFO t.s.TravelServiceImpl#532 ...}), Online Boutique JSON with {@code
 * severity} and {@code message}: the body is the application's message, the severity its level (a
 * line without a level, such as a stack-trace line, stays UNSPECIFIED).
 */
final class LogConverter {
  static final List<String> COLUMNS = List.of("TimeUnixNano", "PodName", "Log");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TEXT_LEVEL = Pattern.compile("^\\S+\\s+([A-Za-z]+)\\b");
  private static final InstrumentationScope SCOPE =
      InstrumentationScope.newBuilder().setName("mirador-rca-eval.nezha-replay").build();

  record Severity(SeverityNumber number, String text) {}

  private LogConverter() {}

  static ExportLogsServiceRequest convert(String file, List<NumberedRow> rows, RowErrors errors) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(file + ": empty, no header");
    }
    Header header = new Header(rows.getFirst().fields(), file, COLUMNS);
    Map<String, ScopeLogs.Builder> byPod = new LinkedHashMap<>();
    for (NumberedRow numbered : rows.subList(1, rows.size())) {
      try {
        List<String> f = numbered.fields();
        if (f.size() != header.size()) {
          throw new IllegalArgumentException(
              "expected " + header.size() + " fields, found " + f.size());
        }
        String pod = f.get(header.of("PodName"));
        if (pod.isBlank()) {
          throw new IllegalArgumentException("empty PodName");
        }
        LogRecord.Builder record = LogRecord.newBuilder().setTimeUnixNano(time(header, f));
        String body = body(f.get(header.of("Log")));
        String message = body;
        Severity severity;
        JsonNode structured = structured(body);
        if (structured != null) {
          message = structured.path("message").asText(body);
          severity = severity(structured.path("severity").asText(""));
        } else {
          Matcher m = TEXT_LEVEL.matcher(body);
          severity = m.find() ? severity(m.group(1)) : severity("");
        }
        record
            .setBody(AnyValue.newBuilder().setStringValue(message))
            .setSeverityNumber(severity.number())
            .setSeverityText(severity.text());
        int traceColumn = header.of("TraceID");
        int spanColumn = header.of("SpanID");
        if (traceColumn >= 0 && !f.get(traceColumn).isEmpty()) {
          record.setTraceId(Hex.id(f.get(traceColumn), 16, "TraceID"));
        }
        if (spanColumn >= 0 && !f.get(spanColumn).isEmpty()) {
          record.setSpanId(Hex.id(f.get(spanColumn), 8, "SpanID"));
        }
        int container = header.of("Container");
        if (container >= 0) {
          record.addAttributes(Otlp.attribute("k8s.container.name", f.get(container)));
        }
        byPod
            .computeIfAbsent(pod, p -> ScopeLogs.newBuilder().setScope(SCOPE))
            .addLogRecords(record);
      } catch (IllegalArgumentException e) {
        errors.add(file, numbered.line(), e.getMessage());
      }
    }
    ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
    byPod.forEach(
        (pod, scope) ->
            request.addResourceLogs(
                ResourceLogs.newBuilder().setResource(Otlp.podResource(pod)).addScopeLogs(scope)));
    return request.build();
  }

  /**
   * {@code TimeUnixNano}; where it is not a valid time (some Train Ticket rows hold negative
   * numbers) the ISO {@code Timestamp} of the same row.
   */
  static long time(Header header, List<String> f) {
    try {
      return Numbers.nanos(f.get(header.of("TimeUnixNano")), "TimeUnixNano");
    } catch (IllegalArgumentException e) {
      int column = header.of("Timestamp");
      if (column < 0) {
        throw e;
      }
      try {
        String text = f.get(column);
        // Some rows' Timestamp lacks the zone; the data's times are UTC.
        Instant t = Instant.parse(text.endsWith("Z") ? text : text + "Z");
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
      } catch (DateTimeParseException | ArithmeticException again) {
        throw new IllegalArgumentException(
            e.getMessage() + ", and Timestamp '" + Hex.clip(f.get(column)) + "' is not a time");
      }
    }
  }

  /** The application's line inside the runtime's JSON, without its line break. */
  static String body(String log) {
    String line = log;
    if (log.startsWith("{")) {
      try {
        JsonNode node = JSON.readTree(log);
        if (node != null && node.has("log")) {
          line = node.get("log").asText();
        }
      } catch (JsonProcessingException e) {
        // Not the runtime's JSON: the column is the line itself.
      }
    }
    return line.strip();
  }

  private static JsonNode structured(String body) {
    if (!body.startsWith("{")) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() && node.has("message") ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  static Severity severity(String level) {
    String upper = level.toUpperCase(Locale.ROOT);
    SeverityNumber number =
        switch (upper) {
          case "TRACE" -> SeverityNumber.SEVERITY_NUMBER_TRACE;
          case "DEBUG" -> SeverityNumber.SEVERITY_NUMBER_DEBUG;
          case "INFO" -> SeverityNumber.SEVERITY_NUMBER_INFO;
          case "WARN", "WARNING" -> SeverityNumber.SEVERITY_NUMBER_WARN;
          case "ERROR" -> SeverityNumber.SEVERITY_NUMBER_ERROR;
          case "FATAL", "CRITICAL" -> SeverityNumber.SEVERITY_NUMBER_FATAL;
          default -> SeverityNumber.SEVERITY_NUMBER_UNSPECIFIED;
        };
    return new Severity(number, number == SeverityNumber.SEVERITY_NUMBER_UNSPECIFIED ? "" : upper);
  }
}
