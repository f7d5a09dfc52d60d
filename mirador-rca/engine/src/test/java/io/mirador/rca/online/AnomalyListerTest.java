package io.mirador.rca.online;

import static io.mirador.rca.online.SyntheticEstate.minute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.rca.TimeWindow;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyListerTest {
  @Test
  void listsTheFaultyMinutesWithTheFeaturesThatMovedMost() {
    var lister = new AnomalyLister(SyntheticEstate.faultBetween(240, 250));

    List<Anomaly> anomalies = lister.list("acme", new TimeWindow(minute(235), minute(255)));

    List<Anomaly> db = anomalies.stream().filter(a -> a.service().equals("carts-db")).toList();
    assertThat(db).hasSize(10);
    assertThat(db)
        .allSatisfy(a -> assertThat(SyntheticEstate.within(a.minute(), 240, 250)).isTrue());
    assertThat(db)
        .allSatisfy(
            a -> {
              assertThat(a.relativeScore()).isGreaterThanOrEqualTo(1);
              // The loop's judgement: the forest against its level, or the deviation alarm.
              assertThat(a.relativeScore())
                  .isEqualTo(
                      Math.max(
                          a.score() / a.alarmLevel(),
                          a.deviation() / DetectionLoop.DEFAULT_DEVIATION_ALARM),
                      org.assertj.core.data.Offset.offset(1e-9));
              assertThat(a.contributions().getFirst().contribution()).isPositive();
            });
    // Sorted by minute.
    assertThat(anomalies).isSortedAccordingTo(java.util.Comparator.comparing(Anomaly::minute));
  }

  @Test
  void aQuietWindowHasFewAnomalies() {
    var lister = new AnomalyLister(SyntheticEstate.faultBetween(0, 0));
    // 4 services x 60 minutes; the alarm level is the 99th percentile of the baseline's scores.
    assertThat(lister.list("acme", new TimeWindow(minute(300), minute(360)))).hasSizeLessThan(24);
  }

  @Test
  void refusesLongWindowsAndMissingBaselines() {
    var lister = new AnomalyLister(SyntheticEstate.faultBetween(0, 0));
    assertThatThrownBy(() -> lister.list("acme", new TimeWindow(minute(100), minute(500))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> lister.list("acme", new TimeWindow(minute(1), minute(5))))
        .isInstanceOf(NotEnoughDataException.class);
  }
}
