package io.mirador.rca.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TraceConverterTest {
  private static final String HEADER =
      "TraceID,SpanID,ParentID,PodName,OperationName,StartTimeUnixNano,EndTimeUnixNano,Duration\n";
  private static final String TRACE = "b0103bb0161ad7fa352fe1828eeb643a";

  @Test
  void spansGetIdsKindsAndTheServiceOfTheirPod() {
    String csv =
        HEADER
            + TRACE
            + ",520b067330e3ede5,root,ts-gateway-service-6f6cfc45b-h5m2n,/*,100,400,300\n"
            + TRACE
            + ",5e89765a7f60ff70,520b067330e3ede5,ts-gateway-service-6f6cfc45b-h5m2n,HTTP POST,110,390,280\n"
            + TRACE
            + ",7e28bdb6a47af144,5e89765a7f60ff70,ts-auth-service-7f8d7d756d-k7b9j,/api/v1/users/login,120,380,260\n"
            + TRACE
            + ",1111111111111111,7e28bdb6a47af144,ts-auth-service-7f8d7d756d-k7b9j,UserRepository.find,130,140,10\n";
    RowErrors errors = new RowErrors();

    ExportTraceServiceRequest request =
        new TraceConverter().convert("08_43_trace.csv.gz", Rows.of(csv, errors), errors);

    assertThat(errors.count()).isZero();
    Map<String, ResourceSpans> byService =
        request.getResourceSpansList().stream()
            .collect(Collectors.toMap(r -> attribute(r, "service.name"), r -> r));
    assertThat(byService).containsOnlyKeys("ts-gateway-service", "ts-auth-service");
    assertThat(attribute(byService.get("ts-auth-service"), "k8s.pod.name"))
        .isEqualTo("ts-auth-service-7f8d7d756d-k7b9j");
    Map<String, Span> spans =
        request.getResourceSpansList().stream()
            .flatMap(r -> r.getScopeSpansList().stream())
            .flatMap(s -> s.getSpansList().stream())
            .collect(Collectors.toMap(Span::getName, s -> s));
    assertThat(spans.get("/*").getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(spans.get("/*").getParentSpanId().isEmpty()).isTrue();
    assertThat(spans.get("HTTP POST").getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(spans.get("/api/v1/users/login").getKind())
        .isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(spans.get("UserRepository.find").getKind())
        .isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
    Span login = spans.get("/api/v1/users/login");
    assertThat(HexFormat.of().formatHex(login.getTraceId().toByteArray())).isEqualTo(TRACE);
    assertThat(HexFormat.of().formatHex(login.getSpanId().toByteArray()))
        .isEqualTo("7e28bdb6a47af144");
    assertThat(HexFormat.of().formatHex(login.getParentSpanId().toByteArray()))
        .isEqualTo("5e89765a7f60ff70");
    assertThat(login.getStartTimeUnixNano()).isEqualTo(120);
    assertThat(login.getEndTimeUnixNano()).isEqualTo(380);
    assertThat(login.getStatus().getCode().getNumber()).isZero(); // the data has no status
  }

  @Test
  void aParentInThePreviousFileStillDecidesTheKindAndUnknownParentsAreCounted() {
    TraceConverter converter = new TraceConverter();
    RowErrors errors = new RowErrors();
    converter.convert(
        "a",
        Rows.of(HEADER + TRACE + ",5e89765a7f60ff70,root,gw-1-a,HTTP GET,1,9,8\n", errors),
        errors);

    ExportTraceServiceRequest next =
        converter.convert(
            "b",
            Rows.of(
                HEADER
                    + TRACE
                    + ",7e28bdb6a47af144,5e89765a7f60ff70,auth-1-a,/login,2,8,6\n"
                    + TRACE
                    + ",2222222222222222,3333333333333333,auth-1-a,/other,2,8,6\n",
                errors),
            errors);

    List<Span> spans = next.getResourceSpans(0).getScopeSpans(0).getSpansList();
    assertThat(spans.get(0).getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(spans.get(1).getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
    assertThat(converter.orphans()).isEqualTo(1);
  }

  @Test
  void malformedRowsAreCountedWithTheirLineAndTheRestIsConverted() {
    String csv =
        HEADER
            + TRACE
            + ",520b067330e3ede5,root,gw-1-a,/*,100,400,300\n"
            + "nothex,520b067330e3ede6,root,gw-1-a,/*,100,400,300\n"
            + TRACE
            + ",520b067330e3ede7,root,gw-1-a,/*,abc,400,300\n"
            + TRACE
            + ",520b067330e3ede8,root,gw-1-a,/*,500,400,300\n"
            + TRACE
            + ",520b067330e3ede9,root,gw-1-a\n"
            + TRACE
            + ",zz0b067330e3ede9,root,gw-1-a,/*,100,400,300\n"
            + TRACE
            + ",520b067330e3edea,root,,/*,100,400,300\n";
    RowErrors errors = new RowErrors();

    ExportTraceServiceRequest request =
        new TraceConverter().convert("t.csv", Rows.of(csv, errors), errors);

    assertThat(request.getResourceSpans(0).getScopeSpans(0).getSpansCount()).isEqualTo(1);
    assertThat(errors.count()).isEqualTo(6);
    assertThat(errors.first())
        .extracting(RowErrors.RowError::line)
        .containsExactly(3L, 4L, 5L, 6L, 7L, 8L);
    assertThat(errors.first().get(0).reason()).contains("TraceID").contains("hex");
    assertThat(errors.first().get(1).reason()).contains("StartTimeUnixNano");
    assertThat(errors.first().get(2).reason()).contains("before");
    assertThat(errors.first().get(3).reason()).contains("expected 8 fields, found 4");
    assertThat(errors.first().get(4).reason()).contains("SpanID");
    assertThat(errors.first().get(5).reason()).contains("PodName");
  }

  @Test
  void aFileWithoutTheNeededColumnsIsRefused() {
    RowErrors errors = new RowErrors();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new TraceConverter().convert("x.csv", Rows.of("a,b\n1,2\n", errors), errors))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x.csv")
        .hasMessageContaining("TraceID");
  }

  static String attribute(ResourceSpans r, String key) {
    return r.getResource().getAttributesList().stream()
        .filter(a -> a.getKey().equals(key))
        .findFirst()
        .orElseThrow()
        .getValue()
        .getStringValue();
  }
}
