package io.mirador.store;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One trace found by {@link TelemetryStore#searchTraces}, summarised over all of its stored spans
 * (not only those that matched). Times are nanoseconds since the epoch.
 *
 * @param startTimeUnixNano the earliest span start
 * @param durationNanos the latest span end minus the earliest start
 * @param rootServiceName service of the span without a parent; empty when that span is not stored
 * @param rootSpanName name of that span; empty when it is not stored
 * @param services the services with spans in the trace, sorted (at most {@link #MAX_SERVICES})
 */
public record TraceSummary(
    String traceId,
    long startTimeUnixNano,
    long durationNanos,
    int spanCount,
    int errorSpanCount,
    String rootServiceName,
    String rootSpanName,
    List<String> services) {

  /** The most services a summary lists. */
  public static final int MAX_SERVICES = 100;

  public TraceSummary {
    Ids.requireTraceId(traceId);
    requireNonNull(rootServiceName, "rootServiceName");
    requireNonNull(rootSpanName, "rootSpanName");
    services = List.copyOf(services);
  }
}
