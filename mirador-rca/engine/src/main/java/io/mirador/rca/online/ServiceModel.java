package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

import io.mirador.rca.CalibratedDetector;
import io.mirador.rca.FeatureContribution;
import io.mirador.rca.Finding;
import io.mirador.rca.RobustBaseline;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * One service's detector: a {@link CalibratedDetector} over its features in the baseline minutes,
 * the baseline's median per feature (which fills minutes where a feature was not measured, such as
 * latency without requests), and its robust baseline per feature for evidence.
 */
final class ServiceModel {
  private final String service;
  private final List<String> features;
  private final double[] fill;
  private final RobustBaseline[] baselines;

  /** The same baselines with the deviation alarm's scale floor ({@link #ALARM_RELATIVE_FLOOR}). */
  private final RobustBaseline[] alarmBaselines;

  private final CalibratedDetector detector;

  /** The columns of a row the forest scores; the others go to the deviation alarm only. */
  private final int[] forestColumns;

  /** Minutes the detector was fitted on. */
  private final int baselineMinutes;

  private ServiceModel(
      String service,
      List<String> features,
      double[] fill,
      RobustBaseline[] baselines,
      CalibratedDetector detector,
      int[] forestColumns,
      int baselineMinutes) {
    this.service = service;
    this.forestColumns = forestColumns;
    this.baselineMinutes = baselineMinutes;
    this.features = features;
    this.fill = fill;
    this.baselines = baselines;
    this.alarmBaselines = new RobustBaseline[baselines.length];
    for (int j = 0; j < baselines.length; j++) {
      alarmBaselines[j] = baselines[j].withRelativeFloor(ALARM_RELATIVE_FLOOR);
    }
    this.detector = detector;
  }

  /**
   * Fits on the service's rows of {@code baseline}; empty when the baseline has fewer than {@code
   * minMinutes} minutes. Features never measured in the baseline are left out.
   */
  static Optional<ServiceModel> fit(FeatureTable baseline, String service, int minMinutes) {
    return fit(baseline, service, minMinutes, feature -> false);
  }

  /**
   * {@link #fit(FeatureTable, String, int)} with the features {@code alarmOnly} accepts left out of
   * the forest: they still count in the deviation alarm ({@link #relativeScore(double[], double)})
   * and the evidence. Every feature the forest gets changes every tree (each splits on a randomly
   * chosen one), so a feature that only matters when it moves a lot is kept out of it.
   */
  static Optional<ServiceModel> fit(
      FeatureTable baseline, String service, int minMinutes, Predicate<String> alarmOnly) {
    requireNonNull(baseline, "baseline");
    requireNonNull(alarmOnly, "alarmOnly");
    requireNonNull(service, "service");
    int n = baseline.minutes().size();
    if (n < Math.max(2, minMinutes)) {
      return Optional.empty();
    }
    var names = new ArrayList<String>();
    var fills = new ArrayList<Double>();
    var robust = new ArrayList<RobustBaseline>();
    for (String feature : baseline.features(service)) {
      double[] values = baseline.series(service, feature);
      if (values.length == 0) {
        continue;
      }
      RobustBaseline b = RobustBaseline.of(values);
      names.add(feature);
      fills.add(b.median());
      robust.add(b);
    }
    if (names.isEmpty()) {
      return Optional.empty();
    }
    int[] forestColumns =
        IntStream.range(0, names.size()).filter(j -> !alarmOnly.test(names.get(j))).toArray();
    if (forestColumns.length == 0) {
      return Optional.empty();
    }
    double[] fill = fills.stream().mapToDouble(Double::doubleValue).toArray();
    double[][] rows = new double[n][];
    int i = 0;
    for (Instant minute : baseline.minutes()) {
      rows[i++] = project(row(baseline, service, minute, names, fill), forestColumns);
    }
    CalibratedDetector detector =
        CalibratedDetector.fit(rows, seed(service), CalibratedDetector.DEFAULT_QUANTILE);
    return Optional.of(
        new ServiceModel(
            service,
            List.copyOf(names),
            fill,
            robust.toArray(RobustBaseline[]::new),
            detector,
            forestColumns,
            n));
  }

  String service() {
    return service;
  }

  /** Minutes with data the detector was fitted on. */
  int baselineMinutes() {
    return baselineMinutes;
  }

  List<String> features() {
    return features;
  }

  double alarmLevel() {
    return detector.alarmLevel();
  }

  /** The service's feature vector in {@code minute} of {@code table}, gaps filled. */
  double[] row(FeatureTable table, Instant minute) {
    return row(table, service, minute, features, fill);
  }

  /**
   * {@code row} with the features {@code thin} accepts set to their baseline median: what the
   * minute shows without the evidence of those features.
   */
  double[] withBaseline(double[] row, java.util.function.Predicate<String> thin) {
    double[] x = row.clone();
    for (int j = 0; j < x.length; j++) {
      if (thin.test(features.get(j))) {
        x[j] = fill[j];
      }
    }
    return x;
  }

  double score(double[] row) {
    return detector.score(project(row, forestColumns));
  }

  double relativeScore(double[] row) {
    return detector.relativeScore(project(row, forestColumns));
  }

  /**
   * Smallest scale of the deviation alarm as a share of the baseline median. A flat baseline (IQR
   * 0: quantised latency, an idle queue) would otherwise alarm on a few per cent: with 10 IQRs a
   * flat feature must double or fall to zero. The ranking keeps BARO's 1 % floor.
   */
  static final double ALARM_RELATIVE_FLOOR = 0.1;

  /**
   * The forest's relative score, or the largest feature deviation (in IQRs, either direction) over
   * {@code deviationAlarm} when that is higher; {@code deviationAlarm} 0 is the forest alone.
   */
  double relativeScore(double[] row, double deviationAlarm) {
    double forest = relativeScore(row);
    if (deviationAlarm <= 0) {
      return forest;
    }
    return Math.max(forest, largestDeviation(row) / deviationAlarm);
  }

  /** The largest |deviation| of the row's features, in the deviation alarm's scales. */
  double largestDeviation(double[] row) {
    double largest = 0;
    for (int j = 0; j < row.length; j++) {
      largest = Math.max(largest, Math.abs(alarmBaselines[j].deviation(row[j])));
    }
    return largest;
  }

  List<FeatureContribution> explain(double[] row) {
    return detector.explain(
        project(row, forestColumns), IntStream.of(forestColumns).mapToObj(features::get).toList());
  }

  private static double[] project(double[] row, int[] columns) {
    if (columns.length == row.length) {
      return row;
    }
    double[] x = new double[columns.length];
    for (int j = 0; j < columns.length; j++) {
      x[j] = row[columns[j]];
    }
    return x;
  }

  /** Each feature's move against its baseline (median, IQR), the most deviant first. */
  List<Finding.MetricEvidence> evidence(double[] row) {
    var out = new ArrayList<Finding.MetricEvidence>(features.size());
    for (int j = 0; j < features.size(); j++) {
      RobustBaseline b = baselines[j];
      out.add(
          new Finding.MetricEvidence(
              features.get(j), b.median(), b.iqr(), row[j], b.deviation(row[j])));
    }
    out.sort(Comparator.comparingDouble(Finding.MetricEvidence::deviation).reversed());
    return List.copyOf(out);
  }

  private static double[] row(
      FeatureTable table, String service, Instant minute, List<String> names, double[] fill) {
    double[] x = new double[names.size()];
    for (int j = 0; j < x.length; j++) {
      double v = table.value(service, minute, names.get(j));
      x[j] = Double.isFinite(v) ? v : fill[j];
    }
    return x;
  }

  /** A fixed seed per service: the same baseline gives the same forest after a restart. */
  private static long seed(String service) {
    byte[] bytes = service.getBytes(StandardCharsets.UTF_8);
    return Arrays.hashCode(bytes) * 0x9E3779B97F4A7C15L;
  }
}
