package io.mirador.store.clickhouse;

import static io.mirador.store.clickhouse.JsonRows.doubleValue;
import static io.mirador.store.clickhouse.JsonRows.longValue;
import static io.mirador.store.clickhouse.JsonRows.stringMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.mirador.store.MetricQuery;
import io.mirador.store.MetricSeries;
import io.mirador.store.MetricType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Metric series with step aggregation. */
final class MetricReads {
  private MetricReads() {}

  static List<MetricSeries> series(ClickHouseTransport transport, Sql sql, MetricQuery query) {
    WhereClause where =
        WhereClause.tenantAndRange(query.tenant(), query.range(), "TimeUnix")
            .and("MetricName = {metric:String}")
            .bind("metric", query.metricName())
            .attributes("Attributes", query.attributes())
            .bind("step", query.step().toNanos())
            .bind("maxRows", (long) MetricQuery.MAX_SERIES * MetricQuery.MAX_STEPS);
    String value;
    String count;
    if (query.type() == MetricType.GAUGE || query.type() == MetricType.SUM) {
      value =
          switch (query.aggregation()) {
            case AVG -> "avg(Value)";
            case MIN -> "min(Value)";
            case MAX -> "max(Value)";
            case SUM -> "sum(Value)";
            case LAST -> "argMax(Value, TimeUnix)";
          };
      count = "count()";
    } else {
      value = "sum(Sum) / nullIf(sum(Count), 0)";
      count = "sum(Count)";
    }
    byte[] out =
        transport.query(
            "SELECT Attributes, intDiv(toUnixTimestamp64Nano(TimeUnix), {step:Int64}) *"
                + " {step:Int64} AS Step, "
                + value
                + " AS PointValue, "
                + count
                + " AS PointCount FROM "
                + sql.table(query.type().table())
                + " WHERE "
                + where.sql()
                + " GROUP BY Attributes, Step ORDER BY Attributes, Step LIMIT {maxRows:UInt64}",
            where.params().build(),
            "JSONEachRow");
    Map<Map<String, String>, List<MetricSeries.Point>> series = new LinkedHashMap<>();
    for (JsonNode row : JsonRows.parse(out)) {
      Map<String, String> attributes = stringMap(row.get("Attributes"));
      List<MetricSeries.Point> points = series.get(attributes);
      if (points == null) {
        if (series.size() == MetricQuery.MAX_SERIES) {
          break;
        }
        points = new ArrayList<>();
        series.put(attributes, points);
      }
      points.add(
          new MetricSeries.Point(
              longValue(row.get("Step")),
              doubleValue(row.get("PointValue")),
              longValue(row.get("PointCount"))));
    }
    List<MetricSeries> result = new ArrayList<>();
    series.forEach((attributes, points) -> result.add(new MetricSeries(attributes, points)));
    return result;
  }
}
