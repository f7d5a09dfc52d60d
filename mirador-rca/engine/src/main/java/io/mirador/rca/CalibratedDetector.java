package io.mirador.rca;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;

/**
 * A service's Isolation Forest with its own alarm level: a high quantile of the scores of its
 * baseline. Raw scores are not comparable across services (a noisy 8-feature service scores above
 * 0.6 in a sixth of its normal minutes), so the detection loop feeds the tracker {@link
 * #relativeScore}, which is 1 at the alarm level.
 *
 * <p>The level lies just above the quantile's score, so a minute scoring exactly as the baseline's
 * own quantile is not an alarm. Without that, a service whose baseline minutes are all alike (an
 * idle service whose gauges are all 0, common in real estates) scores every unchanged minute
 * exactly at the level and alarms for ever; a minute that differs from it still scores above.
 */
public final class CalibratedDetector {
  /**
   * One normal minute in a hundred reaches the alarm level; the tracker's opening minutes filter
   * those (see RATIONALE.md). A stricter level misses faults: the forest's scores saturate.
   */
  public static final double DEFAULT_QUANTILE = 0.99;

  private final IsolationForestDetector detector;
  private final double alarmLevel;

  private CalibratedDetector(IsolationForestDetector detector, double alarmLevel) {
    this.detector = detector;
    this.alarmLevel = alarmLevel;
  }

  /** Fits on {@code baseline} and sets the alarm level at {@code quantile} of its scores. */
  public static CalibratedDetector fit(double[][] baseline, long seed, double quantile) {
    requireNonNull(baseline, "baseline");
    if (!(quantile > 0 && quantile < 1)) {
      throw new IllegalArgumentException("quantile must be in (0, 1), got " + quantile);
    }
    IsolationForestDetector detector = IsolationForestDetector.fit(baseline, seed);
    double[] scores = detector.score(baseline);
    Arrays.sort(scores);
    return new CalibratedDetector(detector, Math.nextUp(Stats.quantileSorted(scores, quantile)));
  }

  public double alarmLevel() {
    return alarmLevel;
  }

  public double score(double[] x) {
    return detector.score(x);
  }

  /** Score divided by the alarm level: at least 1 means anomalous. */
  public double relativeScore(double[] x) {
    return detector.score(x) / alarmLevel;
  }

  public List<FeatureContribution> explain(double[] x, List<String> names) {
    return detector.explain(x, names);
  }
}
