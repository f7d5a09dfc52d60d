package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

import io.mirador.rca.MetricWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Self-time series per service as {@link MetricWindow}s ({@code self_time_p50}, {@code
 * self_time_p95}), with the evaluation's semantics: a minute without a value for the service is
 * absent from its series, and a service needs values in both windows.
 */
public final class SelfTimes {
  public static final String P50 = "self_time_p50";
  public static final String P95 = "self_time_p95";

  private SelfTimes() {}

  public static List<MetricWindow> windows(
      List<SelfTimeMinute> baseline, List<SelfTimeMinute> window) {
    requireNonNull(baseline, "baseline");
    requireNonNull(window, "window");
    var out = new ArrayList<MetricWindow>();
    add(out, baseline, window, P50, SelfTimeMinute::p50Nanos);
    add(out, baseline, window, P95, SelfTimeMinute::p95Nanos);
    return out;
  }

  private static void add(
      List<MetricWindow> out,
      List<SelfTimeMinute> baseline,
      List<SelfTimeMinute> window,
      String metric,
      ToDoubleFunction<SelfTimeMinute> value) {
    Map<String, double[]> base = series(baseline, value);
    series(window, value)
        .forEach(
            (service, incident) -> {
              double[] b = base.get(service);
              if (b != null && b.length > 0 && incident.length > 0) {
                out.add(new MetricWindow(service, metric, b, incident));
              }
            });
  }

  private static Map<String, double[]> series(
      List<SelfTimeMinute> rows, ToDoubleFunction<SelfTimeMinute> value) {
    var byService = new TreeMap<String, TreeMap<Instant, Double>>();
    for (SelfTimeMinute m : rows) {
      double v = value.applyAsDouble(m);
      if (Double.isFinite(v)) {
        byService.computeIfAbsent(m.service(), s -> new TreeMap<>()).put(m.minute(), v);
      }
    }
    var out = new TreeMap<String, double[]>();
    byService.forEach(
        (s, values) ->
            out.put(s, values.values().stream().mapToDouble(Double::doubleValue).toArray()));
    return out;
  }
}
