package io.mirador.store.clickhouse;

import static io.mirador.store.clickhouse.AttributeValues.writeHexId;
import static io.mirador.store.clickhouse.AttributeValues.writeMap;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.List;

/** Encodes OTLP spans as rows of {@code otel_traces}. */
final class SpanRows {
  static final List<String> COLUMNS =
      List.of(
          "TenantId",
          "RetentionDays",
          "Timestamp",
          "TraceId",
          "SpanId",
          "ParentSpanId",
          "TraceState",
          "SpanName",
          "SpanKind",
          "ServiceName",
          "ResourceAttributes",
          "ScopeName",
          "ScopeVersion",
          "SpanAttributes",
          "Duration",
          "StatusCode",
          "StatusMessage",
          "Events.Timestamp",
          "Events.Name",
          "Events.Attributes",
          "Links.TraceId",
          "Links.SpanId",
          "Links.TraceState",
          "Links.Attributes");

  private SpanRows() {}

  /** Writes every span of {@code resourceSpans}; returns the number of rows. */
  static int write(RowSink sink, String tenant, int retentionDays, ResourceSpans resourceSpans) {
    String service = ServiceNames.of(resourceSpans.getResource());
    int rows = 0;
    for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
      for (Span span : scopeSpans.getSpansList()) {
        sink.beginRow();
        sink.string(tenant);
        sink.uint16(retentionDays);
        sink.dateTime64Nanos(span.getStartTimeUnixNano());
        writeHexId(sink, span.getTraceId());
        writeHexId(sink, span.getSpanId());
        writeHexId(sink, span.getParentSpanId());
        sink.string(span.getTraceState());
        sink.string(span.getName());
        sink.string(kind(span.getKind()));
        sink.string(service);
        writeMap(sink, resourceSpans.getResource().getAttributesList());
        sink.string(scopeSpans.getScope().getName());
        sink.string(scopeSpans.getScope().getVersion());
        writeMap(sink, span.getAttributesList());
        long duration = span.getEndTimeUnixNano() - span.getStartTimeUnixNano();
        sink.uint64(Math.max(0, duration));
        sink.string(statusCode(span.getStatus().getCode()));
        sink.string(span.getStatus().getMessage());
        writeEvents(sink, span.getEventsList());
        writeLinks(sink, span.getLinksList());
        sink.endRow();
        rows++;
      }
    }
    return rows;
  }

  private static void writeEvents(RowSink sink, List<Span.Event> events) {
    sink.beginArray(events.size());
    for (Span.Event event : events) {
      sink.dateTime64Nanos(event.getTimeUnixNano());
    }
    sink.endArray();
    sink.beginArray(events.size());
    for (Span.Event event : events) {
      sink.string(event.getName());
    }
    sink.endArray();
    sink.beginArray(events.size());
    for (Span.Event event : events) {
      writeMap(sink, event.getAttributesList());
    }
    sink.endArray();
  }

  private static void writeLinks(RowSink sink, List<Span.Link> links) {
    sink.beginArray(links.size());
    for (Span.Link link : links) {
      writeHexId(sink, link.getTraceId());
    }
    sink.endArray();
    sink.beginArray(links.size());
    for (Span.Link link : links) {
      writeHexId(sink, link.getSpanId());
    }
    sink.endArray();
    sink.beginArray(links.size());
    for (Span.Link link : links) {
      sink.string(link.getTraceState());
    }
    sink.endArray();
    sink.beginArray(links.size());
    for (Span.Link link : links) {
      writeMap(sink, link.getAttributesList());
    }
    sink.endArray();
  }

  /** The exporter's names: Unspecified, Internal, Server, Client, Producer, Consumer. */
  static String kind(Span.SpanKind kind) {
    return switch (kind) {
      case SPAN_KIND_INTERNAL -> "Internal";
      case SPAN_KIND_SERVER -> "Server";
      case SPAN_KIND_CLIENT -> "Client";
      case SPAN_KIND_PRODUCER -> "Producer";
      case SPAN_KIND_CONSUMER -> "Consumer";
      case SPAN_KIND_UNSPECIFIED, UNRECOGNIZED -> "Unspecified";
    };
  }

  /** The exporter's names: Unset, Ok, Error. */
  static String statusCode(Status.StatusCode code) {
    return switch (code) {
      case STATUS_CODE_OK -> "Ok";
      case STATUS_CODE_ERROR -> "Error";
      case STATUS_CODE_UNSET, UNRECOGNIZED -> "Unset";
    };
  }
}
