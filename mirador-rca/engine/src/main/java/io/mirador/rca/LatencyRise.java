package io.mirador.rca;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

/**
 * The services whose own latency rose in an incident window: a p50 or p95 latency feature whose
 * largest value in the window is at least {@link #MIN_DEVIATION} above its baseline median (BARO's
 * deviation, as {@link CpuStarved} reads CPU). {@link CodePathFirst} asks it whether a callee named
 * in its caller's new errors was slow (its caller waited for it, and it may have waited for
 * another) or answered on time (its answer itself was the problem).
 */
public final class LatencyRise {
  /**
   * Smallest rise in baseline IQRs that counts: the engine's usual three, as {@link CpuStarved}.
   */
  public static final double MIN_DEVIATION = 3.0;

  private static final Set<String> LATENCIES = Set.of("latency_p50", "latency_p95");

  private LatencyRise() {}

  /** The services of {@code metrics} whose p50 or p95 latency rose, the largest rise first. */
  public static Set<String> services(List<MetricWindow> metrics) {
    requireNonNull(metrics, "metrics");
    return MetricRise.services(metrics, LATENCIES::contains, MIN_DEVIATION);
  }
}
