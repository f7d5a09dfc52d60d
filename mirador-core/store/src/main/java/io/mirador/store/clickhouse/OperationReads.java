package io.mirador.store.clickhouse;

import static io.mirador.store.clickhouse.JsonRows.doubleValue;
import static io.mirador.store.clickhouse.JsonRows.longValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mirador.store.EventPairMinute;
import io.mirador.store.FeatureQuery;
import io.mirador.store.LogPatternMinute;
import io.mirador.store.OperationMinute;
import io.mirador.store.SelfTimeMinute;
import io.mirador.store.SpanEventMinute;
import io.mirador.store.TelemetryStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

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
                + " quantilesDeterministic(0.5, 0.95)(Duration, cityHash64(SpanId)) AS latency FROM "
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

  /** Hex runs of 8+ (trace, span and object ids, UUIDs) masked first, then any digits. */
  private static String pattern(String body) {
    return "leftUTF8(replaceRegexpAll(replaceRegexpAll("
        + body
        + ", '[0-9A-Fa-f][0-9A-Fa-f-]{7,}', '<H>'), '[0-9]+', '<N>'), "
        + LogPatternMinute.PATTERN_CHARS
        + ")";
  }

  static List<SpanEventMinute> spanEvents(
      ClickHouseTransport transport, Sql sql, FeatureQuery query) {
    WhereClause where = WhereClause.tenantAndRange(query.tenant(), query.range(), "Timestamp");
    String spans =
        "(SELECT TraceId, SpanId, ServiceName, SpanName, Timestamp FROM "
            + sql.table(Schema.TRACES)
            + " WHERE "
            + where.sql()
            + ") AS s";
    String group =
        " GROUP BY service, operation, event, minute"
            + " ORDER BY service, operation, event, minute LIMIT "
            + TelemetryStore.MAX_LOG_PATTERN_ROWS;
    // A span's calls: its children (same trace, parent id = its id), by service and name.
    String calls =
        "SELECT s.ServiceName AS service, s.SpanName AS operation,"
            + " concat('call ', c.ServiceName, ' ', c.SpanName) AS event,"
            + " toUnixTimestamp(toStartOfMinute(s.Timestamp)) AS minute,"
            + " uniqExact(s.SpanId) AS spans FROM "
            + spans
            + " INNER JOIN (SELECT TraceId, ParentSpanId, ServiceName, SpanName FROM "
            + sql.table(Schema.TRACES)
            + " WHERE "
            + where.sql()
            + " AND ParentSpanId != '') AS c ON s.TraceId = c.TraceId AND s.SpanId = c.ParentSpanId"
            + group
            + " SETTINGS distributed_product_mode = 'local'";
    // A span's logs: records carrying its trace and span id.
    String logs =
        "SELECT s.ServiceName AS service, s.SpanName AS operation,"
            + " concat('log ', toString(l.SeverityNumber), ' ', "
            + pattern("l.Body")
            + ") AS event, toUnixTimestamp(toStartOfMinute(s.Timestamp)) AS minute,"
            + " uniqExact(s.SpanId) AS spans FROM "
            + spans
            // Logs are not sharded by trace id on a cluster: the log side is sent to every shard.
            + " GLOBAL INNER JOIN (SELECT TraceId, SpanId, SeverityNumber, Body FROM "
            + sql.table(Schema.LOGS)
            + " WHERE "
            + where.sql()
            + " AND SpanId != '') AS l ON s.TraceId = l.TraceId AND s.SpanId = l.SpanId"
            + group;
    List<SpanEventMinute> out = new ArrayList<>();
    for (String select : List.of(calls, logs)) {
      for (JsonNode row :
          JsonRows.parse(transport.query(select, where.params().build(), "JSONEachRow"))) {
        out.add(
            new SpanEventMinute(
                row.get("service").asText(),
                row.get("operation").asText(),
                row.get("event").asText(),
                longValue(row.get("minute")) * 1_000_000_000L,
                longValue(row.get("spans"))));
      }
    }
    out.sort(
        Comparator.comparing(SpanEventMinute::service)
            .thenComparing(SpanEventMinute::operation)
            .thenComparing(SpanEventMinute::event)
            .thenComparingLong(SpanEventMinute::minuteStartUnixNano));
    return out.size() > TelemetryStore.MAX_LOG_PATTERN_ROWS
        ? List.copyOf(out.subList(0, TelemetryStore.MAX_LOG_PATTERN_ROWS))
        : out;
  }

  static List<EventPairMinute> eventPairs(
      ClickHouseTransport transport, Sql sql, FeatureQuery query) {
    WhereClause where = WhereClause.tenantAndRange(query.tenant(), query.range(), "Timestamp");
    // One row per span however often it was written (retries, overlapping exports).
    String spans =
        "(SELECT TraceId, SpanId, any(ServiceName) AS service, any(SpanName) AS operation,"
            + " min(Timestamp) AS start,"
            + " any(arrayZip(Events.Timestamp, arrayMap(n -> concat('event ', n), Events.Name)))"
            + " AS own FROM "
            + sql.table(Schema.TRACES)
            + " WHERE "
            + where.sql()
            + " GROUP BY TraceId, SpanId) AS s";
    // A span's log records, each distinct (time, pattern) once.
    String logs =
        "(SELECT TraceId, SpanId, groupUniqArray((Timestamp, concat('log ',"
            + " toString(SeverityNumber), ' ', "
            + pattern("Body")
            + "))) AS records FROM "
            + sql.table(Schema.LOGS)
            + " WHERE "
            + where.sql()
            + " AND SpanId != '' GROUP BY TraceId, SpanId) AS l";
    String sequences =
        "SELECT s.service AS service, toUnixTimestamp(toStartOfMinute(s.start)) AS minute,"
            + " arrayConcat([concat('start ', s.operation)],"
            + " arrayMap(e -> e.2, arraySort(e -> e.1, arrayConcat(s.own, l.records))),"
            + " [concat('end ', s.operation)]) AS events FROM "
            + spans
            // Logs are not sharded by trace id on a cluster: the log side is sent to every shard.
            + " GLOBAL LEFT JOIN "
            + logs
            + " ON s.TraceId = l.TraceId AND s.SpanId = l.SpanId";
    byte[] out =
        transport.query(
            "SELECT service, pair.1 AS source, pair.2 AS target, minute, count() AS pairs FROM ("
                + sequences
                + ") ARRAY JOIN arrayZip(arrayPopBack(events), arrayPopFront(events)) AS pair"
                + " GROUP BY service, source, target, minute"
                + " ORDER BY service, source, target, minute LIMIT "
                + TelemetryStore.MAX_LOG_PATTERN_ROWS,
            where.params().build(),
            "JSONEachRow");
    return JsonRows.parse(out).stream()
        .map(
            row ->
                new EventPairMinute(
                    row.get("service").asText(),
                    row.get("source").asText(),
                    row.get("target").asText(),
                    longValue(row.get("minute")) * 1_000_000_000L,
                    longValue(row.get("pairs"))))
        .toList();
  }

  static List<SelfTimeMinute> selfTimes(
      ClickHouseTransport transport, Sql sql, FeatureQuery query, Set<String> toCaller) {
    WhereClause where = WhereClause.tenantAndRange(query.tenant(), query.range(), "Timestamp");
    QueryParameters.Builder params = where.params().addStrings("to_caller", toCaller);
    String table = sql.table(Schema.TRACES);
    // A span without children joins nothing: the LEFT JOIN's defaults are 0 and ''.
    String perSpan =
        "SELECT p.SpanId AS span, any(p.ServiceName) AS own, any(p.Timestamp) AS time, any(p.Duration) AS duration,"
            + " sum(c.Duration) AS children,"
            + " anyIf(c.ServiceName, c.ServiceName != '' AND c.ServiceName != p.ServiceName)"
            + " AS remote"
            + " FROM (SELECT TraceId, SpanId, ServiceName, Timestamp, Duration FROM "
            + table
            + " WHERE "
            + where.sql()
            + ") AS p LEFT JOIN (SELECT TraceId, ParentSpanId, ServiceName, Duration FROM "
            + table
            + " WHERE "
            + where.sql()
            + " AND ParentSpanId != '') AS c ON p.TraceId = c.TraceId AND p.SpanId = c.ParentSpanId"
            + " GROUP BY p.TraceId, p.SpanId";
    byte[] out =
        transport.query(
            // A client call's gap goes to the callee, unless the caller is named in to_caller.
            "SELECT if(remote != '' AND NOT has({to_caller:Array(String)}, own), remote, own)"
                + " AS service,"
                + " toUnixTimestamp(toStartOfMinute(time)) AS minute, count() AS spans,"
                + " quantilesDeterministic(0.5, 0.95)(greatest(toInt64(duration) - toInt64(children), 0),"
                + " cityHash64(span))"
                + " AS self FROM ("
                + perSpan
                + ") GROUP BY service, minute ORDER BY service, minute"
                + " SETTINGS distributed_product_mode = 'local'",
            params.build(),
            "JSONEachRow");
    return JsonRows.parse(out).stream()
        .map(
            row -> {
              JsonNode self = row.get("self");
              return new SelfTimeMinute(
                  row.get("service").asText(),
                  longValue(row.get("minute")) * 1_000_000_000L,
                  longValue(row.get("spans")),
                  doubleValue(self.get(0)),
                  doubleValue(self.get(1)));
            })
        .toList();
  }

  static List<LogPatternMinute> logPatterns(
      ClickHouseTransport transport, Sql sql, FeatureQuery query) {
    WhereClause where = WhereClause.tenantAndRange(query.tenant(), query.range(), "Timestamp");
    byte[] out =
        transport.query(
            "SELECT ServiceName AS service, "
                + pattern("Body")
                + " AS pattern, SeverityNumber AS severity,"
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
