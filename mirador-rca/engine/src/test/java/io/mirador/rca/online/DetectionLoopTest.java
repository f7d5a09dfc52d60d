package io.mirador.rca.online;

import static io.mirador.rca.online.SyntheticEstate.minute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mirador.rca.Finding;
import io.mirador.rca.IncidentEvent;
import io.mirador.rca.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DetectionLoopTest {
  private static final String TENANT = "acme";

  /** The wall-clock time at which minute {@code m} is the latest settled, complete minute. */
  private static Instant now(int m) {
    return minute(m + 2).plusSeconds(5);
  }

  private static List<Tick> run(DetectionLoop loop, int from, int to) {
    var ticks = new ArrayList<Tick>();
    for (int m = from; m < to; m++) {
      ticks.add(loop.tick(TENANT, now(m)));
    }
    return ticks;
  }

  @Test
  void anIncidentOpensOnceIsUpdatedAndClosesWithTheFaultyServiceFirst() {
    var estate = SyntheticEstate.faultBetween(240, 252);
    var sink = new RecordingSink();
    DetectionLoop loop = DetectionLoop.builder(estate, sink).build();

    List<Tick> ticks = run(loop, 200, 290);

    assertThat(sink.count(IncidentEvent.Opened.class)).isEqualTo(1);
    assertThat(sink.count(IncidentEvent.Closed.class)).isEqualTo(1);
    assertThat(sink.count(IncidentEvent.Updated.class)).isGreaterThanOrEqualTo(5);
    Set<UUID> ids = sink.accepted.stream().map(e -> e.incident().id()).collect(Collectors.toSet());
    assertThat(ids).hasSize(1);

    IncidentEvent.Opened opened = (IncidentEvent.Opened) sink.accepted.getFirst();
    // Opened after three anomalous minutes; the window starts at the first of them.
    assertThat(opened.incident().window().start()).isEqualTo(minute(240));
    assertThat(opened.incident().window().end()).isEqualTo(minute(243));
    assertThat(opened.incident().services()).contains("carts-db");

    IncidentEvent last = sink.accepted.getLast();
    assertThat(last).isInstanceOf(IncidentEvent.Closed.class);
    Finding finding = last.incident().finding();
    assertThat(finding.causes().getFirst().service()).isEqualTo("carts-db");
    assertThat(last.incident().window()).isEqualTo(new TimeWindow(minute(240), minute(252)));
    // Closed after five quiet minutes, a recovery.
    assertThat(((IncidentEvent.Closed) last).at()).isEqualTo(minute(256));
    assertThat(((IncidentEvent.Closed) last).resolution())
        .isEqualTo(IncidentEvent.Resolution.RECOVERED);
    // The path runs through the call graph from the symptom to the cause.
    Finding.Cause top = finding.causes().getFirst();
    assertThat(top.callPath()).endsWith("carts-db");
    assertThat(top.evidence()).isNotEmpty();

    assertThat(ticks.stream().mapToInt(Tick::fallbacks).sum()).isZero();
    assertThat(ticks.getFirst().refitted()).isTrue();
    assertThat(ticks.getFirst().services()).isEqualTo(4);
    // Refitted hourly, not every minute.
    assertThat(ticks.stream().filter(Tick::refitted).count()).isEqualTo(2);
    assertThat(loop.open(TENANT)).isEmpty();
  }

  @Test
  void noIncidentWithoutAFault() {
    var sink = new RecordingSink();
    DetectionLoop loop = DetectionLoop.builder(SyntheticEstate.faultBetween(0, 0), sink).build();

    List<Tick> ticks = run(loop, 200, 320);

    assertThat(sink.accepted).isEmpty();
    assertThat(ticks.stream().mapToInt(Tick::scored).sum()).isEqualTo(120 * 4);
  }

  @Test
  void aFailingSinkGetsEachIncidentOpenedOnceWhenItRecovers() {
    var estate = SyntheticEstate.faultBetween(240, 252);
    var sink = new RecordingSink();
    DetectionLoop loop = DetectionLoop.builder(estate, sink).build();
    run(loop, 200, 242);
    sink.failNext = 6;

    List<Tick> ticks = run(loop, 242, 290);

    assertThat(sink.refused).isEqualTo(6);
    assertThat(ticks.stream().mapToInt(Tick::pending).max().orElseThrow()).isEqualTo(1);
    assertThat(ticks.getLast().pending()).isZero();
    assertThat(sink.count(IncidentEvent.Opened.class)).isEqualTo(1);
    assertThat(sink.count(IncidentEvent.Closed.class)).isEqualTo(1);
    // The opening that finally got through carried the latest state, not the stale first one.
    IncidentEvent.Opened opened = (IncidentEvent.Opened) sink.accepted.getFirst();
    assertThat(opened.incident().window().end()).isAfter(minute(243));
  }

  @Test
  void aFailingSourceSkipsNoMinute() {
    var estate = SyntheticEstate.faultBetween(0, 0);
    var sink = new RecordingSink();
    var failing = new FailingSource(estate);
    DetectionLoop loop = DetectionLoop.builder(failing, sink).build();
    Tick first = loop.tick(TENANT, now(200));
    assertThat(first.lastMinute()).contains(minute(200));

    failing.failing = true;
    assertThatThrownBy(() -> loop.tick(TENANT, now(201)))
        .isInstanceOf(SourceException.class)
        .hasMessageNotContaining("acme");
    failing.failing = false;
    Tick next = loop.tick(TENANT, now(202));

    assertThat(next.minutes()).isEqualTo(2);
    assertThat(next.lastMinute()).contains(minute(202));
  }

  @Test
  void aRepeatedTickEvaluatesNothingAndALongPauseCatchesUpFiveMinutes() {
    var estate = SyntheticEstate.faultBetween(0, 0);
    DetectionLoop loop = DetectionLoop.builder(estate, new RecordingSink()).build();
    loop.tick(TENANT, now(200));

    Tick again = loop.tick(TENANT, now(200).plusSeconds(30));
    Tick later = loop.tick(TENANT, now(260));

    assertThat(again.minutes()).isZero();
    assertThat(again.lastMinute()).isEmpty();
    assertThat(later.minutes()).isEqualTo(DetectionLoop.MAX_CATCH_UP);
    assertThat(later.lastMinute()).contains(minute(260));
  }

  @Test
  void tooLittleBaselineScoresNothingAndRetriesTheFitLater() {
    var estate = SyntheticEstate.faultBetween(0, 0);
    var sink = new RecordingSink();
    DetectionLoop loop = DetectionLoop.builder(estate, sink).build();

    List<Tick> early = run(loop, 10, 20);
    List<Tick> later = run(loop, 20, 60);

    assertThat(early.stream().mapToInt(Tick::scored).sum()).isZero();
    assertThat(early.stream().filter(Tick::refitted).count()).isEqualTo(2);
    assertThat(later.getLast().services()).isEqualTo(4);
    assertThat(later.getLast().scored()).isEqualTo(4);
  }

  @Test
  void theStatusSaysLearningUntilABaselineIsFittedThenWatching() {
    var estate = SyntheticEstate.faultBetween(0, 0);
    DetectionLoop loop = DetectionLoop.builder(estate, new RecordingSink()).build();
    assertThat(loop.status(TENANT)).isEqualTo(new DetectionLoop.Status(0, 0, 0, Optional.empty()));

    run(loop, 10, 20);
    DetectionLoop.Status learning = loop.status(TENANT);
    // The estate's data starts at minute 0: the fits at minutes 10 and 15 found 10 and 15
    // minutes, fewer than the 30 a detector needs.
    assertThat(learning.services()).isZero();
    assertThat(learning.baselineMinutes()).isBetween(10, 29);
    assertThat(loop.minBaselineMinutes()).isEqualTo(30);
    assertThat(learning.lastMinute()).contains(minute(19));

    run(loop, 20, 60);
    DetectionLoop.Status watching = loop.status(TENANT);
    assertThat(watching.services()).isEqualTo(4);
    assertThat(watching.baselineMinutes()).isGreaterThanOrEqualTo(30);
    assertThat(watching.openIncidents()).isZero();
  }

  @Test
  void aLongIncidentKeepsOnlyItsOwnServicesOutOfTheBaseline() {
    // Two hours of fault against a one-hour baseline: the incident's services run out of baseline,
    // the others keep being fitted and scored.
    var estate = SyntheticEstate.faultBetween(200, 320);
    var sink = new RecordingSink();
    DetectionLoop loop =
        DetectionLoop.builder(estate, sink)
            .baseline(Duration.ofHours(1))
            .refitEvery(Duration.ofMinutes(10))
            .build();

    List<Tick> ticks = run(loop, 150, 300);

    UUID first = sink.accepted.getFirst().incident().id();
    Set<String> inIncident =
        sink.accepted.stream()
            .filter(e -> e.incident().id().equals(first))
            .reduce((a, b) -> b)
            .orElseThrow()
            .incident()
            .services();
    assertThat(inIncident).contains("carts-db").hasSizeLessThan(SyntheticEstate.SERVICES.size());
    // The tenant is never blind: the services outside the incident are scored every minute.
    assertThat(ticks.stream().mapToInt(Tick::scored).min().orElseThrow())
        .isGreaterThanOrEqualTo(SyntheticEstate.SERVICES.size() - inIncident.size());
    assertThat(ticks.stream().mapToInt(Tick::services).min().orElseThrow())
        .isEqualTo(SyntheticEstate.SERVICES.size() - inIncident.size());
    // The fault still runs when its services lose their detectors: the incident closes, and says
    // that this is not a recovery.
    assertThat(
            sink.accepted.stream()
                .filter(e -> e.incident().id().equals(first))
                .filter(e -> e instanceof IncidentEvent.Closed)
                .map(e -> ((IncidentEvent.Closed) e).resolution()))
        .containsExactly(IncidentEvent.Resolution.UNWATCHED);
  }

  @Test
  void aFlatFeatureMustDoubleOrFallToZeroToRaiseTheDeviationAlarm() {
    // A quantised p99 sits at 5 ms in every baseline minute (IQR 0).
    var rows = new ArrayList<ServiceMinute>();
    var random = new java.util.Random(2);
    for (int m = 0; m < 60; m++) {
      rows.add(
          new ServiceMinute(
              "ship",
              minute(m),
              0,
              0,
              Double.NaN,
              Double.NaN,
              Double.NaN,
              0,
              java.util.Map.of("p99", 0.005, "cpu", 0.3 + 0.01 * random.nextGaussian())));
    }
    FeatureTable baseline = FeatureTable.of(rows);
    ServiceModel model = ServiceModel.fit(baseline, "ship", 30).orElseThrow();
    int p99 = model.features().indexOf("p99");
    double[] row = model.row(baseline, minute(10));
    row[model.features().indexOf("cpu")] = 0.3; // CPU at its baseline median

    assertThat(model.largestDeviation(row)).isLessThan(1);

    row[p99] = 0.009; // +80 %: 80 of BARO's 1 % scales, 8 of the alarm's
    assertThat(model.largestDeviation(row)).isCloseTo(8, within(1e-9));
    row[p99] = 0.0105; // more than doubled
    assertThat(model.largestDeviation(row)).isGreaterThan(10);
    row[p99] = 0; // gone
    assertThat(model.largestDeviation(row)).isCloseTo(10, within(1e-9));
    assertThat(model.relativeScore(row, 10)).isGreaterThanOrEqualTo(1);
  }

  @Test
  void whenTheRcaCannotRunTheFindingComesFromTheDetectors() {
    // Features for the RCA's baseline hour are missing: only the loop's own reads succeed.
    var estate = SyntheticEstate.faultBetween(240, 252);
    FeatureSource rcaStarved =
        (tenant, window) ->
            Duration.between(window.start(), window.end()).equals(Duration.ofHours(1))
                ? FeatureData.empty()
                : estate.features(tenant, window);
    var sink = new RecordingSink();
    DetectionLoop loop = DetectionLoop.builder(rcaStarved, sink).build();

    List<Tick> ticks = run(loop, 200, 290);

    assertThat(ticks.stream().mapToInt(Tick::fallbacks).sum()).isPositive();
    assertThat(sink.count(IncidentEvent.Opened.class)).isEqualTo(1);
    Finding finding = sink.accepted.getFirst().incident().finding();
    assertThat(finding.causes()).isNotEmpty();
    Finding.Cause db =
        finding.causes().stream()
            .filter(c -> c.service().equals("carts-db"))
            .findFirst()
            .orElseThrow();
    assertThat(db.evidence()).isNotEmpty();
    assertThat(db.evidence().getFirst().deviation()).isGreaterThan(3);
  }

  @Test
  void tenantsAreSeparate() {
    var estate = SyntheticEstate.faultBetween(240, 252);
    var sink = new RecordingSink();
    DetectionLoop loop = DetectionLoop.builder(estate, sink).build();
    for (int m = 200; m < 250; m++) {
      loop.tick("a", now(m));
      loop.tick("b", now(m));
    }
    assertThat(sink.accepted.stream().map(e -> e.incident().tenant()).distinct())
        .containsExactlyInAnyOrder("a", "b");
    assertThat(sink.count(IncidentEvent.Opened.class)).isEqualTo(2);
  }

  private static final class FailingSource implements FeatureSource {
    private final FeatureSource delegate;
    boolean failing;

    FailingSource(FeatureSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public FeatureData features(String tenant, TimeWindow window) {
      if (failing) {
        throw new SourceException(SourceException.Reason.UNAVAILABLE, "core unavailable");
      }
      return delegate.features(tenant, window);
    }
  }

  @Test
  void theDeviationAlarmIsOffOrOneToAThousandIqrs() {
    var builder = DetectionLoop.builder(SyntheticEstate.faultBetween(0, 0), new RecordingSink());
    for (double bad : new double[] {-1, 0.5, 1001, Double.NaN}) {
      assertThatThrownBy(() -> builder.deviationAlarm(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("deviationAlarm");
    }
    builder.deviationAlarm(0).deviationAlarm(10).build();
  }

  @Test
  void aLargeMoveOfOneFeatureScoresByItsDeviationWhenTheForestScoresLess() {
    var estate = SyntheticEstate.faultBetween(0, 0);
    FeatureTable baseline =
        FeatureTable.of(estate.features(TENANT, new TimeWindow(minute(0), minute(180))).minutes());
    ServiceModel model = ServiceModel.fit(baseline, "carts", 30).orElseThrow();
    double[] row = model.row(baseline, minute(100));
    assertThat(model.relativeScore(row, 0)).isEqualTo(model.relativeScore(row));

    String feature = model.features().getFirst();
    var robust = io.mirador.rca.RobustBaseline.of(baseline.series("carts", feature));
    double iqrs = 40;
    row[0] =
        robust.median()
            + iqrs
                * Math.max(
                    robust.iqr(), ServiceModel.ALARM_RELATIVE_FLOOR * Math.abs(robust.median()));
    assertThat(model.relativeScore(row, 10))
        .isGreaterThanOrEqualTo(model.relativeScore(row))
        .isGreaterThanOrEqualTo(iqrs / 10 * 0.99);
  }
}
