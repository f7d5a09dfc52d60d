package io.mirador.rca;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

/**
 * The services whose CPU use rose in an incident window. A client span's gap (its duration minus
 * its server child's) is charged to the callee: network delay and queueing at the callee show
 * there. A caller starved of CPU stretches the same gaps from its own side, and charging them to
 * its callees makes them look slow; so a starved caller keeps its gaps (the store's {@code
 * selfTimes(query, gapsToCaller)}). Measured on Nezha Online Boutique, where a CPU-starved
 * checkoutservice otherwise ranked behind its callee shippingservice: mirador-rca/eval/README.md.
 */
public final class CpuStarved {
  /**
   * Smallest rise, in baseline IQRs (BARO's deviation), of a CPU gauge that counts as starved: the
   * engine's usual three, not fitted to a data set.
   */
  public static final double MIN_DEVIATION = 3.0;

  private CpuStarved() {}

  /** Whether {@code metric} is a CPU gauge of the OpenTelemetry conventions ({@code *.cpu.*}). */
  public static boolean isCpu(String metric) {
    return requireNonNull(metric, "metric").contains(".cpu.");
  }

  /**
   * The services of {@code metrics} with a CPU gauge ({@link #isCpu}) whose largest value in the
   * window is at least {@link #MIN_DEVIATION} above its baseline median, the largest rise first;
   * other metrics are ignored.
   */
  public static Set<String> services(List<MetricWindow> metrics) {
    requireNonNull(metrics, "metrics");
    return MetricRise.services(metrics, CpuStarved::isCpu, MIN_DEVIATION);
  }
}
