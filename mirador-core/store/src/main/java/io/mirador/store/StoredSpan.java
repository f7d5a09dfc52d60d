package io.mirador.store;

import java.util.List;
import java.util.Map;

/**
 * A span as the store holds it (one row of {@code otel_traces}). Ids are lower-case hex; times are
 * nanoseconds since the epoch; attribute values are strings, as the exporter's schema keeps them.
 */
public record StoredSpan(
    long startTimeUnixNano,
    String traceId,
    String spanId,
    String parentSpanId,
    String traceState,
    String name,
    String kind,
    String serviceName,
    Map<String, String> resourceAttributes,
    String scopeName,
    String scopeVersion,
    Map<String, String> attributes,
    long durationNanos,
    String statusCode,
    String statusMessage,
    List<Event> events,
    List<Link> links) {

  public StoredSpan {
    resourceAttributes = Map.copyOf(resourceAttributes);
    attributes = Map.copyOf(attributes);
    events = List.copyOf(events);
    links = List.copyOf(links);
  }

  /** A span event. */
  public record Event(long timeUnixNano, String name, Map<String, String> attributes) {
    public Event {
      attributes = Map.copyOf(attributes);
    }
  }

  /** A link to another span. */
  public record Link(
      String traceId, String spanId, String traceState, Map<String, String> attributes) {
    public Link {
      attributes = Map.copyOf(attributes);
    }
  }
}
