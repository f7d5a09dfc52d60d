package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

import io.mirador.rca.MetricWindow;
import java.util.List;

/**
 * The service features of a baseline and a window as {@link MetricWindow}s, exactly as the online
 * RCA builds them ({@code FeatureTable}): the evaluation ranks the same series the service does.
 */
public final class ServiceWindows {
  private ServiceWindows() {}

  /**
   * One window per service of {@code window} and feature with values in both: requests, latency
   * quantiles, error logs and error rate, then the service's gauges by name. Counts are 0 in a
   * minute that had data but none for the service; a minute without any data is absent.
   */
  public static List<MetricWindow> windows(
      List<ServiceMinute> baseline, List<ServiceMinute> window) {
    requireNonNull(baseline, "baseline");
    requireNonNull(window, "window");
    return FeatureTable.metricWindows(FeatureTable.of(baseline), FeatureTable.of(window));
  }
}
