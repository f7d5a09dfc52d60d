package io.mirador.store.clickhouse;

import static io.mirador.store.clickhouse.JsonRows.doubleValue;
import static io.mirador.store.clickhouse.JsonRows.longValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mirador.store.FeatureQuery;
import io.mirador.store.LogPatternMinute;
import io.mirador.store.OperationMinute;
import io.mirador.store.TelemetryStore;
import java.util.List;

/** Finer RCA features: per-operation span figures and per-pattern log counts, per minute. */
final class OperationReads {
  private OperationReads() {}

  static List<OperationMinute> operations(
      ClickHouseTransport transport, Sql sql, FeatureQuery query) {
    WhereClause where = WhereClause.tenantAndRange(query.tenant(), query.range(), "Timestamp");
    byte[] out =
        transport.query(
            "SELECT ServiceName AS service, SpanName AS operation, SpanKind AS kind,"
                + " toUnixTimestamp(toStartOfMinute(Timestamp)) AS minute, count() AS spans,"
                + " countIf(StatusCode = 'Error') AS errors,"
                + " quantiles(0.5, 0.95)(Duration) AS latency FROM "
                + sql.table(Schema.TRACES)
                + " WHERE "
                + where.sql()
                + " GROUP BY service, operation, kind, minute"
                + " ORDER BY service, operation, kind, minute",
            where.params().build(),
            "JSONEachRow");
    return JsonRows.parse(out).stream()
        .map(
            row -> {
              JsonNode latency = row.get("latency");
              return new OperationMinute(
                  row.get("service").asText(),
                  row.get("operation").asText(),
                  row.get("kind").asText(),
                  longValue(row.get("minute")) * 1_000_000_000L,
                  longValue(row.get("spans")),
                  longValue(row.get("errors")),
                  doubleValue(latency.get(0)),
                  doubleValue(latency.get(1)));
            })
        .toList();
  }

  static List<LogPatternMinute> logPatterns(
      ClickHouseTransport transport, Sql sql, FeatureQuery query) {
    WhereClause where = WhereClause.tenantAndRange(query.tenant(), query.range(), "Timestamp");
    // Hex runs of 8+ (trace, span and object ids, UUIDs) first, then any digits.
    byte[] out =
        transport.query(
            "SELECT ServiceName AS service, leftUTF8(replaceRegexpAll(replaceRegexpAll(Body,"
                + " '[0-9A-Fa-f][0-9A-Fa-f-]{7,}', '<H>'), '[0-9]+', '<N>'), "
                + LogPatternMinute.PATTERN_CHARS
                + ") AS pattern, SeverityNumber AS severity,"
                + " toUnixTimestamp(toStartOfMinute(Timestamp)) AS minute, count() AS records FROM "
                + sql.table(Schema.LOGS)
                + " WHERE "
                + where.sql()
                + " GROUP BY service, minute, pattern, severity"
                + " ORDER BY service, minute, pattern, severity LIMIT "
                + TelemetryStore.MAX_LOG_PATTERN_ROWS,
            where.params().build(),
            "JSONEachRow");
    return JsonRows.parse(out).stream()
        .map(
            row ->
                new LogPatternMinute(
                    row.get("service").asText(),
                    row.get("pattern").asText(),
                    (int) longValue(row.get("severity")),
                    longValue(row.get("minute")) * 1_000_000_000L,
                    longValue(row.get("records"))))
        .toList();
  }
}
