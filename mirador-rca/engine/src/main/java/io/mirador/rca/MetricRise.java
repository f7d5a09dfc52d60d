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
    deviations(metrics, chosen)
        .forEach(
            (service, r) -> {
              if (r >= minDeviation) {
                rise.put(service, r);
              }
            });
    return new LinkedHashSet<>(ScoreFusion.order(rise));
  }

  /**
   * Per service, the largest rise (BARO's deviation, in baseline IQRs; negative when every chosen
   * metric fell) of a metric {@code chosen} accepts; a metric without a finite baseline value says
   * nothing.
   */
  static Map<String, Double> deviations(List<MetricWindow> metrics, Predicate<String> chosen) {
    Map<String, Double> rise = new HashMap<>();
    for (MetricWindow m : metrics) {
      if (chosen.test(m.metric()) && Arrays.stream(m.baseline()).anyMatch(Double::isFinite)) {
        rise.merge(m.service(), RootCauseRanker.evidence(m, true).deviation(), Math::max);
      }
    }
    return rise;
  }
}
