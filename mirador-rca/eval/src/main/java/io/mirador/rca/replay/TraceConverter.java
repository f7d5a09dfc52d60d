package io.mirador.rca.replay;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Nezha trace rows ({@code TraceID,SpanID,ParentID,PodName,OperationName,StartTimeUnixNano,
 * EndTimeUnixNano,Duration}) to OTLP spans, one {@link ResourceSpans} per pod.
 *
 * <p>The CSV has no span kind and no status. Kind is derived from the tree: a span whose parent is
 * {@code root} or runs in another pod is SERVER (what a service serves), a span with a child in
 * another pod is CLIENT, the rest INTERNAL. Status stays UNSET: the data does not say whether a
 * span failed. Files are converted in time order and the pods of the previous file's spans are
 * remembered, so a parent in the minute before still decides the kind; a parent found in neither
 * leaves the span INTERNAL and is counted in {@link #orphans()}.
 */
final class TraceConverter {
  static final List<String> COLUMNS =
      List.of(
          "TraceID",
          "SpanID",
          "ParentID",
          "PodName",
          "OperationName",
          "StartTimeUnixNano",
          "EndTimeUnixNano");
  private static final InstrumentationScope SCOPE =
      InstrumentationScope.newBuilder().setName("mirador-rca-eval.nezha-replay").build();

  private record Row(
      ByteString traceId,
      String spanId,
      String parentId,
      String pod,
      String operation,
      long start,
      long end) {}

  private Map<String, String> previousPods = Map.of();
  private long orphans;

  /**
   * Converts the rows of one file; malformed rows are counted in {@code errors} and skipped.
   *
   * @param rows the file's records, header first, with their line numbers
   */
  ExportTraceServiceRequest convert(String file, List<NumberedRow> rows, RowErrors errors) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(file + ": empty, no header");
    }
    Header header = new Header(rows.getFirst().fields(), file, COLUMNS);
    List<Row> spans = new ArrayList<>(rows.size());
    Map<String, String> pods = new HashMap<>(rows.size() * 2);
    for (NumberedRow numbered : rows.subList(1, rows.size())) {
      try {
        Row row = parse(header, numbered.fields());
        spans.add(row);
        pods.put(row.spanId(), row.pod());
      } catch (IllegalArgumentException e) {
        errors.add(file, numbered.line(), e.getMessage());
      }
    }
    Set<String> calledElsewhere = new HashSet<>();
    for (Row row : spans) {
      String parentPod = pods.get(row.parentId());
      if (parentPod != null && !parentPod.equals(row.pod())) {
        calledElsewhere.add(row.parentId());
      }
    }
    Map<String, ScopeSpans.Builder> byPod = new LinkedHashMap<>();
    for (Row row : spans) {
      Span.Builder span =
          Span.newBuilder()
              .setTraceId(row.traceId())
              .setSpanId(Hex.id(row.spanId(), 8, "SpanID"))
              .setName(row.operation())
              .setStartTimeUnixNano(row.start())
              .setEndTimeUnixNano(row.end())
              .setKind(kind(row, pods, calledElsewhere));
      if (!row.parentId().equals("root")) {
        span.setParentSpanId(Hex.id(row.parentId(), 8, "ParentID"));
      }
      byPod.computeIfAbsent(row.pod(), p -> ScopeSpans.newBuilder().setScope(SCOPE)).addSpans(span);
    }
    previousPods = pods;
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    byPod.forEach(
        (pod, scope) ->
            request.addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(Otlp.podResource(pod))
                    .addScopeSpans(scope)));
    return request.build();
  }

  long orphans() {
    return orphans;
  }

  private Span.SpanKind kind(Row row, Map<String, String> pods, Set<String> calledElsewhere) {
    if (row.parentId().equals("root")) {
      return Span.SpanKind.SPAN_KIND_SERVER;
    }
    String parentPod = pods.get(row.parentId());
    if (parentPod == null) {
      parentPod = previousPods.get(row.parentId());
    }
    if (parentPod != null && !parentPod.equals(row.pod())) {
      return Span.SpanKind.SPAN_KIND_SERVER;
    }
    if (parentPod == null) {
      orphans++;
    }
    return calledElsewhere.contains(row.spanId())
        ? Span.SpanKind.SPAN_KIND_CLIENT
        : Span.SpanKind.SPAN_KIND_INTERNAL;
  }

  private static Row parse(Header header, List<String> fields) {
    if (fields.size() != header.size()) {
      throw new IllegalArgumentException(
          "expected " + header.size() + " fields, found " + fields.size());
    }
    String spanId = fields.get(header.of("SpanID"));
    String parentId = fields.get(header.of("ParentID"));
    Hex.id(spanId, 8, "SpanID");
    if (!parentId.equals("root")) {
      Hex.id(parentId, 8, "ParentID");
    }
    String pod = fields.get(header.of("PodName"));
    if (pod.isBlank()) {
      throw new IllegalArgumentException("empty PodName");
    }
    long start = Numbers.nanos(fields.get(header.of("StartTimeUnixNano")), "StartTimeUnixNano");
    long end = Numbers.nanos(fields.get(header.of("EndTimeUnixNano")), "EndTimeUnixNano");
    if (end < start) {
      throw new IllegalArgumentException("EndTimeUnixNano before StartTimeUnixNano");
    }
    return new Row(
        Hex.id(fields.get(header.of("TraceID")), 16, "TraceID"),
        spanId,
        parentId,
        pod,
        fields.get(header.of("OperationName")),
        start,
        end);
  }
}
