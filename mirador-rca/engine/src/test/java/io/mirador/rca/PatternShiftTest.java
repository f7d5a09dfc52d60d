package io.mirador.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PatternShiftTest {
  @Test
  void anOperationThatStoppedLoggingOutranksNoise() {
    var counts =
        List.of(
            // price: 12 of 12 spans logged the line before, 2 of 10 now
            new PatternShift.Counts("price", "GET /price", "log 9 query", 12, 12, 10, 2),
            // travel: small wobble in what it calls
            new PatternShift.Counts(
                "travel", "GET /trips", "call price GET /price", 40, 36, 30, 26),
            // basic: a big change on too few spans to count
            new PatternShift.Counts("basic", "GET /basic", "log 17 failed", 2, 0, 2, 2));

    var scores = PatternShift.scores(counts, 3);

    assertThat(scores).containsOnlyKeys("price", "travel");
    assertThat(scores.get("price")).isGreaterThan(3 * scores.get("travel"));
  }

  @Test
  void zIsSignedAndZeroWithoutSpans() {
    assertThat(new PatternShift.Counts("s", "o", "e", 10, 0, 10, 10).z()).isPositive();
    assertThat(new PatternShift.Counts("s", "o", "e", 10, 10, 10, 0).z()).isNegative();
    assertThat(new PatternShift.Counts("s", "o", "e", 0, 0, 10, 10).z()).isZero();
    assertThat(new PatternShift.Counts("s", "o", "e", 10, 5, 20, 10).z()).isZero();
  }

  @Test
  void theContinuityCorrectionShrinksZByHalfACountPerWindowKeepingItsSign() {
    var c = new PatternShift.Counts("s", "o", "e", 10, 10, 10, 0);
    // shares 1 -> 0, pooled 0.5: z = -1 / sqrt(0.25 * 0.2); corrected: (1 - 0.1) / the same
    assertThat(c.z()).isCloseTo(-1 / Math.sqrt(0.05), within(1e-9));
    assertThat(c.zCorrected()).isCloseTo(-0.9 / Math.sqrt(0.05), within(1e-9));
    assertThat(new PatternShift.Counts("s", "o", "e", 10, 5, 10, 6).zCorrected()).isZero();
    assertThat(new PatternShift.Counts("s", "o", "e", 0, 0, 10, 10).zCorrected()).isZero();
  }

  @Test
  void rejectsMoreEventsThanSpans() {
    assertThatThrownBy(() -> new PatternShift.Counts("s", "o", "e", 1, 2, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("s/o/e");
  }
}
