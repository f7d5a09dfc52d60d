package io.mirador.store.clickhouse;

import static io.mirador.store.clickhouse.JsonRows.doubleValue;
import static io.mirador.store.clickhouse.JsonRows.longValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mirador.store.EdgeLatencyMinute;
import io.mirador.store.FeatureQuery;
import io.mirador.store.TelemetryStore;
import java.util.List;

/** Calls decomposed per edge and minute: wire gap against the callee's server time. */
final class EdgeReads {
  private EdgeReads() {}

  static List<EdgeLatencyMinute> edgeLatencies(
      ClickHouseTransport transport, Sql sql, FeatureQuery query) {
    WhereClause where = WhereClause.tenantAndRange(query.tenant(), query.range(), "Timestamp");
    String table = sql.table(Schema.TRACES);
    // A call is a client span and its child in another service (the server span of the callee);
    // a client span whose callee sent nothing joins nothing and is not a measured call. A call
    // repeats an earlier one when the same caller span (a root client span is its own) called the
    // same callee operation before it: calls minus the distinct (caller span, operation) pairs.
    String calls =
        "SELECT c.ServiceName AS caller, s.ServiceName AS callee, c.SpanId AS span,"
            + " c.TraceId AS trace, c.Timestamp AS time, c.Duration AS client,"
            + " s.Duration AS server,"
            + " (c.TraceId, if(c.ParentSpanId = '', c.SpanId, c.ParentSpanId), s.SpanName) AS asked"
            + " FROM (SELECT TraceId, SpanId, ParentSpanId, ServiceName, Timestamp, Duration FROM "
            + table
            + " WHERE "
            + where.sql()
            + " AND SpanKind = 'Client') AS c"
            + " INNER JOIN (SELECT TraceId, ParentSpanId, ServiceName, SpanName, Duration FROM "
            + table
            + " WHERE "
            + where.sql()
            + " AND ParentSpanId != '') AS s"
            + " ON c.TraceId = s.TraceId AND c.SpanId = s.ParentSpanId"
            + " WHERE c.ServiceName != s.ServiceName";
    byte[] out =
        transport.query(
            "SELECT caller, callee, toUnixTimestamp(toStartOfMinute(time)) AS minute,"
                + " count() AS calls, count() - uniqExact(asked) AS repeats,"
                + " quantilesDeterministic(0.5, 0.95)(greatest(toInt64(client) - toInt64(server),"
                + " 0), cityHash64(span)) AS gap,"
                + " quantilesDeterministic(0.5, 0.95)(server, cityHash64(span)) AS served,"
                + " argMax(trace, (client, span)) AS slowest_trace, max(client) AS slowest"
                + " FROM ("
                + calls
                + ") GROUP BY caller, callee, minute ORDER BY caller, callee, minute LIMIT "
                + TelemetryStore.MAX_LOG_PATTERN_ROWS
                + " SETTINGS distributed_product_mode = 'local'",
            where.params().build(),
            "JSONEachRow");
    return JsonRows.parse(out).stream()
        .map(
            row -> {
              JsonNode gap = row.get("gap");
              JsonNode served = row.get("served");
              return new EdgeLatencyMinute(
                  row.get("caller").asText(),
                  row.get("callee").asText(),
                  longValue(row.get("minute")) * 1_000_000_000L,
                  longValue(row.get("calls")),
                  longValue(row.get("repeats")),
                  doubleValue(gap.get(0)),
                  doubleValue(gap.get(1)),
                  doubleValue(served.get(0)),
                  doubleValue(served.get(1)),
                  row.get("slowest_trace").asText(),
                  doubleValue(row.get("slowest")));
            })
        .toList();
  }
}
