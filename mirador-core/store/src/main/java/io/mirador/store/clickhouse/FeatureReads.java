package io.mirador.store.clickhouse;

import static io.mirador.store.clickhouse.JsonRows.doubleValue;
import static io.mirador.store.clickhouse.JsonRows.longValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mirador.store.FeatureQuery;
import io.mirador.store.MetricType;
import io.mirador.store.ServiceMinute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-service, per-minute features for RCA, computed in ClickHouse: one aggregation over server
 * spans, one over error logs, one over the requested gauges, merged by service and minute.
 */
final class FeatureReads {
  private FeatureReads() {}

  private record Key(String service, long minute) implements Comparable<Key> {
    @Override
    public int compareTo(Key other) {
      int byService = service.compareTo(other.service);
      return byService != 0 ? byService : Long.compare(minute, other.minute);
    }
  }

  /** Mutable while the three results are merged. */
  private static final class Features {
    long requests;
    long errors;
    double p50 = Double.NaN;
    double p95 = Double.NaN;
    double p99 = Double.NaN;
    long errorLogs;
    final Map<String, Double> gauges = new LinkedHashMap<>();
  }

  static List<ServiceMinute> features(ClickHouseTransport transport, Sql sql, FeatureQuery query) {
    Map<Key, Features> minutes = new TreeMap<>();
    // Requests are what a service serves: server spans, and consumer spans for messaging.
    WhereClause spans =
        WhereClause.tenantAndRange(query.tenant(), query.range(), "Timestamp")
            .and("SpanKind IN ('Server', 'Consumer')");
    for (JsonNode row :
        run(
            transport,
            "SELECT ServiceName AS service, toUnixTimestamp(toStartOfMinute(Timestamp)) AS minute,"
                + " count() AS requests, countIf(StatusCode = 'Error') AS errors,"
                + " quantilesDeterministic(0.5, 0.95, 0.99)(Duration, cityHash64(SpanId)) AS latency"
                + " FROM "
                + sql.table(Schema.TRACES),
            spans,
            "service, minute")) {
      Features f = minutes.computeIfAbsent(key(row), k -> new Features());
      f.requests = longValue(row.get("requests"));
      f.errors = longValue(row.get("errors"));
      JsonNode latency = row.get("latency");
      f.p50 = doubleValue(latency.get(0));
      f.p95 = doubleValue(latency.get(1));
      f.p99 = doubleValue(latency.get(2));
    }
    WhereClause logs =
        WhereClause.tenantAndRange(query.tenant(), query.range(), "Timestamp")
            .and("SeverityNumber >= 17"); // ERROR and above in the OTLP severity scale
    for (JsonNode row :
        run(
            transport,
            "SELECT ServiceName AS service, toUnixTimestamp(toStartOfMinute(Timestamp)) AS minute,"
                + " count() AS errorLogs FROM "
                + sql.table(Schema.LOGS),
            logs,
            "service, minute")) {
      minutes.computeIfAbsent(key(row), k -> new Features()).errorLogs =
          longValue(row.get("errorLogs"));
    }
    if (!query.gauges().isEmpty()) {
      WhereClause gauges = WhereClause.tenantAndRange(query.tenant(), query.range(), "TimeUnix");
      List<String> placeholders = new ArrayList<>();
      for (int i = 0; i < query.gauges().size(); i++) {
        placeholders.add("{g%d:String}".formatted(i));
        gauges.bind("g" + i, query.gauges().get(i));
      }
      gauges.and("MetricName IN (" + String.join(", ", placeholders) + ")");
      for (JsonNode row :
          run(
              transport,
              "SELECT ServiceName AS service,"
                  + " toUnixTimestamp(toStartOfMinute(TimeUnix)) AS minute, MetricName AS metric,"
                  + " avg(Value) AS value FROM "
                  + sql.table(MetricType.GAUGE.table()),
              gauges,
              "service, minute, metric")) {
        minutes
            .computeIfAbsent(key(row), k -> new Features())
            .gauges
            .put(row.get("metric").asText(), doubleValue(row.get("value")));
      }
    }
    List<ServiceMinute> result = new ArrayList<>(minutes.size());
    minutes.forEach(
        (key, f) ->
            result.add(
                new ServiceMinute(
                    key.service(),
                    key.minute(),
                    f.requests,
                    f.errors,
                    f.p50,
                    f.p95,
                    f.p99,
                    f.errorLogs,
                    f.gauges)));
    return result;
  }

  private static Key key(JsonNode row) {
    return new Key(row.get("service").asText(), longValue(row.get("minute")) * 1_000_000_000L);
  }

  private static List<JsonNode> run(
      ClickHouseTransport transport, String select, WhereClause where, String groupBy) {
    return JsonRows.parse(
        transport.query(
            select + " WHERE " + where.sql() + " GROUP BY " + groupBy,
            where.params().build(),
            "JSONEachRow"));
  }
}
