package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

import io.mirador.rca.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Lists a window's anomalies: a detector per service fitted on the hour before the window (minutes
 * without data skipped), every minute of the window scored as the detection loop scores it (the
 * forest against the service's alarm level, or the deviation alarm), the minutes at or above it
 * explained feature by feature.
 */
public final class AnomalyLister {
  /** The longest window listed. */
  public static final Duration MAX_WINDOW = Duration.ofHours(6);

  /** At most this many anomalies are returned, the highest relative scores first. */
  public static final int MAX_ANOMALIES = 1000;

  private final FeatureSource features;

  public AnomalyLister(FeatureSource features) {
    this.features = requireNonNull(features, "features");
  }

  /**
   * The anomalous service-minutes of {@code window}, by minute then by relative score.
   *
   * @throws IllegalArgumentException when the window is longer than {@link #MAX_WINDOW}
   * @throws NotEnoughDataException when the hour before has too little data to fit on
   */
  public List<Anomaly> list(String tenant, TimeWindow window) {
    requireNonNull(tenant, "tenant");
    requireNonNull(window, "window");
    if (Duration.between(window.start(), window.end()).compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException(
          "the window must be at most " + MAX_WINDOW.toHours() + " hours");
    }
    FeatureTable baseline =
        FeatureTable.of(
            features
                .features(
                    tenant,
                    new TimeWindow(window.start().minus(RcaAnalyzer.LOOKBACK), window.start()))
                .minutes());
    if (baseline.minutes().size() < RcaAnalyzer.MIN_BASELINE_MINUTES) {
      throw new NotEnoughDataException(
          "the hour before the window has "
              + baseline.minutes().size()
              + " minutes with data; at least "
              + RcaAnalyzer.MIN_BASELINE_MINUTES
              + " are needed");
    }
    FeatureTable current = FeatureTable.of(features.features(tenant, window).minutes());
    var out = new ArrayList<Anomaly>();
    for (String service : baseline.services()) {
      Optional<ServiceModel> model =
          ServiceModel.fit(baseline, service, RcaAnalyzer.MIN_BASELINE_MINUTES);
      if (model.isEmpty()) {
        continue;
      }
      for (Instant minute : current.minutes()) {
        out.addAll(anomaly(model.get(), current, minute).stream().toList());
      }
    }
    out.sort(Comparator.comparingDouble(Anomaly::relativeScore).reversed());
    List<Anomaly> top = new ArrayList<>(out.subList(0, Math.min(MAX_ANOMALIES, out.size())));
    top.sort(
        Comparator.comparing(Anomaly::minute)
            .thenComparing(Comparator.comparingDouble(Anomaly::relativeScore).reversed())
            .thenComparing(Anomaly::service));
    return List.copyOf(top);
  }

  /** The service's minute as an anomaly, if it reaches the service's alarm level. */
  static Optional<Anomaly> anomaly(ServiceModel model, FeatureTable table, Instant minute) {
    double[] row = model.row(table, minute);
    double relative = model.relativeScore(row, DetectionLoop.DEFAULT_DEVIATION_ALARM);
    if (relative < 1) {
      return Optional.empty();
    }
    return Optional.of(
        new Anomaly(
            model.service(),
            minute,
            model.score(row),
            model.alarmLevel(),
            model.largestDeviation(row),
            relative,
            model.explain(row)));
  }
}
