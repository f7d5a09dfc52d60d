package io.mirador.rca;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The services whose chosen metrics rose in an incident window, read as BARO reads them. */
final class MetricRise {
  private MetricRise() {}

  /**
   * The services with a metric {@code chosen} accepts whose largest value in the window is at least
   * {@code minDeviation} baseline IQRs above its baseline median (BARO's deviation), the largest
   * rise first; a metric without a finite baseline value says nothing.
   */
  static Set<String> services(
      List<MetricWindow> metrics, Predicate<String> chosen, double minDeviation) {
    Map<String, Double> rise = new HashMap<>();
    for (MetricWindow m : metrics) {
      if (chosen.test(m.metric()) && Arrays.stream(m.baseline()).anyMatch(Double::isFinite)) {
        double r = RootCauseRanker.evidence(m, true).deviation();
        if (r >= minDeviation) {
          rise.merge(m.service(), r, Math::max);
        }
      }
    }
    return new LinkedHashSet<>(ScoreFusion.order(rise));
  }
}
