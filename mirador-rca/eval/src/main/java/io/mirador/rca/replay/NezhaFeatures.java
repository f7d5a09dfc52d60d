package io.mirador.rca.replay;

import io.mirador.rca.MetricWindow;
import io.mirador.rca.TimeWindow;
import io.mirador.store.FeatureQuery;
import io.mirador.store.ServiceMinute;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TenantId;
import io.mirador.store.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * Per-service metric windows for one incident, read from the store's features: the incident window,
 * and a baseline of the minutes before it that had data, without the windows of earlier incidents.
 */
final class NezhaFeatures {
  static final Duration LOOKBACK = Duration.ofHours(1);
  static final long MINUTE = 60_000_000_000L;

  /** Which features feed the ranking; {@link #DEFAULT} is what {@code rca-eval} runs. */
  enum Variant {
    SERVICE(false),
    SERVICE_PAGERANK(true);

    static final Variant DEFAULT = SERVICE;
    private final boolean pagerank;

    Variant(boolean pagerank) {
      this.pagerank = pagerank;
    }

    boolean pagerank() {
      return pagerank;
    }
  }

  private NezhaFeatures() {}

  static List<MetricWindow> windows(
      TelemetryStore store,
      TenantId tenant,
      TimeWindow window,
      List<Instant> earlierIncidents,
      Variant variant) {
    Instant t = window.start();
    List<ServiceMinute> incident =
        store.serviceFeatures(FeatureQuery.of(tenant, TimeRange.of(t, window.end())));
    List<ServiceMinute> baseline =
        store.serviceFeatures(FeatureQuery.of(tenant, TimeRange.of(t.minus(LOOKBACK), t))).stream()
            .filter(m -> !disturbed(m.minuteStartUnixNano(), earlierIncidents, window))
            .toList();
    List<MetricWindow> out = new ArrayList<>();
    add(out, baseline, incident, "requests", m -> m.requests(), true);
    add(out, baseline, incident, "latency_p50", ServiceMinute::latencyP50Nanos, false);
    add(out, baseline, incident, "latency_p95", ServiceMinute::latencyP95Nanos, false);
    add(out, baseline, incident, "latency_p99", ServiceMinute::latencyP99Nanos, false);
    add(out, baseline, incident, "error_logs", m -> m.errorLogs(), true);
    add(out, baseline, incident, "error_rate", ServiceMinute::errorRate, true);
    for (String gauge : List.of(MetricConverter.CPU, MetricConverter.MEMORY)) {
      add(out, baseline, incident, gauge, m -> m.gauges().getOrDefault(gauge, Double.NaN), false);
    }
    return out;
  }

  /** Whether a minute overlaps an earlier incident's window. */
  static boolean disturbed(long minuteNanos, List<Instant> earlier, TimeWindow window) {
    long length = window.end().toEpochMilli() - window.start().toEpochMilli();
    for (Instant a : earlier) {
      long start = a.getEpochSecond() * 1_000_000_000L + a.getNano();
      if (minuteNanos < start + length * 1_000_000L && minuteNanos + MINUTE > start) {
        return true;
      }
    }
    return false;
  }

  /**
   * One metric per service. Counts are 0 in a minute that had data but none for the service; a
   * minute without any data at all is absent (the data set has gaps), and so are NaN values.
   */
  private static void add(
      List<MetricWindow> out,
      List<ServiceMinute> baseline,
      List<ServiceMinute> incident,
      String metric,
      ToDoubleFunction<ServiceMinute> value,
      boolean count) {
    TreeSet<Long> baseMinutes = minutes(baseline);
    TreeSet<Long> incidentMinutes = minutes(incident);
    Map<String, Map<Long, Double>> base = byService(baseline, value);
    Map<String, Map<Long, Double>> inc = byService(incident, value);
    for (String service : new TreeSet<>(inc.keySet())) {
      double[] b = values(base.getOrDefault(service, Map.of()), baseMinutes, count);
      double[] i = values(inc.get(service), incidentMinutes, count);
      if (finite(b) && finite(i)) {
        out.add(new MetricWindow(service, metric, b, i));
      }
    }
  }

  private static TreeSet<Long> minutes(List<ServiceMinute> rows) {
    TreeSet<Long> minutes = new TreeSet<>();
    rows.forEach(m -> minutes.add(m.minuteStartUnixNano()));
    return minutes;
  }

  private static Map<String, Map<Long, Double>> byService(
      List<ServiceMinute> rows, ToDoubleFunction<ServiceMinute> value) {
    Map<String, Map<Long, Double>> out = new TreeMap<>();
    for (ServiceMinute m : rows) {
      out.computeIfAbsent(m.service(), s -> new TreeMap<>())
          .put(m.minuteStartUnixNano(), value.applyAsDouble(m));
    }
    return out;
  }

  private static double[] values(Map<Long, Double> byMinute, TreeSet<Long> minutes, boolean count) {
    List<Double> out = new ArrayList<>();
    for (long minute : minutes) {
      Double v = byMinute.get(minute);
      if (v == null && count) {
        v = 0.0;
      }
      if (v != null && Double.isFinite(v)) {
        out.add(v);
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static boolean finite(double[] values) {
    return values.length > 0;
  }
}
