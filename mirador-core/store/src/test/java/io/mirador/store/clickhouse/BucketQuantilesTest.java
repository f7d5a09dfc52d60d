package io.mirador.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BucketQuantilesTest {
  @Test
  void interpolatesWithinTheBucketThatHoldsTheQuantile() {
    BucketQuantiles q = new BucketQuantiles();
    q.add(new double[] {1, 2, 4}, new long[] {0, 10, 30, 0}, Double.NaN, Double.NaN);
    assertThat(q.count()).isEqualTo(40);
    // 10 in (1, 2], 30 in (2, 4]: the median is 10 of the 30 into (2, 4].
    assertThat(q.quantile(0.5)).isCloseTo(2 + 2 * (10 / 30.0), within(1e-12));
    assertThat(q.quantile(0.25)).isCloseTo(2.0, within(1e-12));
    assertThat(q.quantile(0.1)).isCloseTo(1.4, within(1e-12));
  }

  @Test
  void openEndedBucketsStopAtTheObservedMinimumAndMaximum() {
    BucketQuantiles q = new BucketQuantiles();
    q.add(new double[] {1}, new long[] {0, 10}, 0.5, 3);
    assertThat(q.quantile(0.5)).isCloseTo(2.0, within(1e-12));
    BucketQuantiles unknownMax = new BucketQuantiles();
    unknownMax.add(new double[] {1}, new long[] {0, 10}, Double.NaN, Double.NaN);
    // Nothing is known above the last bound: the quantile is that bound (as Prometheus does).
    assertThat(unknownMax.quantile(0.99)).isEqualTo(1.0);
    BucketQuantiles first = new BucketQuantiles();
    first.add(new double[] {10}, new long[] {10, 0}, Double.NaN, Double.NaN);
    assertThat(first.quantile(0.5)).isCloseTo(5.0, within(1e-12));
  }

  @Test
  void histogramsWithDifferentBoundsMerge() {
    BucketQuantiles q = new BucketQuantiles();
    q.add(new double[] {1, 2}, new long[] {0, 10, 0}, Double.NaN, Double.NaN);
    q.add(new double[] {2, 4}, new long[] {0, 10, 0}, Double.NaN, Double.NaN);
    assertThat(q.count()).isEqualTo(20);
    assertThat(q.quantile(0.5)).isCloseTo(2.0, within(1e-12));
    assertThat(q.quantile(0.75)).isCloseTo(3.0, within(1e-12));
  }

  @Test
  void nothingAddedIsNaN() {
    assertThat(new BucketQuantiles().quantile(0.5)).isNaN();
  }
}
