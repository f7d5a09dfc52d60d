package io.mirador.store.clickhouse;

import static io.mirador.store.clickhouse.JsonRows.longValue;
import static io.mirador.store.clickhouse.JsonRows.stringMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.mirador.store.Ids;
import io.mirador.store.Page;
import io.mirador.store.SpanQuery;
import io.mirador.store.StoredSpan;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TenantId;
import io.mirador.store.TraceSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Trace by id, span search and trace search. */
final class SpanReads {
  private static final String COLUMNS =
      "toUnixTimestamp64Nano(Timestamp) AS ts, TraceId, SpanId, ParentSpanId, TraceState,"
          + " SpanName, SpanKind, ServiceName, ResourceAttributes, ScopeName, ScopeVersion,"
          + " SpanAttributes, Duration, StatusCode, StatusMessage,"
          + " arrayMap(t -> toUnixTimestamp64Nano(t), Events.Timestamp) AS EventTimes,"
          + " Events.Name AS EventNames, Events.Attributes AS EventAttributes,"
          + " Links.TraceId AS LinkTraceIds, Links.SpanId AS LinkSpanIds,"
          + " Links.TraceState AS LinkTraceStates, Links.Attributes AS LinkAttributes";

  private static final String SPAN_KEY = "concat(TraceId, SpanId)";

  private SpanReads() {}

  static List<StoredSpan> trace(
      ClickHouseTransport transport, Sql sql, TenantId tenant, String traceId) {
    Ids.requireTraceId(traceId);
    QueryParameters params =
        QueryParameters.builder()
            .add("tenant", tenant.value())
            .add("trace", traceId)
            .add("limit", TelemetryStore.MAX_TRACE_SPANS)
            .build();
    // The lookup table gives the trace's time span, a constant by the time the main query is
    // planned, so only the partitions and granules of that span are read (as the exporter's
    // readers do), in one statement.
    byte[] out =
        transport.query(
            "WITH (SELECT (min(Start), max(End)) FROM "
                + sql.table(Schema.TRACE_ID_TS)
                + " WHERE TenantId = {tenant:String} AND TraceId = {trace:String}) AS bounds"
                + " SELECT "
                + COLUMNS
                + " FROM "
                + sql.table(Schema.TRACES)
                + " WHERE TenantId = {tenant:String} AND TraceId = {trace:String}"
                + " AND toDateTime(Timestamp) >= bounds.1 AND toDateTime(Timestamp) <= bounds.2"
                + " ORDER BY Timestamp, SpanId LIMIT {limit:UInt32}",
            params,
            "JSONEachRow");
    return JsonRows.parse(out).stream().map(SpanReads::span).toList();
  }

  /** The query's span criteria, without paging. */
  private static WhereClause matching(SpanQuery query) {
    return WhereClause.tenantAndRange(query.tenant(), query.range(), "Timestamp")
        .and(query.service(), "ServiceName = {service:String}", "service")
        .and(query.operation(), "SpanName = {operation:String}", "operation")
        .and(query.statusCode(), "StatusCode = {status:String}", "status")
        .and(
            query.minDurationNanos().map(d -> Math.max(0, d)),
            "Duration >= {minDuration:UInt64}",
            "minDuration")
        .and(
            query.maxDurationNanos().map(d -> Math.max(0, d)),
            "Duration <= {maxDuration:UInt64}",
            "maxDuration")
        .attributes("SpanAttributes", query.attributes());
  }

  static Page<StoredSpan> search(ClickHouseTransport transport, Sql sql, SpanQuery query) {
    WhereClause where =
        matching(query)
            // Newest first; (Timestamp, TraceId || SpanId) is unique per span.
            .after(query.cursor(), "Timestamp", SPAN_KEY)
            .bind("limit", query.limit() + 1);
    byte[] out =
        transport.query(
            "SELECT "
                + COLUMNS
                + " FROM "
                + sql.table(Schema.TRACES)
                + " WHERE "
                + where.sql()
                + " ORDER BY Timestamp DESC, "
                + SPAN_KEY
                + " DESC LIMIT {limit:UInt32}",
            where.params().build(),
            "JSONEachRow");
    List<StoredSpan> spans = new ArrayList<>();
    for (JsonNode row : JsonRows.parse(out)) {
      spans.add(span(row));
    }
    Optional<String> next = Optional.empty();
    if (spans.size() > query.limit()) {
      spans = spans.subList(0, query.limit());
      StoredSpan last = spans.getLast();
      next = Optional.of(Cursors.encode(last.startTimeUnixNano(), last.traceId() + last.spanId()));
    }
    return new Page<>(spans, next);
  }

  /**
   * Two statements: the page of matching trace ids (newest latest match first, keyset on that time
   * and the id), then the summaries of exactly those traces over all of their spans, bounded by the
   * trace-id lookup table as in {@link #trace}.
   */
  static Page<TraceSummary> searchTraces(ClickHouseTransport transport, Sql sql, SpanQuery query) {
    WhereClause where = matching(query).bind("limit", query.limit() + 1);
    String having =
        query
            .cursor()
            .map(c -> " HAVING " + where.keysetBelow(c, "max(Timestamp)", "TraceId"))
            .orElse("");
    byte[] matched =
        transport.query(
            "SELECT TraceId, toUnixTimestamp64Nano(max(Timestamp)) AS last FROM "
                + sql.table(Schema.TRACES)
                + " WHERE "
                + where.sql()
                + " GROUP BY TraceId"
                + having
                + " ORDER BY last DESC, TraceId DESC LIMIT {limit:UInt32}",
            where.params().build(),
            "JSONEachRow");
    List<String> ids = new ArrayList<>();
    List<Long> lastMatches = new ArrayList<>();
    for (JsonNode row : JsonRows.parse(matched)) {
      ids.add(row.get("TraceId").asText());
      lastMatches.add(longValue(row.get("last")));
    }
    Optional<String> next = Optional.empty();
    if (ids.size() > query.limit()) {
      ids = ids.subList(0, query.limit());
      next = Optional.of(Cursors.encode(lastMatches.get(query.limit() - 1), ids.getLast()));
    }
    if (ids.isEmpty()) {
      return new Page<>(List.of(), next);
    }
    QueryParameters params =
        QueryParameters.builder()
            .add("tenant", query.tenant().value())
            .add("ids", arrayOfIds(ids))
            .build();
    byte[] out =
        transport.query(
            "WITH (SELECT (min(Start), max(End)) FROM "
                + sql.table(Schema.TRACE_ID_TS)
                + " WHERE TenantId = {tenant:String} AND TraceId IN {ids:Array(String)})"
                + " AS bounds"
                + " SELECT TraceId, toUnixTimestamp64Nano(min(Timestamp)) AS start,"
                + " max(toUnixTimestamp64Nano(Timestamp) + toInt64(Duration)) AS end,"
                + " count() AS spans, countIf(StatusCode = 'Error') AS errors,"
                + " anyIf(ServiceName, ParentSpanId = '') AS rootService,"
                + " anyIf(SpanName, ParentSpanId = '') AS rootName,"
                + " arraySort(groupUniqArray("
                + TraceSummary.MAX_SERVICES
                + ")(toString(ServiceName))) AS services"
                + " FROM "
                + sql.table(Schema.TRACES)
                + " WHERE TenantId = {tenant:String} AND TraceId IN {ids:Array(String)}"
                + " AND toDateTime(Timestamp) >= bounds.1 AND toDateTime(Timestamp) <= bounds.2"
                + " GROUP BY TraceId",
            params,
            "JSONEachRow");
    Map<String, TraceSummary> byId = new HashMap<>();
    for (JsonNode row : JsonRows.parse(out)) {
      long start = longValue(row.get("start"));
      List<String> services = new ArrayList<>();
      row.get("services").forEach(s -> services.add(s.asText()));
      byId.put(
          row.get("TraceId").asText(),
          new TraceSummary(
              row.get("TraceId").asText(),
              start,
              Math.max(0, longValue(row.get("end")) - start),
              (int) longValue(row.get("spans")),
              (int) longValue(row.get("errors")),
              row.get("rootService").asText(),
              row.get("rootName").asText(),
              services));
    }
    // A trace deleted (erased, expired) between the two statements is left out of the page.
    List<TraceSummary> page = new ArrayList<>(ids.size());
    for (String id : ids) {
      TraceSummary summary = byId.get(id);
      if (summary != null) {
        page.add(summary);
      }
    }
    return new Page<>(page, next);
  }

  /**
   * An Array(String) parameter of trace ids, each checked to be 32 hex digits (no quoting needed).
   */
  private static String arrayOfIds(List<String> ids) {
    StringBuilder out = new StringBuilder("[");
    for (String id : ids) {
      out.append(out.length() > 1 ? ",'" : "'").append(Ids.requireTraceId(id)).append('\'');
    }
    return out.append(']').toString();
  }

  private static StoredSpan span(JsonNode row) {
    List<StoredSpan.Event> events = new ArrayList<>();
    JsonNode times = row.get("EventTimes");
    for (int e = 0; e < times.size(); e++) {
      events.add(
          new StoredSpan.Event(
              longValue(times.get(e)),
              row.get("EventNames").get(e).asText(),
              stringMap(row.get("EventAttributes").get(e))));
    }
    List<StoredSpan.Link> links = new ArrayList<>();
    JsonNode linkTraceIds = row.get("LinkTraceIds");
    for (int l = 0; l < linkTraceIds.size(); l++) {
      links.add(
          new StoredSpan.Link(
              linkTraceIds.get(l).asText(),
              row.get("LinkSpanIds").get(l).asText(),
              row.get("LinkTraceStates").get(l).asText(),
              stringMap(row.get("LinkAttributes").get(l))));
    }
    return new StoredSpan(
        longValue(row.get("ts")),
        row.get("TraceId").asText(),
        row.get("SpanId").asText(),
        row.get("ParentSpanId").asText(),
        row.get("TraceState").asText(),
        row.get("SpanName").asText(),
        row.get("SpanKind").asText(),
        row.get("ServiceName").asText(),
        stringMap(row.get("ResourceAttributes")),
        row.get("ScopeName").asText(),
        row.get("ScopeVersion").asText(),
        stringMap(row.get("SpanAttributes")),
        longValue(row.get("Duration")),
        row.get("StatusCode").asText(),
        row.get("StatusMessage").asText(),
        events,
        links);
  }
}
