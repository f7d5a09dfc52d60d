package io.mirador.store.clickhouse;

import static io.mirador.store.clickhouse.JsonRows.doubleValue;
import static io.mirador.store.clickhouse.JsonRows.longValue;
import static io.mirador.store.clickhouse.JsonRows.stringMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.mirador.store.MetricQuery;
import io.mirador.store.MetricSeries;
import io.mirador.store.TimeRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Quantiles of exponential histograms. Their buckets are indices at a scale that a stream may lower
 * between points (the SDK merges buckets when the range grows) and offsets that move, so the
 * per-stream increase is taken here, bucket index by bucket index at the coarser of the two scales,
 * rather than in SQL; the step's increases are then turned into evenly spread buckets for {@link
 * BucketQuantiles}. Bucket {@code i} at scale {@code s} is {@code (b^i, b^(i+1)]} with {@code b =
 * 2^(2^-s)}; negative buckets mirror it.
 */
final class ExponentialHistograms {
  /** The most points one query reads (they are differenced here, not in the engine). */
  static final int MAX_POINTS = 500_000;

  private ExponentialHistograms() {}

  static List<MetricSeries> series(
      ClickHouseTransport transport, Sql sql, MetricQuery query, TimeRange extended) {
    WhereClause where =
        WhereClause.tenantAndRange(query.tenant(), extended, "TimeUnix")
            .and("MetricName = {metric:String}")
            .bind("metric", query.metricName())
            .and(query.service(), "ServiceName = {service:String}", "service")
            .attributes("Attributes", query.attributes())
            .bind("maxPoints", MAX_POINTS + 1);
    byte[] out =
        transport.query(
            "SELECT ServiceName, Attributes,"
                + " toString(sipHash64(ResourceAttributes, ScopeName, Attributes)) AS Stream,"
                + " toUnixTimestamp64Nano(TimeUnix) AS Time,"
                + " toUnixTimestamp64Nano(StartTimeUnix) AS Start,"
                + " AggregationTemporality AS Temporality, Count, Sum, Scale, ZeroCount,"
                + " PositiveOffset, PositiveBucketCounts, NegativeOffset, NegativeBucketCounts,"
                + " Min, Max FROM "
                + sql.table(query.type().table())
                + " WHERE "
                + where.sql()
                + " ORDER BY ServiceName, Stream, TimeUnix LIMIT {maxPoints:UInt64}",
            where.params().build(),
            "JSONEachRow");
    List<JsonNode> rows = JsonRows.parse(out);
    if (rows.size() > MAX_POINTS) {
      throw new IllegalArgumentException(
          "the window holds more than "
              + MAX_POINTS
              + " exponential histogram points; narrow from/to or filter by service");
    }
    long windowFrom = query.range().fromNanos();
    long lookFrom = extended.fromNanos();
    long stepNanos = query.step().toNanos();
    Map<Key, TreeMap<Long, Step>> series = new LinkedHashMap<>();
    String stream = null;
    Point previous = null;
    for (JsonNode row : rows) {
      String s = row.get("ServiceName").asText() + "\n" + row.get("Stream").asText();
      if (!s.equals(stream)) {
        stream = s;
        previous = null;
      }
      Point point = Point.of(row);
      Point before = previous;
      previous = point;
      if (point.time < windowFrom) {
        continue;
      }
      Buckets increase;
      long observations;
      double sum;
      boolean delta = point.temporality == 1;
      if (delta
          || before != null
              && (point.count < before.count
                  || point.start > 0
                      && point.start != before.start
                      && point.start >= before.time)) {
        increase = point.buckets;
        observations = point.count;
        sum = point.sum;
      } else if (before == null) {
        if (!(point.start > 0 && point.start >= lookFrom)) {
          continue; // a running total that began before the look-back: no increase known
        }
        increase = point.buckets;
        observations = point.count;
        sum = point.sum;
      } else {
        increase = point.buckets.minus(before.buckets);
        observations = point.count - before.count;
        sum = point.sum - before.sum;
      }
      Key key = new Key(row.get("ServiceName").asText(), stringMap(row.get("Attributes")));
      TreeMap<Long, Step> steps = series.get(key);
      if (steps == null) {
        if (series.size() == MetricQuery.MAX_SERIES) {
          continue;
        }
        steps = new TreeMap<>();
        series.put(key, steps);
      }
      Step step =
          steps.computeIfAbsent(Math.floorDiv(point.time, stepNanos) * stepNanos, t -> new Step());
      step.observations += observations;
      step.sum += sum;
      step.buckets = step.buckets == null ? increase : step.buckets.plus(increase);
      step.min = Math.min(step.min, point.min);
      step.max = Math.max(step.max, point.max);
    }
    double q = query.aggregation().quantile();
    List<MetricSeries> result = new ArrayList<>();
    series.entrySet().stream()
        .sorted(
            Comparator.comparing((Map.Entry<Key, TreeMap<Long, Step>> e) -> e.getKey().service())
                .thenComparing(e -> new TreeMap<>(e.getKey().attributes()).toString()))
        .forEach(
            e -> {
              List<MetricSeries.Point> points = new ArrayList<>();
              e.getValue()
                  .forEach(
                      (start, step) ->
                          points.add(
                              new MetricSeries.Point(start, step.quantile(q), step.observations)));
              result.add(new MetricSeries(e.getKey().service(), e.getKey().attributes(), points));
            });
    return result;
  }

  private record Key(String service, Map<String, String> attributes) {}

  /** One step of a series: its new observations. */
  private static final class Step {
    long observations;
    double sum;
    Buckets buckets;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;

    double quantile(double q) {
      BucketQuantiles quantiles = new BucketQuantiles();
      if (buckets != null) {
        buckets.into(quantiles, min, max);
      }
      return quantiles.quantile(q);
    }
  }

  /** One stored point. */
  private record Point(
      long time,
      long start,
      int temporality,
      long count,
      double sum,
      double min,
      double max,
      Buckets buckets) {
    static Point of(JsonNode row) {
      int scale = (int) longValue(row.get("Scale"));
      return new Point(
          longValue(row.get("Time")),
          longValue(row.get("Start")),
          (int) longValue(row.get("Temporality")),
          longValue(row.get("Count")),
          doubleValue(row.get("Sum")),
          doubleValue(row.get("Min")),
          doubleValue(row.get("Max")),
          new Buckets(
              scale,
              longValue(row.get("ZeroCount")),
              sparse((int) longValue(row.get("PositiveOffset")), row.get("PositiveBucketCounts")),
              sparse((int) longValue(row.get("NegativeOffset")), row.get("NegativeBucketCounts"))));
    }

    private static TreeMap<Integer, Long> sparse(int offset, JsonNode counts) {
      TreeMap<Integer, Long> out = new TreeMap<>();
      for (int i = 0; counts != null && i < counts.size(); i++) {
        long c = longValue(counts.get(i));
        if (c != 0) {
          out.put(offset + i, c);
        }
      }
      return out;
    }
  }

  /** Sparse bucket counts by index at one scale, and the zero bucket. */
  record Buckets(
      int scale, long zero, TreeMap<Integer, Long> positive, TreeMap<Integer, Long> negative) {
    /** The same observations in the buckets of a scale at or below this one. */
    Buckets at(int target) {
      if (target >= scale) {
        return this;
      }
      int shift = scale - target;
      return new Buckets(target, zero, shifted(positive, shift), shifted(negative, shift));
    }

    private static TreeMap<Integer, Long> shifted(TreeMap<Integer, Long> counts, int shift) {
      TreeMap<Integer, Long> out = new TreeMap<>();
      counts.forEach(
          (i, c) -> out.merge(shift >= 31 ? (i < 0 ? -1 : 0) : i >> shift, c, Long::sum));
      return out;
    }

    /** The increase from {@code before}, bucket by bucket (never below zero). */
    Buckets minus(Buckets before) {
      int s = Math.min(scale, before.scale);
      Buckets a = at(s);
      Buckets b = before.at(s);
      return new Buckets(
          s,
          Math.max(0, a.zero - b.zero),
          difference(a.positive, b.positive),
          difference(a.negative, b.negative));
    }

    Buckets plus(Buckets other) {
      int s = Math.min(scale, other.scale);
      Buckets a = at(s);
      Buckets b = other.at(s);
      TreeMap<Integer, Long> positive = new TreeMap<>(a.positive);
      b.positive.forEach((i, c) -> positive.merge(i, c, Long::sum));
      TreeMap<Integer, Long> negative = new TreeMap<>(a.negative);
      b.negative.forEach((i, c) -> negative.merge(i, c, Long::sum));
      return new Buckets(s, a.zero + b.zero, positive, negative);
    }

    private static TreeMap<Integer, Long> difference(
        TreeMap<Integer, Long> now, TreeMap<Integer, Long> before) {
      TreeMap<Integer, Long> out = new TreeMap<>();
      now.forEach(
          (i, c) -> {
            long d = c - before.getOrDefault(i, 0L);
            if (d > 0) {
              out.put(i, d);
            }
          });
      return out;
    }

    /** The buckets as evenly spread pieces, the outermost cut to the observed min and max. */
    void into(BucketQuantiles quantiles, double min, double max) {
      double base = Math.pow(2, Math.pow(2, -scale));
      negative.forEach(
          (i, c) -> {
            double lower = -Math.pow(base, i + 1);
            double upper = -Math.pow(base, i);
            quantiles.addPiece(min > lower && min < upper ? min : lower, upper, c);
          });
      quantiles.addPiece(0, 0, zero);
      positive.forEach(
          (i, c) -> {
            double lower = Math.pow(base, i);
            double upper = Math.pow(base, i + 1);
            quantiles.addPiece(lower, max > lower && max < upper ? max : upper, c);
          });
    }
  }
}
