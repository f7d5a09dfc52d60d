package io.mirador.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsolationForestDetectorTest {
  private static double[][] gaussian(int n, int d, long seed) {
    var random = new Random(seed);
    double[][] rows = new double[n][d];
    for (double[] row : rows) {
      for (int j = 0; j < d; j++) {
        row[j] = random.nextGaussian();
      }
    }
    return rows;
  }

  @Test
  void isolatedPointsScoreAboveOrdinaryOnes() {
    var detector = IsolationForestDetector.fit(gaussian(2000, 3, 1), 7);
    double ordinary = detector.score(new double[] {0, 0, 0});
    double outlier = detector.score(new double[] {8, -8, 8});
    assertThat(outlier).isGreaterThan(0.6).isGreaterThan(ordinary + 0.15);
    assertThat(ordinary).isLessThan(0.55);
  }

  @Test
  void sameSeedSameForest() {
    double[][] data = gaussian(3000, 4, 2);
    double[] a = IsolationForestDetector.fit(data, 11).score(data);
    double[] b = IsolationForestDetector.fit(data, 11).score(data);
    double[] c = IsolationForestDetector.fit(data, 12).score(data);
    assertThat(a).containsExactly(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void explanationNamesTheFeatureThatMoved() {
    var detector = IsolationForestDetector.fit(gaussian(2000, 3, 3), 5);
    List<FeatureContribution> contributions =
        detector.explain(new double[] {0.1, 9.0, -0.2}, List.of("cpu", "latency_p99", "memory"));
    assertThat(contributions.getFirst().feature()).isEqualTo("latency_p99");
    assertThat(contributions.getFirst().contribution())
        .isGreaterThan(contributions.get(1).contribution() + 0.05);
    assertThat(contributions.getFirst().value()).isEqualTo(9.0);
    assertThat(Math.abs(contributions.getFirst().reference())).isLessThan(0.2);
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> IsolationForestDetector.fit(new double[][] {{1}}, 1))
        .hasMessageContaining("at least 2 rows");
    assertThatThrownBy(() -> IsolationForestDetector.fit(new double[][] {{1, 2}, {3}}, 1))
        .hasMessageContaining("row 1");
    assertThatThrownBy(() -> IsolationForestDetector.fit(new double[][] {{1}, {Double.NaN}}, 1))
        .hasMessageContaining("non-finite");
    var detector = IsolationForestDetector.fit(gaussian(100, 2, 4), 1);
    assertThatThrownBy(() -> detector.score(new double[] {1, 2, 3}))
        .hasMessageContaining("expected 2");
    assertThatThrownBy(() -> detector.explain(new double[] {1, 2}, List.of("a")))
        .hasMessageContaining("names");
  }
}
