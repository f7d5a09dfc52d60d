package io.mirador.store.clickhouse;

import static io.mirador.store.clickhouse.JsonRows.longValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mirador.store.MetricType;
import io.mirador.store.StoredText;
import io.mirador.store.TenantId;
import io.mirador.store.TextScan;
import io.mirador.store.TimeRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads every text value of a tenant's stored telemetry for a PII scan, in pages of at most {@link
 * #PAGE} rows so that memory stays bounded whatever the range holds. Pages follow the time column:
 * a first aggregate counts the rows per minute, consecutive minutes are grouped into windows of at
 * most {@link #PAGE} rows, and each window is read in one query; a minute with more rows is read in
 * several pages of a total order (LIMIT/OFFSET within that minute only). Every read is scoped to
 * the tenant and the range by {@link WhereClause}.
 */
final class TextScanReads {
  static final int PAGE = 5_000;

  /** One table to scan: what to select and how to hand its rows over. */
  private record Source(
      String table, String timeColumn, String columns, String order, RowReader reader) {}

  @FunctionalInterface
  private interface RowReader {
    /** Hands the row's values to the scan; returns false once the value limit is reached. */
    boolean read(JsonNode row, Scan scan);
  }

  /** The running state of one scan. */
  private static final class Scan {
    final long maxValues;
    final Consumer<StoredText> visitor;
    long spans;
    long logs;
    long points;
    long values;
    boolean truncated;

    Scan(long maxValues, Consumer<StoredText> visitor) {
      this.maxValues = maxValues;
      this.visitor = visitor;
    }

    boolean full() {
      return values >= maxValues;
    }

    void text(
        String signal, String location, String key, String value, long ts, String t, String s) {
      if (value.isEmpty() || full()) {
        return;
      }
      values++;
      visitor.accept(new StoredText(signal, location, key, value, ts, t, s));
    }

    void map(String signal, String location, JsonNode map, long ts, String t, String s) {
      if (map == null) {
        return;
      }
      for (Map.Entry<String, JsonNode> e : map.properties()) {
        text(signal, location, e.getKey(), e.getValue().asText(), ts, t, s);
      }
    }

    void maps(String signal, String location, JsonNode array, long ts, String t, String s) {
      if (array != null) {
        for (JsonNode map : array) {
          map(signal, location, map, ts, t, s);
        }
      }
    }
  }

  private TextScanReads() {}

  static TextScan scan(
      ClickHouseTransport transport,
      Sql sql,
      TenantId tenant,
      TimeRange range,
      long maxValues,
      Consumer<StoredText> visitor) {
    if (maxValues < 1) {
      throw new IllegalArgumentException("maxValues must be positive");
    }
    Scan scan = new Scan(maxValues, visitor);
    for (Source source : sources(sql)) {
      if (!scanTable(transport, source, tenant, range, scan)) {
        scan.truncated = true;
        break;
      }
    }
    return new TextScan(scan.spans, scan.logs, scan.points, scan.values, scan.truncated);
  }

  private static List<Source> sources(Sql sql) {
    List<Source> sources = new ArrayList<>();
    sources.add(
        new Source(
            sql.table(Schema.TRACES),
            "Timestamp",
            "toUnixTimestamp64Nano(Timestamp) AS ts, TraceId, SpanId, SpanName, StatusMessage,"
                + " ResourceAttributes, SpanAttributes, Events.Name AS EventNames,"
                + " Events.Attributes AS EventAttributes, Links.Attributes AS LinkAttributes",
            "Timestamp, TraceId, SpanId",
            TextScanReads::span));
    sources.add(
        new Source(
            sql.table(Schema.LOGS),
            "Timestamp",
            "toUnixTimestamp64Nano(Timestamp) AS ts, TraceId, SpanId, Body, ResourceAttributes,"
                + " ScopeAttributes, LogAttributes",
            "Timestamp, TraceId, SpanId, cityHash64(Body, LogAttributes)",
            TextScanReads::log));
    for (MetricType type : MetricType.values()) {
      String exemplars =
          type == MetricType.SUMMARY ? "" : ", Exemplars.FilteredAttributes AS ExemplarAttributes";
      sources.add(
          new Source(
              sql.table(type.table()),
              "TimeUnix",
              "toUnixTimestamp64Nano(TimeUnix) AS ts, ResourceAttributes, ScopeAttributes,"
                  + " Attributes"
                  + exemplars,
              "TimeUnix, ServiceName, MetricName, cityHash64(Attributes)",
              TextScanReads::point));
    }
    return sources;
  }

  private static boolean span(JsonNode row, Scan scan) {
    long ts = longValue(row.get("ts"));
    String t = row.get("TraceId").asText();
    String s = row.get("SpanId").asText();
    scan.spans++;
    scan.text("traces", "span_name", null, row.get("SpanName").asText(), ts, t, s);
    scan.text("traces", "span_status", null, row.get("StatusMessage").asText(), ts, t, s);
    scan.map("traces", "resource_attribute", row.get("ResourceAttributes"), ts, t, s);
    scan.map("traces", "span_attribute", row.get("SpanAttributes"), ts, t, s);
    JsonNode names = row.get("EventNames");
    if (names != null) {
      for (JsonNode name : names) {
        scan.text("traces", "span_event", null, name.asText(), ts, t, s);
      }
    }
    scan.maps("traces", "span_event", row.get("EventAttributes"), ts, t, s);
    scan.maps("traces", "span_link", row.get("LinkAttributes"), ts, t, s);
    return !scan.full();
  }

  private static boolean log(JsonNode row, Scan scan) {
    long ts = longValue(row.get("ts"));
    String t = row.get("TraceId").asText();
    String s = row.get("SpanId").asText();
    scan.logs++;
    scan.text("logs", "log_body", null, row.get("Body").asText(), ts, t, s);
    scan.map("logs", "resource_attribute", row.get("ResourceAttributes"), ts, t, s);
    scan.map("logs", "scope_attribute", row.get("ScopeAttributes"), ts, t, s);
    scan.map("logs", "log_attribute", row.get("LogAttributes"), ts, t, s);
    return !scan.full();
  }

  private static boolean point(JsonNode row, Scan scan) {
    long ts = longValue(row.get("ts"));
    scan.points++;
    scan.map("metrics", "resource_attribute", row.get("ResourceAttributes"), ts, "", "");
    scan.map("metrics", "scope_attribute", row.get("ScopeAttributes"), ts, "", "");
    scan.map("metrics", "metric_attribute", row.get("Attributes"), ts, "", "");
    scan.maps("metrics", "exemplar_attribute", row.get("ExemplarAttributes"), ts, "", "");
    return !scan.full();
  }

  /** Scans one table; false when the value limit stopped it before its end. */
  private static boolean scanTable(
      ClickHouseTransport transport, Source source, TenantId tenant, TimeRange range, Scan scan) {
    WhereClause all = WhereClause.tenantAndRange(tenant, range, source.timeColumn());
    List<JsonNode> minutes =
        JsonRows.parse(
            transport.query(
                "SELECT toUnixTimestamp(toStartOfMinute("
                    + source.timeColumn()
                    + ")) AS m, count() AS c FROM "
                    + source.table()
                    + " WHERE "
                    + all.sql()
                    + " GROUP BY m ORDER BY m",
                all.params().build(),
                "JSONEachRow"));
    int i = 0;
    while (i < minutes.size()) {
      long windowStart = longValue(minutes.get(i).get("m"));
      long rows = longValue(minutes.get(i).get("c"));
      int j = i + 1;
      while (j < minutes.size() && rows + longValue(minutes.get(j).get("c")) <= PAGE) {
        rows += longValue(minutes.get(j).get("c"));
        j++;
      }
      long windowEnd = longValue(minutes.get(j - 1).get("m")) + 60;
      TimeRange window =
          TimeRange.of(
              max(range.from(), java.time.Instant.ofEpochSecond(windowStart)),
              min(range.to(), java.time.Instant.ofEpochSecond(windowEnd)));
      for (long offset = 0; offset < rows; offset += PAGE) {
        if (scan.full()) {
          return false;
        }
        WhereClause where = WhereClause.tenantAndRange(tenant, window, source.timeColumn());
        List<JsonNode> page =
            JsonRows.parse(
                transport.query(
                    "SELECT "
                        + source.columns()
                        + " FROM "
                        + source.table()
                        + " WHERE "
                        + where.sql()
                        + " ORDER BY "
                        + source.order()
                        + " LIMIT "
                        + PAGE
                        + " OFFSET "
                        + offset,
                    where.params().build(),
                    "JSONEachRow"));
        for (JsonNode row : page) {
          if (!source.reader().read(row, scan)) {
            return false;
          }
        }
      }
      i = j;
    }
    return true;
  }

  private static java.time.Instant max(java.time.Instant a, java.time.Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static java.time.Instant min(java.time.Instant a, java.time.Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
