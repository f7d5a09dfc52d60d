package io.mirador.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibratedDetectorTest {
  private static double[][] normal(int rows, long seed) {
    var random = new Random(seed);
    double[][] x = new double[rows][4];
    for (double[] row : x) {
      for (int j = 0; j < row.length; j++) {
        row[j] = 100 + 5 * random.nextGaussian();
      }
    }
    return x;
  }

  @Test
  void freshNormalMinutesStayBelowTheAlarmAndAFaultGoesAbove() {
    var detector = CalibratedDetector.fit(normal(1440, 1), 3, CalibratedDetector.DEFAULT_QUANTILE);
    double[][] fresh = normal(1000, 2);
    long alarms = 0;
    for (double[] row : fresh) {
      if (detector.relativeScore(row) >= 1) {
        alarms++;
      }
    }
    assertThat(alarms).isLessThanOrEqualTo(25);
    assertThat(detector.relativeScore(new double[] {130, 100, 130, 100})).isGreaterThan(1);
    assertThat(detector.relativeScore(new double[] {100, 100, 100, 100})).isLessThan(1);
    assertThat(detector.alarmLevel()).isBetween(0.5, 1.0);
  }

  @Test
  void aServiceWhoseBaselineMinutesAreAllAlikeNeverAlarmsOnTheSameMinute() {
    double[][] idle = new double[180][6];
    var detector = CalibratedDetector.fit(idle, 5, CalibratedDetector.DEFAULT_QUANTILE);
    assertThat(detector.relativeScore(new double[6])).isLessThan(1);
    assertThat(detector.relativeScore(new double[] {0, 0, 0, 5, 0, 0})).isGreaterThan(1);

    // Nearly idle: 179 identical minutes and one busy one; the 99th percentile is the idle score.
    double[][] nearly = new double[180][3];
    nearly[90] = new double[] {4, 2, 1};
    var almost = CalibratedDetector.fit(nearly, 5, CalibratedDetector.DEFAULT_QUANTILE);
    assertThat(almost.relativeScore(new double[3])).isLessThan(1);
  }

  @Test
  void rejectsAQuantileOutsideTheOpenUnitInterval() {
    assertThatThrownBy(() -> CalibratedDetector.fit(normal(10, 1), 1, 1.0))
        .hasMessageContaining("quantile");
  }
}
