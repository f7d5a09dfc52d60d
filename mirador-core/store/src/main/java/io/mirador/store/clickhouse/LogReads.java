package io.mirador.store.clickhouse;

import static io.mirador.store.clickhouse.JsonRows.longValue;
import static io.mirador.store.clickhouse.JsonRows.stringMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.mirador.store.LogQuery;
import io.mirador.store.Page;
import io.mirador.store.StoredLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Log search. */
final class LogReads {
  // Logs have no id: the tie-break after the timestamp is a hash of the record's content, so a
  // page boundary between records of the same nanosecond neither repeats nor skips one (except
  // exact duplicates, which are indistinguishable anyway).
  private static final String ROW_KEY =
      "lower(hex(cityHash64(TraceId, SpanId, SeverityNumber, Body, LogAttributes)))";

  private LogReads() {}

  static Page<StoredLog> search(ClickHouseTransport transport, Sql sql, LogQuery query) {
    WhereClause where =
        WhereClause.tenantAndRange(query.tenant(), query.range(), "Timestamp")
            .and(query.service(), "ServiceName = {service:String}", "service")
            .and(query.minSeverityNumber(), "SeverityNumber >= {severity:UInt8}", "severity")
            .and(
                query.bodyContains(),
                "positionCaseInsensitiveUTF8(Body, {body:String}) > 0",
                "body")
            .and(query.traceId(), "TraceId = {trace:String}", "trace")
            .after(query.cursor(), "Timestamp", ROW_KEY)
            .bind("limit", query.limit() + 1);
    byte[] out =
        transport.query(
            "SELECT toUnixTimestamp64Nano(Timestamp) AS ts, "
                + ROW_KEY
                + " AS RowKey, TraceId, SpanId, TraceFlags, SeverityText, SeverityNumber,"
                + " ServiceName, Body, ResourceAttributes, ScopeName, ScopeVersion, LogAttributes"
                + " FROM "
                + sql.table(Schema.LOGS)
                + " WHERE "
                + where.sql()
                + " ORDER BY Timestamp DESC, RowKey DESC LIMIT {limit:UInt32}",
            where.params().build(),
            "JSONEachRow");
    List<JsonNode> rows = JsonRows.parse(out);
    List<StoredLog> logs = new ArrayList<>();
    for (JsonNode row : rows.subList(0, Math.min(rows.size(), query.limit()))) {
      logs.add(
          new StoredLog(
              longValue(row.get("ts")),
              row.get("TraceId").asText(),
              row.get("SpanId").asText(),
              (int) longValue(row.get("TraceFlags")),
              row.get("SeverityText").asText(),
              (int) longValue(row.get("SeverityNumber")),
              row.get("ServiceName").asText(),
              row.get("Body").asText(),
              stringMap(row.get("ResourceAttributes")),
              row.get("ScopeName").asText(),
              row.get("ScopeVersion").asText(),
              stringMap(row.get("LogAttributes"))));
    }
    Optional<String> next = Optional.empty();
    if (rows.size() > query.limit()) {
      JsonNode last = rows.get(query.limit() - 1);
      next = Optional.of(Cursors.encode(longValue(last.get("ts")), last.get("RowKey").asText()));
    }
    return new Page<>(logs, next);
  }
}
