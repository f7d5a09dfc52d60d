package io.mirador.rca;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * How far each service's own memory grew in an incident window. Memory is a resource of the
 * process, like CPU: a service that holds more of it did so itself (a leak, a cache, a burst of
 * live objects), while the latency it adds by collecting garbage spreads to every caller that waits
 * for it. The self-time read sees that latency only as far as the pauses land in the service's own
 * spans; the growth itself names the process. The ranking takes it as one more robust deviation of
 * the service (BARO's, in baseline IQRs), as it takes the network score.
 */
public final class MemoryGrowth {
  private MemoryGrowth() {}

  /**
   * Whether {@code metric} is a memory gauge of one process or container in the OpenTelemetry
   * conventions ({@code process.memory.usage}, {@code container.memory.usage}, {@code
   * jvm.memory.used}). The host's ({@code system.*}) is not: every service on a host reports the
   * same value, so it cannot say which of them grew.
   */
  public static boolean isMemory(String metric) {
    requireNonNull(metric, "metric");
    return metric.contains(".memory.") && !metric.startsWith("system.");
  }

  /**
   * Per service with a memory gauge ({@link #isMemory}) in {@code metrics}, the largest rise of one
   * in the window above its baseline median, in baseline IQRs; 0 when none rose. Other metrics are
   * ignored.
   */
  public static Map<String, Double> scores(List<MetricWindow> metrics) {
    requireNonNull(metrics, "metrics");
    Map<String, Double> rise = MetricRise.deviations(metrics, MemoryGrowth::isMemory);
    rise.replaceAll((service, r) -> Math.max(0, r));
    return rise;
  }
}
