package io.mirador.rca.online;

import static io.mirador.rca.online.SyntheticEstate.minute;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ServiceModelTest {
  private static final String REPEATS = InboundCalls.REPEATS;

  /** 60 minutes of a service with noisy requests and latency, 0-2 repeated calls a minute. */
  private static FeatureTable baseline() {
    var rnd = new Random(7);
    var rows = new ArrayList<ServiceMinute>();
    for (int m = 0; m < 60; m++) {
      double p50 = 20 + rnd.nextGaussian();
      rows.add(
          new ServiceMinute(
              "catalog",
              minute(m),
              600 + rnd.nextInt(40),
              0,
              p50,
              p50 * 2,
              p50 * 3,
              0,
              Map.of(REPEATS, (double) (m % 3))));
    }
    return FeatureTable.of(rows);
  }

  private static double[] withRepeats(ServiceModel model, double repeats) {
    FeatureTable t = baseline();
    double[] row = model.row(t, minute(30));
    row[model.features().indexOf(REPEATS)] = repeats;
    return row;
  }

  @Test
  void anAlarmOnlyFeatureMovesTheDeviationAlarmAndNotTheForest() {
    ServiceModel model = ServiceModel.fit(baseline(), "catalog", 30, REPEATS::equals).orElseThrow();

    double[] usual = withRepeats(model, 1);
    double[] retried = withRepeats(model, 40);

    assertThat(model.features()).contains(REPEATS);
    assertThat(model.score(retried)).isEqualTo(model.score(usual));
    assertThat(model.relativeScore(retried)).isEqualTo(model.relativeScore(usual));
    assertThat(model.relativeScore(usual, 10)).isLessThan(1);
    assertThat(model.relativeScore(retried, 10)).isGreaterThanOrEqualTo(1);
    assertThat(model.explain(retried))
        .extracting(c -> c.feature())
        .doesNotContain(REPEATS)
        .contains("requests");
    assertThat(model.evidence(retried).getFirst().metric()).isEqualTo(REPEATS);
  }

  @Test
  void withoutAlarmOnlyFeaturesTheForestScoresEveryFeature() {
    ServiceModel model = ServiceModel.fit(baseline(), "catalog", 30).orElseThrow();

    assertThat(model.score(withRepeats(model, 40)))
        .isGreaterThan(model.score(withRepeats(model, 1)));
    assertThat(model.explain(withRepeats(model, 40)))
        .extracting(c -> c.feature())
        .contains(REPEATS);
  }

  @Test
  void aModelNeedsAFeatureForItsForest() {
    assertThat(ServiceModel.fit(baseline(), "catalog", 30, feature -> true)).isEmpty();
    assertThat(ServiceModel.fit(baseline(), "catalog", 61, feature -> false)).isEmpty();
    assertThat(ServiceModel.fit(baseline(), "catalog", 60, feature -> false)).isPresent();
  }

  @Test
  void aFeatureNeverMeasuredInTheBaselineIsLeftOut() {
    List<ServiceMinute> rows = new ArrayList<>();
    for (int m = 0; m < 40; m++) {
      rows.add(
          new ServiceMinute("a", minute(m), 0, 0, Double.NaN, Double.NaN, Double.NaN, 0, Map.of()));
    }
    ServiceModel model = ServiceModel.fit(FeatureTable.of(rows), "a", 30).orElseThrow();

    assertThat(model.features()).doesNotContain("latency_p50").contains("requests");
  }
}
