package io.mirador.store.clickhouse;

import static io.mirador.store.clickhouse.JsonRows.doubleValue;
import static io.mirador.store.clickhouse.JsonRows.longValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mirador.store.DependencyEdge;
import io.mirador.store.TenantId;
import io.mirador.store.TimeRange;
import java.util.List;

/** Service dependency edges from parent/child spans. */
final class DependencyReads {
  private DependencyReads() {}

  static List<DependencyEdge> edges(
      ClickHouseTransport transport, Sql sql, TenantId tenant, TimeRange range) {
    WhereClause where = WhereClause.tenantAndRange(tenant, range, "Timestamp");
    String spans = " FROM " + sql.table(Schema.TRACES) + " WHERE " + where.sql();
    // On a cluster spans are sharded by trace id, so each shard joins its own spans:
    // distributed_product_mode = 'local' keeps the join local instead of broadcasting.
    byte[] out =
        transport.query(
            "SELECT p.ServiceName AS caller, c.ServiceName AS callee, count() AS calls,"
                + " countIf(c.StatusCode = 'Error') AS errors,"
                + " quantilesDeterministic(0.5, 0.95, 0.99)(c.Duration, cityHash64(c.SpanId)) AS latency"
                + " FROM (SELECT TraceId, SpanId, ServiceName"
                + spans
                + ") AS p INNER JOIN (SELECT TraceId, SpanId, ParentSpanId, ServiceName, Duration,"
                + " StatusCode"
                + spans
                + " AND ParentSpanId != '') AS c"
                + " ON p.TraceId = c.TraceId AND p.SpanId = c.ParentSpanId"
                + " WHERE p.ServiceName != c.ServiceName"
                + " GROUP BY caller, callee ORDER BY caller, callee"
                + " SETTINGS distributed_product_mode = 'local'",
            where.params().build(),
            "JSONEachRow");
    return JsonRows.parse(out).stream().map(DependencyReads::edge).toList();
  }

  private static DependencyEdge edge(JsonNode row) {
    JsonNode latency = row.get("latency");
    return new DependencyEdge(
        row.get("caller").asText(),
        row.get("callee").asText(),
        longValue(row.get("calls")),
        longValue(row.get("errors")),
        doubleValue(latency.get(0)),
        doubleValue(latency.get(1)),
        doubleValue(latency.get(2)));
  }
}
