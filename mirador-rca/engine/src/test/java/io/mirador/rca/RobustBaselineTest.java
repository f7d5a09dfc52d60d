package io.mirador.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RobustBaselineTest {
  @Test
  void medianAndInterQuartileRange() {
    var b = RobustBaseline.of(new double[] {5, 1, 3, 2, 4, Double.NaN});
    assertThat(b.median()).isEqualTo(3);
    assertThat(b.iqr()).isEqualTo(2);
    assertThat(b.deviation(9)).isEqualTo(3);
    assertThat(b.deviation(1)).isEqualTo(-1);
  }

  @Test
  void flatBaselineIsScaledByAShareOfItsMedian() {
    var b = RobustBaseline.of(new double[] {1_000_000, 1_000_000, 1_000_000});
    assertThat(b.iqr()).isZero();
    assertThat(b.scale()).isCloseTo(RobustBaseline.RELATIVE_FLOOR * 1_000_000, within(1e-6));
    assertThat(b.deviation(1_000_001)).isLessThan(0.001);
    assertThat(RobustBaseline.of(new double[] {0, 0}).scale()).isEqualTo(1);
  }

  @Test
  void anotherFloorKeepsMedianAndIqrAndOnlyRaisesAFlatScale() {
    var flat = RobustBaseline.of(new double[] {200, 200, 200}).withRelativeFloor(0.1);
    assertThat(flat.median()).isEqualTo(200);
    assertThat(flat.scale()).isCloseTo(20, within(1e-9));
    assertThat(flat.deviation(400)).isCloseTo(10, within(1e-9));
    var spread = RobustBaseline.of(new double[] {5, 1, 3, 2, 4});
    assertThat(spread.withRelativeFloor(0.1).scale()).isEqualTo(spread.scale());
    assertThat(RobustBaseline.of(new double[] {0, 0}).withRelativeFloor(0.1).scale()).isEqualTo(1);
    assertThatThrownBy(() -> spread.withRelativeFloor(Double.NaN))
        .hasMessageContaining("relativeFloor");
  }

  @Test
  void rejectsEmptyBaseline() {
    assertThatThrownBy(() -> RobustBaseline.of(new double[] {Double.NaN}))
        .hasMessageContaining("no finite values");
  }
}
