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
    long stepNanos = query.step().toNanos();
    QueryParameters.Builder params =
        QueryParameters.builder()
            .add("tenant", query.tenant().value())
            .add("metric", query.metricName())
            .add("from", query.range().fromNanos())
            .add("to", query.range().toNanos())
            .add("step", stepNanos)
            .add("maxRows", (long) MetricQuery.MAX_SERIES * MetricQuery.MAX_STEPS);
    StringBuilder where =
        new StringBuilder("TenantId = {tenant:String} AND MetricName = {metric:String} AND ")
            .append(Sql.timeFilter("TimeUnix"));
    int i = 0;
    for (Map.Entry<String, String> attribute : query.attributes().entrySet()) {
      where.append(" AND Attributes[{ak%d:String}] = {av%d:String}".formatted(i, i));
      params.add("ak" + i, attribute.getKey()).add("av" + i, attribute.getValue());
      i++;
    }
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
                + where
                + " GROUP BY Attributes, Step ORDER BY Attributes, Step LIMIT {maxRows:UInt64}",
            params.build(),
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
