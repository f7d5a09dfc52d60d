package io.mirador.rca.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogConverterTest {
  private static final String HEADER =
      "Timestamp,TimeUnixNano,Node,PodName,Container,TraceID,SpanID,Log\n";
  private static final String IDS = "ffc8ca7e4c8f06c75142c880d5595d96,439bc949a9eeb0cc";

  @Test
  void textAndJsonApplicationLinesGetTheirBodySeverityAndIds() {
    String csv =
        HEADER
            + "2023-01-29T08:42:22.383Z,1674981742383150913,10.0.0.1,ts-travel-service-6446-25zj6,server,"
            + IDS
            + ",\"{\"\"log\"\":\"\"16:42:22.382 ERROR t.s.TravelServiceImpl#532 [getRoute][failed]\\n\"\",\"\"stream\"\":\"\"stdout\"\"}\"\n"
            + "2022-08-22T05:18:42.908Z,1661145522908318000,10.0.0.2,recommendationservice-6cfd-gfj6q,server,"
            + IDS
            + ",\"{\"\"log\"\":\"\"{\\\"\"severity\\\"\": \\\"\"WARNING\\\"\", \\\"\"message\\\"\": \\\"\"List Recommendations\\\"\"}\\n\"\"}\"\n"
            + "2023-01-29T08:42:23Z,1674981743000000000,10.0.0.1,ts-travel-service-6446-25zj6,server,,,"
            + "\"{\"\"log\"\":\"\"\\tat java.lang.Thread.run(Thread.java:748)\"\"}\"\n";
    RowErrors errors = new RowErrors();

    ExportLogsServiceRequest request =
        LogConverter.convert("08_43_log.csv.gz", Rows.of(csv, errors), errors);

    assertThat(errors.first()).isEmpty();
    List<LogRecord> travel = request.getResourceLogs(0).getScopeLogs(0).getLogRecordsList();
    assertThat(travel).hasSize(2);
    assertThat(travel.get(0).getBody().getStringValue())
        .isEqualTo("16:42:22.382 ERROR t.s.TravelServiceImpl#532 [getRoute][failed]");
    assertThat(travel.get(0).getSeverityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_ERROR);
    assertThat(travel.get(0).getTimeUnixNano()).isEqualTo(1674981742383150913L);
    assertThat(travel.get(0).getTraceId().size()).isEqualTo(16);
    assertThat(travel.get(0).getSpanId().size()).isEqualTo(8);
    // a stack-trace line has no level of its own, and no ids here
    assertThat(travel.get(1).getSeverityNumber())
        .isEqualTo(SeverityNumber.SEVERITY_NUMBER_UNSPECIFIED);
    assertThat(travel.get(1).getTraceId().isEmpty()).isTrue();
    LogRecord boutique = request.getResourceLogs(1).getScopeLogs(0).getLogRecords(0);
    assertThat(boutique.getBody().getStringValue()).isEqualTo("List Recommendations");
    assertThat(boutique.getSeverityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_WARN);
  }

  @Test
  void aBrokenTimeUnixNanoFallsBackToTheRowsTimestampAndBadRowsAreCounted() {
    String csv =
        HEADER
            + "2023-01-29T09:20:43.973,-6795364578871345152,n,pod-a-b,server,,,x INFO y\n"
            + "not a time,-1,n,pod-a-b,server,,,x INFO y\n"
            + "2023-01-29T09:20:43Z,1,n,pod-a-b,server,nothex,,x INFO y\n"
            + "2023-01-29T09:20:43Z,1,n,pod-a-b\n";
    RowErrors errors = new RowErrors();

    ExportLogsServiceRequest request = LogConverter.convert("l.csv", Rows.of(csv, errors), errors);

    assertThat(request.getResourceLogs(0).getScopeLogs(0).getLogRecords(0).getTimeUnixNano())
        .isEqualTo(1674984043973000000L);
    assertThat(errors.count()).isEqualTo(3);
    assertThat(errors.first()).extracting(RowErrors.RowError::line).containsExactly(3L, 4L, 5L);
    assertThat(errors.first().get(0).reason()).contains("Timestamp");
    assertThat(errors.first().get(1).reason()).contains("TraceID");
    assertThat(errors.first().get(2).reason()).contains("expected 8 fields");
  }

  @Test
  void levelsMapToOtlpSeverities() {
    assertThat(LogConverter.severity("info").number())
        .isEqualTo(SeverityNumber.SEVERITY_NUMBER_INFO);
    assertThat(LogConverter.severity("FATAL").number())
        .isEqualTo(SeverityNumber.SEVERITY_NUMBER_FATAL);
    assertThat(LogConverter.severity("Hello").number())
        .isEqualTo(SeverityNumber.SEVERITY_NUMBER_UNSPECIFIED);
    assertThat(LogConverter.severity("Hello").text()).isEmpty();
  }
}
