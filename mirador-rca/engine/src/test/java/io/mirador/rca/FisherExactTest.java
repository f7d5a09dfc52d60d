package io.mirador.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FisherExactTest {
  @Test
  void matchesPublishedTwoSidedPValues() {
    // the lady tasting tea: p = 0.4857 (R: fisher.test(matrix(c(3, 1, 1, 3), 2)))
    assertThat(Math.exp(FisherExact.logTwoSidedP(3, 1, 1, 3))).isCloseTo(0.485714, within(1e-6));
    // dieting by sex (Wikipedia's worked example): p = 0.002759
    assertThat(Math.exp(FisherExact.logTwoSidedP(1, 9, 11, 3))).isCloseTo(0.002759, within(1e-6));
    // complete separation of 10 and 10: 2 / C(20, 10)
    assertThat(Math.exp(FisherExact.logTwoSidedP(10, 0, 0, 10)))
        .isCloseTo(2.0 / 184_756, within(1e-12));
  }

  @Test
  void isSymmetricInRowsAndColumns() {
    double p = FisherExact.logTwoSidedP(2, 13, 9, 4);
    assertThat(FisherExact.logTwoSidedP(9, 4, 2, 13)).isCloseTo(p, within(1e-9));
    assertThat(FisherExact.logTwoSidedP(2, 9, 13, 4)).isCloseTo(p, within(1e-9));
  }

  @Test
  void aTableWithAnEmptyMarginIsNoEvidence() {
    assertThat(FisherExact.logTwoSidedP(0, 0, 4, 5)).isZero();
    assertThat(FisherExact.logTwoSidedP(0, 7, 0, 5)).isZero();
  }

  @Test
  void equalSharesAreNoEvidence() {
    // the most likely table: every table is at most as likely, p = 1
    assertThat(FisherExact.logTwoSidedP(3, 3, 3, 3)).isCloseTo(0, within(1e-9));
  }

  @Test
  void largeTablesStayFiniteFarBeyondDoublePrecisionOfP() {
    double lp = FisherExact.logTwoSidedP(5_000, 0, 0, 5_000);
    assertThat(lp).isFinite().isLessThan(-1000);
  }

  @Test
  void refusesNegativeCounts() {
    assertThatIllegalArgumentException().isThrownBy(() -> FisherExact.logTwoSidedP(-1, 2, 3, 4));
  }
}
