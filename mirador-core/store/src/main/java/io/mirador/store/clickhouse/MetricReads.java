package io.mirador.store.clickhouse;

import static io.mirador.store.clickhouse.JsonRows.doubleValue;
import static io.mirador.store.clickhouse.JsonRows.longValue;
import static io.mirador.store.clickhouse.JsonRows.stringMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.mirador.store.MetricInfo;
import io.mirador.store.MetricQuery;
import io.mirador.store.MetricQuery.Aggregation;
import io.mirador.store.MetricSeries;
import io.mirador.store.MetricType;
import io.mirador.store.TenantId;
import io.mirador.store.TimeRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Metric series with step aggregation, and the catalog of metric names. Series are keyed by service
 * and data point attributes. Counters and histograms are turned into increases per stream (service,
 * resource, scope and attributes: one process's instrument) before they are added up, so that two
 * processes' running totals never look like resets of one another (see {@link MetricQuery}).
 */
final class MetricReads {
  /**
   * How far before the window a cumulative stream's previous point is looked for, at least: the
   * export interval of SDKs is 60 s by default, and some export every few minutes.
   */
  static final Duration LOOKBACK = Duration.ofMinutes(15);

  private static final long NANOS = 1_000_000_000L;

  private MetricReads() {}

  static List<MetricSeries> series(ClickHouseTransport transport, Sql sql, MetricQuery query) {
    return switch (query.type()) {
      case GAUGE -> valueSeries(transport, sql, query);
      case SUM ->
          query.aggregation() == Aggregation.RATE || query.aggregation() == Aggregation.INCREASE
              ? counterSeries(transport, sql, query)
              : valueSeries(transport, sql, query);
      case HISTOGRAM -> histogramSeries(transport, sql, query);
      case EXPONENTIAL_HISTOGRAM ->
          query.aggregation().isQuantile()
              ? ExponentialHistograms.series(transport, sql, query, extended(query))
              : histogramSeries(transport, sql, query);
      case SUMMARY -> summarySeries(transport, sql, query);
    };
  }

  /**
   * The end of a per-stream scan: the previous point's time and start time (for resets and first
   * points), then the table, the filter and the stream window.
   */
  private static String streamRows(Sql sql, MetricQuery query, WhereClause where) {
    return " lagInFrame(toUnixTimestamp64Nano(TimeUnix), 1, toInt64(0)) OVER w AS PrevTime,"
        + " lagInFrame(toUnixTimestamp64Nano(StartTimeUnix), 1, toInt64(0)) OVER w AS PrevStart"
        + " FROM "
        + sql.table(query.type().table())
        + " WHERE "
        + where.sql()
        + STREAM_WINDOW;
  }

  /** The stored values, aggregated as they are. */
  private static List<MetricSeries> valueSeries(
      ClickHouseTransport transport, Sql sql, MetricQuery query) {
    String value =
        switch (query.aggregation()) {
          case MIN -> "min(Value)";
          case MAX -> "max(Value)";
          case SUM -> "sum(Value)";
          case LAST -> "argMax(Value, TimeUnix)";
          default -> "avg(Value)";
        };
    return pointSeries(transport, sql, query, value + " AS PointValue, count() AS PointCount");
  }

  /** Summaries: the mean observation (sum / count) of the points in the step. */
  private static List<MetricSeries> summarySeries(
      ClickHouseTransport transport, Sql sql, MetricQuery query) {
    return pointSeries(
        transport,
        sql,
        query,
        "sum(Sum) / nullIf(sum(Count), 0) AS PointValue, sum(Count) AS PointCount");
  }

  /**
   * One point per service, attributes and step straight from the stored rows; {@code columns}
   * selects {@code PointValue} and {@code PointCount}.
   */
  private static List<MetricSeries> pointSeries(
      ClickHouseTransport transport, Sql sql, MetricQuery query, String columns) {
    WhereClause where = where(query, query.range());
    byte[] out =
        transport.query(
            "SELECT ServiceName, Attributes, intDiv(toUnixTimestamp64Nano(TimeUnix), {step:Int64})"
                + " * {step:Int64} AS Step, "
                + columns
                + " FROM "
                + sql.table(query.type().table())
                + " WHERE "
                + where.sql()
                + " GROUP BY ServiceName, Attributes, Step"
                + " ORDER BY ServiceName, Attributes, Step LIMIT {maxRows:UInt64}",
            where.params().build(),
            "JSONEachRow");
    return collect(
        JsonRows.parse(out),
        row ->
            new MetricSeries.Point(
                longValue(row.get("Step")),
                doubleValue(row.get("PointValue")),
                longValue(row.get("PointCount"))));
  }

  /** Monotonic sums: the increase per step, or per second of the step. */
  private static List<MetricSeries> counterSeries(
      ClickHouseTransport transport, Sql sql, MetricQuery query) {
    TimeRange extended = extended(query);
    WhereClause where =
        where(query, extended)
            .bind("windowFrom", query.range().fromNanos())
            .bind("lookFrom", extended.fromNanos());
    String sql0 =
        "SELECT ServiceName, Attributes, Step, sum(Inc) AS PointValue, count() AS PointCount"
            + " FROM (SELECT ServiceName, Attributes, Time,"
            + " intDiv(Time, {step:Int64}) * {step:Int64} AS Step,"
            + " multiIf(Temporality = 1, Value,"
            + " PrevTime = 0, if(Start > 0 AND Start >= {lookFrom:Int64}, Value, NULL),"
            + " Value < PrevValue OR (Start > 0 AND Start != PrevStart AND Start >= PrevTime),"
            + " Value, Value - PrevValue) AS Inc"
            + " FROM (SELECT ServiceName, Attributes, Value,"
            + " toUnixTimestamp64Nano(TimeUnix) AS Time,"
            + " toUnixTimestamp64Nano(StartTimeUnix) AS Start,"
            + " AggregationTemporality AS Temporality,"
            + " lagInFrame(Value, 1, toFloat64(0)) OVER w AS PrevValue,"
            + streamRows(sql, query, where)
            + ") WHERE Time >= {windowFrom:Int64}) WHERE Inc IS NOT NULL"
            + " GROUP BY ServiceName, Attributes, Step"
            + " ORDER BY ServiceName, Attributes, Step LIMIT {maxRows:UInt64}";
    byte[] out = transport.query(sql0, where.params().build(), "JSONEachRow");
    boolean rate = query.aggregation() == Aggregation.RATE;
    return collect(
        JsonRows.parse(out),
        row -> {
          long step = longValue(row.get("Step"));
          double increase = doubleValue(row.get("PointValue"));
          return new MetricSeries.Point(
              step,
              rate ? increase / seconds(query, step) : increase,
              longValue(row.get("PointCount")));
        });
  }

  /**
   * Histograms: per stream the increase of count, sum and (explicit histograms) bucket counts,
   * added per service, attributes, step and bucket layout; the layouts of a step merge here.
   */
  private static List<MetricSeries> histogramSeries(
      ClickHouseTransport transport, Sql sql, MetricQuery query) {
    boolean buckets = query.type() == MetricType.HISTOGRAM;
    TimeRange extended = extended(query);
    WhereClause where =
        where(query, extended)
            .bind("windowFrom", query.range().fromNanos())
            .bind("lookFrom", extended.fromNanos());
    String bounds = buckets ? "ExplicitBounds" : "CAST([] AS Array(Float64))";
    String bucketCounts = buckets ? "BucketCounts" : "CAST([] AS Array(UInt64))";
    String sql0 =
        "SELECT ServiceName, Attributes, Step, Bounds, sumForEach(IncBuckets) AS Buckets,"
            + " sum(IncCount) AS Observations, sum(IncSum) AS Total, min(Lo) AS Lo, max(Hi) AS Hi"
            + " FROM (SELECT ServiceName, Attributes, Time, Bounds, Lo, Hi,"
            + " intDiv(Time, {step:Int64}) * {step:Int64} AS Step,"
            + " Temporality = 1 OR PrevTime = 0 OR Count < PrevCount OR Bounds != PrevBounds"
            + " OR (Start > 0 AND Start != PrevStart AND Start >= PrevTime) AS Whole,"
            + " if(Whole, arrayMap(x -> toInt64(x), Counts), arrayMap((a, b) ->"
            + " greatest(toInt64(a) - toInt64(b), toInt64(0)), Counts,"
            + " arrayResize(PrevCounts, length(Counts)))) AS IncBuckets,"
            + " if(Whole, toInt64(Count), toInt64(Count) - toInt64(PrevCount)) AS IncCount,"
            + " if(Whole, Sum, Sum - PrevSum) AS IncSum"
            + " FROM (SELECT ServiceName, Attributes, Count, Sum, Min AS Lo, Max AS Hi,"
            + bounds
            + " AS Bounds, "
            + bucketCounts
            + " AS Counts, toUnixTimestamp64Nano(TimeUnix) AS Time,"
            + " toUnixTimestamp64Nano(StartTimeUnix) AS Start,"
            + " AggregationTemporality AS Temporality,"
            + " lagInFrame(Count, 1, toUInt64(0)) OVER w AS PrevCount,"
            + " lagInFrame(Sum, 1, toFloat64(0)) OVER w AS PrevSum,"
            + " lagInFrame(Bounds, 1, CAST([] AS Array(Float64))) OVER w AS PrevBounds,"
            + " lagInFrame(Counts, 1, CAST([] AS Array(UInt64))) OVER w AS PrevCounts,"
            + streamRows(sql, query, where)
            + ") WHERE Time >= {windowFrom:Int64}"
            + " AND (Temporality = 1 OR PrevTime != 0 OR (Start > 0 AND Start >= {lookFrom:Int64})))"
            + " GROUP BY ServiceName, Attributes, Step, Bounds"
            + " ORDER BY ServiceName, Attributes, Step LIMIT {maxRows:UInt64}";
    byte[] out = transport.query(sql0, where.params().build(), "JSONEachRow");
    // Rows of one series and step (one per bucket layout) arrive together.
    Map<SeriesKey, Map<Long, StepHistogram>> steps = new LinkedHashMap<>();
    for (JsonNode row : JsonRows.parse(out)) {
      SeriesKey key =
          new SeriesKey(row.get("ServiceName").asText(), stringMap(row.get("Attributes")));
      Map<Long, StepHistogram> byStep = steps.get(key);
      if (byStep == null) {
        if (steps.size() == MetricQuery.MAX_SERIES) {
          continue;
        }
        byStep = new LinkedHashMap<>();
        steps.put(key, byStep);
      }
      StepHistogram step =
          byStep.computeIfAbsent(longValue(row.get("Step")), s -> new StepHistogram());
      step.observations += longValue(row.get("Observations"));
      step.sum += doubleValue(row.get("Total"));
      step.quantiles.add(
          doubles(row.get("Bounds")),
          longs(row.get("Buckets")),
          doubleValue(row.get("Lo")),
          doubleValue(row.get("Hi")));
    }
    Aggregation agg = query.aggregation();
    List<MetricSeries> result = new ArrayList<>();
    steps.forEach(
        (key, byStep) -> {
          List<MetricSeries.Point> points = new ArrayList<>();
          byStep.forEach(
              (start, h) -> {
                double value =
                    switch (agg) {
                      case RATE -> h.observations / seconds(query, start);
                      case INCREASE -> h.observations;
                      case AVG -> h.observations == 0 ? Double.NaN : h.sum / h.observations;
                      default -> h.quantiles.quantile(agg.quantile());
                    };
                points.add(new MetricSeries.Point(start, value, h.observations));
              });
          result.add(new MetricSeries(key.service(), key.attributes(), points));
        });
    return result;
  }

  private static final String STREAM_WINDOW =
      " WINDOW w AS (PARTITION BY ServiceName, sipHash64(ResourceAttributes, ScopeName,"
          + " Attributes) ORDER BY TimeUnix ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)";

  /** The metrics with points in {@code range}, by name and type. */
  static List<MetricInfo> catalog(
      ClickHouseTransport transport,
      Sql sql,
      TenantId tenant,
      TimeRange range,
      Optional<String> service,
      Optional<String> name) {
    WhereClause where =
        WhereClause.tenantAndRange(tenant, range, "TimeUnix")
            .and(service, "ServiceName = {service:String}", "service")
            .and(name, "MetricName = {metric:String}", "metric")
            .bind("maxMetrics", MetricInfo.MAX_METRICS);
    List<String> parts = new ArrayList<>();
    for (MetricType type : MetricType.values()) {
      boolean sum = type == MetricType.SUM;
      boolean temporal =
          sum || type == MetricType.HISTOGRAM || type == MetricType.EXPONENTIAL_HISTOGRAM;
      parts.add(
          "SELECT MetricName, '"
              + type.name()
              + "' AS Type, anyIf(MetricUnit, MetricUnit != '') AS Unit,"
              + " anyIf(MetricDescription, MetricDescription != '') AS Description, "
              + (sum ? "toInt8(max(IsMonotonic))" : "toInt8(-1)")
              + " AS Monotonic, "
              + (temporal
                  ? "groupUniqArray(toInt32(AggregationTemporality))"
                  : "CAST([] AS Array(Int32))")
              + " AS Temporalities, groupUniqArray("
              + (MetricInfo.MAX_SERVICES + 1)
              + ")(toString(ServiceName)) AS Services FROM "
              + sql.table(type.table())
              + " WHERE "
              + where.sql()
              + " GROUP BY MetricName");
    }
    byte[] out =
        transport.query(
            "SELECT * FROM ("
                + String.join(" UNION ALL ", parts)
                + ") ORDER BY MetricName, Type LIMIT {maxMetrics:UInt64}",
            where.params().build(),
            "JSONEachRow");
    List<MetricInfo> metrics = new ArrayList<>();
    for (JsonNode row : JsonRows.parse(out)) {
      MetricType type = MetricType.valueOf(row.get("Type").asText());
      int monotonic = (int) longValue(row.get("Monotonic"));
      TreeSet<Integer> temporalities = new TreeSet<>();
      row.get("Temporalities").forEach(t -> temporalities.add((int) longValue(t)));
      temporalities.remove(0); // unspecified
      Optional<MetricInfo.Temporality> temporality =
          temporalities.isEmpty()
              ? Optional.empty()
              : Optional.of(
                  temporalities.size() > 1
                      ? MetricInfo.Temporality.MIXED
                      : temporalities.first() == 1
                          ? MetricInfo.Temporality.DELTA
                          : MetricInfo.Temporality.CUMULATIVE);
      TreeSet<String> services = new TreeSet<>();
      row.get("Services").forEach(s -> services.add(s.asText()));
      metrics.add(
          new MetricInfo(
              row.get("MetricName").asText(),
              type,
              textOrEmpty(row.get("Unit")),
              textOrEmpty(row.get("Description")),
              monotonic < 0 ? Optional.empty() : Optional.of(monotonic == 1),
              temporality,
              services.stream().limit(MetricInfo.MAX_SERVICES).toList()));
    }
    return metrics;
  }

  private static String textOrEmpty(JsonNode node) {
    return node == null || node.isNull() ? "" : node.asText();
  }

  private static WhereClause where(MetricQuery query, TimeRange range) {
    return WhereClause.tenantAndRange(query.tenant(), range, "TimeUnix")
        .and("MetricName = {metric:String}")
        .bind("metric", query.metricName())
        .and(query.service(), "ServiceName = {service:String}", "service")
        .attributes("Attributes", query.attributes())
        .bind("step", query.step().toNanos())
        .bind("maxRows", (long) MetricQuery.MAX_SERIES * MetricQuery.MAX_STEPS);
  }

  /** The window and, before it, the stretch where a stream's previous point is looked for. */
  private static TimeRange extended(MetricQuery query) {
    Duration back = query.step().compareTo(LOOKBACK) > 0 ? query.step() : LOOKBACK;
    return TimeRange.of(query.range().from().minus(back), query.range().to());
  }

  /** Seconds of the step starting at {@code stepStart} that lie inside the query's window. */
  static double seconds(MetricQuery query, long stepStart) {
    long start = Math.max(stepStart, query.range().fromNanos());
    long end = Math.min(stepStart + query.step().toNanos(), query.range().toNanos());
    return Math.max(end - start, 1) / (double) NANOS;
  }

  private static List<MetricSeries> collect(
      List<JsonNode> rows, java.util.function.Function<JsonNode, MetricSeries.Point> point) {
    Map<SeriesKey, List<MetricSeries.Point>> series = new LinkedHashMap<>();
    for (JsonNode row : rows) {
      SeriesKey key =
          new SeriesKey(row.get("ServiceName").asText(), stringMap(row.get("Attributes")));
      List<MetricSeries.Point> points = series.get(key);
      if (points == null) {
        if (series.size() == MetricQuery.MAX_SERIES) {
          break;
        }
        points = new ArrayList<>();
        series.put(key, points);
      }
      points.add(point.apply(row));
    }
    List<MetricSeries> result = new ArrayList<>();
    series.forEach(
        (key, points) -> result.add(new MetricSeries(key.service(), key.attributes(), points)));
    return result;
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array == null ? 0 : array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = doubleValue(array.get(i));
    }
    return out;
  }

  private static long[] longs(JsonNode array) {
    long[] out = new long[array == null ? 0 : array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = longValue(array.get(i));
    }
    return out;
  }

  private record SeriesKey(String service, Map<String, String> attributes) {}

  /** One series' step of a histogram: observations, their sum, and the bucket counts. */
  private static final class StepHistogram {
    long observations;
    double sum;
    final BucketQuantiles quantiles = new BucketQuantiles();
  }
}
