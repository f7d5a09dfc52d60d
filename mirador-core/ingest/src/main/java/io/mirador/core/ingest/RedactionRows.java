package io.mirador.core.ingest;

import io.mirador.pii.RedactionCounts;
import io.mirador.store.RedactionMinute;
import io.mirador.store.TenantId;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The redaction counts of one batch as store rows: the {@code mirador.redaction.*} counters of
 * every resource the core stores (the agent's pass and the core's, summed on the resource), summed
 * per signal, location, source and action, stamped with the minute the core stores them in. Only
 * fixed names leave here: counters that name an unknown source, action or location are refused (and
 * counted by the caller), never stored.
 */
final class RedactionRows {
  private RedactionRows() {}

  /** The rows and how many counter attributes were refused. */
  record Rows(List<RedactionMinute> rows, int rejected) {
    static final Rows NONE = new Rows(List.of(), 0);
  }

  /** One sum key within a write. */
  private record Key(
      TenantId tenant,
      Instant minute,
      String signal,
      String location,
      String source,
      String action) {}

  static Rows of(TenantId tenant, List<?> resources, Instant now) {
    Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
    Map<Key, Long> sums = new LinkedHashMap<>();
    int rejected = 0;
    for (Object resource : resources) {
      RedactionCounts.Parsed parsed =
          switch (resource) {
            case ResourceSpans rs ->
                parse(rs.getResource().getAttributesList(), RedactionCounts.Signal.TRACES);
            case ResourceLogs rl ->
                parse(rl.getResource().getAttributesList(), RedactionCounts.Signal.LOGS);
            case ResourceMetrics rm ->
                parse(rm.getResource().getAttributesList(), RedactionCounts.Signal.METRICS);
            default -> throw new IllegalArgumentException("not an OTLP resource");
          };
      rejected += parsed.rejected();
      for (RedactionCounts.Entry e : parsed.counts().entries()) {
        sums.merge(
            new Key(
                tenant,
                minute,
                e.signal().label(),
                e.location().label(),
                e.source(),
                e.action().configName()),
            e.count(),
            RedactionRows::saturatedSum);
      }
    }
    if (sums.isEmpty() && rejected == 0) {
      return Rows.NONE;
    }
    return new Rows(rows(sums), rejected);
  }

  private static RedactionCounts.Parsed parse(
      List<KeyValue> attributes, RedactionCounts.Signal signal) {
    return RedactionCounts.fromAttributes(attributes, signal);
  }

  /**
   * Sums the rows of several batches that are written together: one row per tenant, minute and
   * kind, so a write holds at most a few dozen rows.
   */
  static List<RedactionMinute> merge(List<List<RedactionMinute>> batches) {
    Map<Key, Long> sums = new LinkedHashMap<>();
    for (List<RedactionMinute> batch : batches) {
      for (RedactionMinute r : batch) {
        sums.merge(
            new Key(r.tenant(), r.minute(), r.signal(), r.location(), r.source(), r.action()),
            r.count(),
            RedactionRows::saturatedSum);
      }
    }
    return rows(sums);
  }

  private static List<RedactionMinute> rows(Map<Key, Long> sums) {
    List<RedactionMinute> rows = new ArrayList<>(sums.size());
    for (Map.Entry<Key, Long> e : sums.entrySet()) {
      Key k = e.getKey();
      rows.add(
          new RedactionMinute(
              k.tenant(),
              k.minute(),
              k.signal(),
              k.location(),
              k.source(),
              k.action(),
              e.getValue()));
    }
    return rows;
  }

  private static long saturatedSum(long a, long b) {
    long s = a + b;
    return s < 0 ? Long.MAX_VALUE : s;
  }
}
