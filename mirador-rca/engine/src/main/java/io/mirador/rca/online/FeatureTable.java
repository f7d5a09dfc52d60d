package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

import io.mirador.rca.MetricWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Named features per service and minute, with the semantics of the evaluation's {@code
 * NezhaFeatures} (so the online RCA ranks what the evaluation measured): counts are 0 in a minute
 * that had data but none for the service, a minute without any data at all is absent, and
 * non-finite values (latency without requests, a gauge not reported) are left out of a series.
 */
final class FeatureTable {
  static final String REQUESTS = "requests";
  static final String ERROR_RATE = "error_rate";
  static final String ERROR_LOGS = "error_logs";
  static final String P50 = "latency_p50";
  static final String P95 = "latency_p95";
  static final String P99 = "latency_p99";

  /** The span and log features, in the evaluation's order; gauges follow by name. */
  static final List<String> SIGNALS = List.of(REQUESTS, P50, P95, P99, ERROR_LOGS, ERROR_RATE);

  private final NavigableSet<Instant> minutes;
  private final Map<String, Map<Instant, ServiceMinute>> byService;
  private final Map<String, Set<String>> gaugesByService;

  private FeatureTable(
      NavigableSet<Instant> minutes,
      Map<String, Map<Instant, ServiceMinute>> byService,
      Map<String, Set<String>> gaugesByService) {
    this.minutes = minutes;
    this.byService = byService;
    this.gaugesByService = gaugesByService;
  }

  static FeatureTable of(List<ServiceMinute> rows) {
    return of(rows, m -> true);
  }

  /** The rows whose minute {@code keep} accepts. */
  static FeatureTable of(List<ServiceMinute> rows, Predicate<Instant> keep) {
    requireNonNull(rows, "rows");
    var minutes = new TreeSet<Instant>();
    var byService = new TreeMap<String, Map<Instant, ServiceMinute>>();
    var gauges = new HashMap<String, Set<String>>();
    for (ServiceMinute row : rows) {
      if (!keep.test(row.minute())) {
        continue;
      }
      minutes.add(row.minute());
      byService.computeIfAbsent(row.service(), s -> new HashMap<>()).put(row.minute(), row);
      row.gauges()
          .forEach(
              (name, v) -> {
                if (v != null && Double.isFinite(v)) {
                  gauges.computeIfAbsent(row.service(), s -> new TreeSet<>()).add(name);
                }
              });
    }
    return new FeatureTable(minutes, byService, gauges);
  }

  boolean isEmpty() {
    return minutes.isEmpty();
  }

  /** Minutes that had data for any service, ascending. */
  NavigableSet<Instant> minutes() {
    return minutes;
  }

  Set<String> services() {
    return byService.keySet();
  }

  /** The span and log features, then the service's gauges by name. */
  List<String> features(String service) {
    var out = new ArrayList<>(SIGNALS);
    out.addAll(gaugesByService.getOrDefault(service, Set.of()));
    return out;
  }

  /** The feature's value, or NaN when it was not measured in that minute. */
  double value(String service, Instant minute, String feature) {
    if (!minutes.contains(minute)) {
      return Double.NaN;
    }
    ServiceMinute row = byService.getOrDefault(service, Map.of()).get(minute);
    return switch (feature) {
      case REQUESTS -> row == null ? 0 : row.requests();
      case ERROR_RATE -> row == null ? 0 : row.errorRate();
      case ERROR_LOGS -> row == null ? 0 : row.errorLogs();
      case P50 -> row == null ? Double.NaN : row.latencyP50Nanos();
      case P95 -> row == null ? Double.NaN : row.latencyP95Nanos();
      case P99 -> row == null ? Double.NaN : row.latencyP99Nanos();
      default -> row == null ? Double.NaN : row.gauges().getOrDefault(feature, Double.NaN);
    };
  }

  /** The finite values of a feature over the table's minutes, in time order. */
  double[] series(String service, String feature) {
    return minutes.stream()
        .mapToDouble(m -> value(service, m, feature))
        .filter(Double::isFinite)
        .toArray();
  }

  /**
   * One {@link MetricWindow} per service of {@code incident} and feature that has values in both
   * tables.
   */
  static List<MetricWindow> metricWindows(FeatureTable baseline, FeatureTable incident) {
    var out = new ArrayList<MetricWindow>();
    for (String service : incident.services()) {
      var features = new TreeSet<>(incident.features(service));
      features.addAll(baseline.features(service));
      for (String feature : orderedLike(features, incident.features(service))) {
        double[] b = baseline.series(service, feature);
        double[] i = incident.series(service, feature);
        if (b.length > 0 && i.length > 0) {
          out.add(new MetricWindow(service, feature, b, i));
        }
      }
    }
    return out;
  }

  private static List<String> orderedLike(Set<String> all, List<String> first) {
    var out = new ArrayList<String>();
    for (String f : first) {
      if (all.contains(f)) {
        out.add(f);
      }
    }
    for (String f : all) {
      if (!out.contains(f)) {
        out.add(f);
      }
    }
    return out;
  }
}
