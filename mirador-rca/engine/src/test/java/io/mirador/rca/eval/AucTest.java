package io.mirador.rca.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AucTest {
  @Test
  void extremesAndTies() {
    boolean[] labels = {false, false, true, true};
    assertThat(Auc.of(new double[] {0.1, 0.2, 0.8, 0.9}, labels)).isEqualTo(1.0);
    assertThat(Auc.of(new double[] {0.9, 0.8, 0.2, 0.1}, labels)).isEqualTo(0.0);
    assertThat(Auc.of(new double[] {0.5, 0.5, 0.5, 0.5}, labels)).isEqualTo(0.5);
    assertThat(Auc.of(new double[] {0.1, 0.5, 0.5, 0.9}, labels)).isEqualTo(0.875);
  }

  @Test
  void matchesPairwiseCountWithManyTies() {
    var random = new Random(9);
    int n = 500;
    double[] scores = new double[n];
    boolean[] labels = new boolean[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(5) == 0;
      scores[i] = random.nextInt(20) + (labels[i] ? 3 : 0);
    }
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (labels[i] && !labels[j]) {
          pairs++;
          wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
        }
      }
    }
    assertThat(Auc.of(scores, labels)).isCloseTo(wins / pairs, within(1e-12));
  }

  @Test
  void needsBothClasses() {
    assertThatThrownBy(() -> Auc.of(new double[] {1, 2}, new boolean[] {true, true}))
        .hasMessageContaining("both classes");
    assertThatThrownBy(() -> Auc.of(new double[] {1}, new boolean[] {true, false}))
        .hasMessageContaining("labels");
  }
}
