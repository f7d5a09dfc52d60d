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

  /**
   * The wall-clock time at which minute {@code m} is the latest settled, complete minute: the
   * service's run 20 s (the settle time) and 5 s after the minute ends.
   */
  private static Instant now(int m) {
    return minute(m + 1).plusSeconds(25);
  }

  private static List<Tick> run(DetectionLoop loop, int from, int to) {
    var ticks = new ArrayList<Tick>();
    for (int m = from; m < to; m++) {
      ticks.add(loop.tick(TENANT, now(m)));
    }
    return ticks;
  }

  /**
   * No service's own features move; from minute 240 to 252 every call into catalogue waits 400 ms
   * on the wire (its server spans end on time, as with a slow network on its way out).
   */
  private static FeatureSource slowWayOutOfCatalogue() {
    return quietWithEdges(
        m -> {
          double jitter = 1e4 * (m.getEpochSecond() / 60 % 5);
          boolean slow = SyntheticEstate.within(m, 240, 252);
          double gap = (slow ? 400e6 : 5e5) + jitter;
          return List.of(
              new EdgeMinute("front-end", "catalogue", m, 50, 0, gap, 2 * gap, 1e6, 2e6, "ab", 0),
              new EdgeMinute(
                  "front-end", "carts", m, 50, 0, 5e5 + jitter, 1e6 + jitter, 1e6, 2e6, "ab", 0));
        });
  }

  /** An estate whose own features never move, with {@code edges} of each minute. */
  private static FeatureSource quietWithEdges(
      java.util.function.Function<Instant, List<EdgeMinute>> edges) {
    var quiet = new SyntheticEstate(SyntheticEstate.T0, m -> false, m -> false);
    return new FeatureSource() {
      @Override
      public FeatureData features(String tenant, TimeWindow w) {
        return quiet.features(tenant, w);
      }

      @Override
      public List<EdgeMinute> edges(String tenant, TimeWindow w) {
        var out = new ArrayList<EdgeMinute>();
        for (Instant m = w.start(); m.isBefore(w.end()); m = m.plusSeconds(60)) {
          out.addAll(edges.apply(m));
        }
        return out;
      }
    };
  }

  @Test
  void aServiceWhoseCallersWaitOnTheWireIsFoundByItsInboundCalls() {
    var sink = new RecordingSink();
    // the default
    run(DetectionLoop.builder(slowWayOutOfCatalogue(), sink).build(), 200, 250);

    assertThat(sink.count(IncidentEvent.Opened.class)).isEqualTo(1);
    IncidentEvent.Opened opened = (IncidentEvent.Opened) sink.accepted.getFirst();
    assertThat(opened.incident().window().start()).isEqualTo(minute(240));
    assertThat(opened.incident().services()).containsExactly("catalogue");

    var alarmOnly = new RecordingSink();
    run(
        DetectionLoop.builder(retriedCatalogue(), alarmOnly)
            .inboundRepeats(DetectionLoop.InboundRepeats.ALARM_ONLY)
            .build(),
        200,
        250);
    assertThat(alarmOnly.count(IncidentEvent.Opened.class)).isEqualTo(1);
    assertThat(((IncidentEvent.Opened) alarmOnly.accepted.getFirst()).incident().services())
        .containsExactly("catalogue");

    var blind = new RecordingSink();
    run(
        DetectionLoop.builder(slowWayOutOfCatalogue(), blind).inboundCalls(false).build(),
        200,
        250);
    assertThat(blind.accepted).isEmpty();
  }

  /**
   * No service's own features move, nor any call's latency; from minute 240 to 252 front-end asks
   * catalogue again for half of its answers (it found them wrong, as a caller checking the key it
   * asked for does), 0-2 repeats a minute before.
   */
  private static FeatureSource retriedCatalogue() {
    return quietWithEdges(
        m -> {
          long minute = m.getEpochSecond() / 60;
          boolean wrong = SyntheticEstate.within(m, 240, 252);
          long calls = 60 + minute % 7;
          long repeats = wrong ? calls / 2 : minute % 3;
          return List.of(
              new EdgeMinute(
                  "front-end",
                  "catalogue",
                  m,
                  calls + repeats,
                  repeats,
                  5e5,
                  1e6,
                  1e6,
                  2e6,
                  "ab",
                  0));
        });
  }

  @Test
  void aServiceWhoseAnswersItsCallersRetryIsFoundByItsInboundRepeats() {
    var sink = new RecordingSink();
    run(
        DetectionLoop.builder(retriedCatalogue(), sink)
            .inboundRepeats(DetectionLoop.InboundRepeats.FOREST_AND_ALARM)
            .build(),
        200,
        250);

    assertThat(sink.count(IncidentEvent.Opened.class)).isEqualTo(1);
    IncidentEvent.Opened opened = (IncidentEvent.Opened) sink.accepted.getFirst();
    assertThat(opened.incident().window().start()).isEqualTo(minute(240));
    assertThat(opened.incident().services()).containsExactly("catalogue");

    var blind = new RecordingSink();
    run(
        DetectionLoop.builder(retriedCatalogue(), blind)
            .inboundRepeats(DetectionLoop.InboundRepeats.OFF)
            .build(),
        200,
        250);
    assertThat(blind.accepted).isEmpty();
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
    // carts-db's fault is far above its level (twice and more): opened in its first minute.
    assertThat(opened.incident().window().start()).isEqualTo(minute(240));
    assertThat(opened.incident().window().end()).isEqualTo(minute(241));
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
    run(loop, 200, 240);
    sink.failNext = 6;

    List<Tick> ticks = run(loop, 240, 290);

    assertThat(sink.refused).isEqualTo(6);
    assertThat(ticks.stream().mapToInt(Tick::pending).max().orElseThrow()).isEqualTo(1);
    assertThat(ticks.getLast().pending()).isZero();
    assertThat(sink.count(IncidentEvent.Opened.class)).isEqualTo(1);
    assertThat(sink.count(IncidentEvent.Closed.class)).isEqualTo(1);
    // The opening that finally got through carried the latest state, not the stale first one.
    IncidentEvent.Opened opened = (IncidentEvent.Opened) sink.accepted.getFirst();
    assertThat(opened.incident().window().end()).isAfter(minute(241));
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
  void tooLittleBaselineScoresNothingAndRetriesTheFitEveryMinute() {
    var estate = SyntheticEstate.faultBetween(0, 0);
    var sink = new RecordingSink();
    DetectionLoop loop = DetectionLoop.builder(estate, sink).build();

    // The estate's data starts at minute 0: minutes 2-4 have 2-4 minutes of baseline, fewer than
    // the 5 a detector needs.
    List<Tick> early = run(loop, 2, 5);
    List<Tick> later = run(loop, 5, 60);

    assertThat(early.stream().mapToInt(Tick::scored).sum()).isZero();
    assertThat(early).allMatch(Tick::refitted);
    // Scored from minute 5 on, the first minute with five minutes of baseline before it.
    assertThat(later.getFirst().lastMinute()).contains(minute(5));
    assertThat(later.getFirst().services()).isEqualTo(4);
    assertThat(later.getFirst().scored()).isEqualTo(4);
    // Refitted every minute while the baseline is short (minutes 5-30), then hourly.
    assertThat(later.stream().filter(Tick::refitted).count()).isEqualTo(26);
    assertThat(later.getLast().scored()).isEqualTo(4);
  }

  @Test
  void theStatusSaysLearningUntilFiveMinutesThenWatchingOnAWidenedLevelUntilThirty() {
    var estate = SyntheticEstate.faultBetween(0, 0);
    DetectionLoop loop = DetectionLoop.builder(estate, new RecordingSink()).build();
    assertThat(loop.status(TENANT))
        .isEqualTo(new DetectionLoop.Status(0, 0, 0, Optional.empty(), Optional.empty()));

    run(loop, 2, 5);
    DetectionLoop.Status learning = loop.status(TENANT);
    assertThat(learning.services()).isZero();
    assertThat(learning.baselineMinutes()).isEqualTo(4);
    assertThat(learning.tolerance()).isEmpty();
    assertThat(loop.minBaselineMinutes()).isEqualTo(5);
    assertThat(loop.fullBaselineMinutes()).isEqualTo(30);
    assertThat(learning.lastMinute()).contains(minute(4));

    run(loop, 5, 8);
    DetectionLoop.Status shortBaseline = loop.status(TENANT);
    assertThat(shortBaseline.services()).isEqualTo(4);
    assertThat(shortBaseline.tolerance()).contains(new BaselineTolerance(7, 30));
    assertThat(shortBaseline.tolerance().orElseThrow().describe())
        .isEqualTo("short baseline: 7 of 30 minutes, tolerance widened x2.07");

    run(loop, 8, 60);
    DetectionLoop.Status watching = loop.status(TENANT);
    assertThat(watching.services()).isEqualTo(4);
    assertThat(watching.baselineMinutes()).isGreaterThanOrEqualTo(30);
    assertThat(watching.tolerance().orElseThrow().isShort()).isFalse();
    assertThat(watching.tolerance().orElseThrow().factor()).isEqualTo(1.0);
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
  void servicesOfAWarmStartIncidentAreWatchedAgainOnceTheirBaselineIsFullNotAtTheHourlyRefit() {
    // A fault in minutes 10-15, during the warm start: at minute 30 the tenant has 30 baseline
    // minutes, the incident's services 24 of them (their incident's minutes stay out), too few for
    // a fitted level. They get it back when they have 30 (minute 36), not at the next hourly refit
    // (minute 90, session 11's lab runs: blind for an hour), so the second fault is found.
    var estate =
        new SyntheticEstate(
            SyntheticEstate.T0,
            m -> SyntheticEstate.within(m, 10, 16) || SyntheticEstate.within(m, 45, 55),
            m -> false);
    var sink = new RecordingSink();
    DetectionLoop loop = DetectionLoop.builder(estate, sink).build();

    List<Tick> ticks = run(loop, 2, 70);

    Tick atThirty = ticks.get(30 - 2);
    assertThat(atThirty.lastMinute()).contains(minute(30));
    assertThat(atThirty.services()).isLessThan(SyntheticEstate.SERVICES.size());
    int watchedAgain =
        ticks.stream()
            .filter(t -> t.lastMinute().orElseThrow().isAfter(minute(30)))
            .filter(t -> t.services() == SyntheticEstate.SERVICES.size())
            .findFirst()
            .orElseThrow()
            .lastMinute()
            .map(m -> (int) Duration.between(SyntheticEstate.T0, m).toMinutes())
            .orElseThrow();
    assertThat(watchedAgain).isBetween(31, 37);
    List<IncidentEvent.Opened> opened =
        sink.accepted.stream()
            .filter(e -> e instanceof IncidentEvent.Opened)
            .map(e -> (IncidentEvent.Opened) e)
            .toList();
    assertThat(opened).hasSize(2);
    assertThat(opened.get(1).incident().window().start()).isEqualTo(minute(45));
    assertThat(opened.get(1).incident().services()).contains("carts-db");
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

  /**
   * One service whose latencies move {@code iqrs} alarm scales (10 % of the median: its noise is
   * smaller) from minute {@code from} to {@code to}; data from minute 0.
   */
  private static FeatureSource oneService(double iqrs, int from, int to) {
    return (tenant, window) -> {
      var rows = new ArrayList<ServiceMinute>();
      for (Instant m = window.start(); m.isBefore(window.end()); m = m.plusSeconds(60)) {
        if (m.isBefore(minute(0))) {
          continue;
        }
        var r = new java.util.SplittableRandom(m.getEpochSecond());
        double p50 = 1e6 * (1 + 0.01 * r.nextGaussian());
        if (SyntheticEstate.within(m, from, to)) {
          p50 += iqrs * 1e5;
        }
        rows.add(
            new ServiceMinute("checkout", m, 100, 0, p50, 2 * p50, 3 * p50, 0, java.util.Map.of()));
      }
      return new FeatureData(rows, List.of());
    };
  }

  /**
   * One service with {@code requests} requests a minute (with 1 % noise) whose p99 alone rises 60
   * alarm scales (6 times the deviation alarm: far above the 2x that opens at once) from minute
   * {@code from} to {@code to}; data from minute 0. With {@code perSecond} the latencies and the
   * request rate are gauges ({@code p99}, {@code ops} per second), as in metric-only data.
   */
  private static FeatureSource tailSpike(long requests, int from, int to, boolean perSecond) {
    return (tenant, window) -> {
      var rows = new ArrayList<ServiceMinute>();
      for (Instant m = window.start(); m.isBefore(window.end()); m = m.plusSeconds(60)) {
        if (m.isBefore(minute(0))) {
          continue;
        }
        var r = new java.util.SplittableRandom(m.getEpochSecond());
        double p50 = 1e6 * (1 + 0.01 * r.nextGaussian());
        double p99 = 3 * p50;
        if (SyntheticEstate.within(m, from, to)) {
          p99 += 60 * 0.1 * 3e6;
        }
        long n = Math.round(requests * (1 + 0.01 * r.nextGaussian()));
        rows.add(
            perSecond
                ? new ServiceMinute(
                    "ship",
                    m,
                    0,
                    0,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    0,
                    java.util.Map.of("p99", p99 / 1e9, "ops", n / 60.0))
                : new ServiceMinute("ship", m, n, 0, p50, 2 * p50, p99, 0, java.util.Map.of()));
      }
      return new FeatureData(rows, List.of());
    };
  }

  private static List<IncidentEvent.Opened> opened(RecordingSink sink) {
    return sink.accepted.stream()
        .filter(IncidentEvent.Opened.class::isInstance)
        .map(IncidentEvent.Opened.class::cast)
        .toList();
  }

  @Test
  void aOneMinuteP99SpikeOverAHundredRequestsDoesNotOpenAtOnce() {
    // p99 over 100 requests: one request above it, the rule of five needs 500.
    // Session 10: every quantile counts in full.
    var off = new RecordingSink();
    List<Tick> counted =
        run(
            DetectionLoop.builder(tailSpike(100, 60, 61, false), off).minTailRequests(0).build(),
            30,
            80);
    assertThat(opened(off)).hasSize(1);
    assertThat(counted.stream().mapToInt(Tick::heldBack).sum()).isZero();
    assertThat(opened(off).getFirst().incident().window())
        .isEqualTo(new TimeWindow(minute(60), minute(61)));

    // The default.
    var on = new RecordingSink();
    List<Tick> ticks =
        run(DetectionLoop.builder(tailSpike(100, 60, 61, false), on).build(), 30, 80);
    assertThat(on.accepted).isEmpty();
    // Still an anomalous minute: it counts toward a streak; held back, and counted as such.
    assertThat(ticks.stream().mapToInt(Tick::anomalous).sum()).isGreaterThanOrEqualTo(1);
    assertThat(ticks.stream().mapToInt(Tick::heldBack).sum()).isEqualTo(1);
  }

  @Test
  void thinP99MinutesStillOpenAfterThreeInARow() {
    var sink = new RecordingSink();
    run(
        DetectionLoop.builder(tailSpike(100, 60, 63, false), sink).minTailRequests(5).build(),
        30,
        80);
    assertThat(opened(sink)).hasSize(1);
    assertThat(opened(sink).getFirst().incident().window())
        .isEqualTo(new TimeWindow(minute(60), minute(63)));
  }

  @Test
  void aOneMinuteP99SpikeOverAThousandRequestsOpensAtOnce() {
    // 1000 requests: 10 above the p99.
    var sink = new RecordingSink();
    List<Tick> ticks =
        run(
            DetectionLoop.builder(tailSpike(1000, 60, 61, false), sink).minTailRequests(5).build(),
            30,
            80);
    assertThat(opened(sink)).hasSize(1);
    assertThat(ticks.stream().mapToInt(Tick::heldBack).sum()).isZero();
    assertThat(opened(sink).getFirst().incident().window())
        .isEqualTo(new TimeWindow(minute(60), minute(61)));
  }

  @Test
  void aGaugeQuantileIsJudgedByTheRateThatCountsItsRequests() {
    var p99 = List.of(new TailQuantile("p99", 0.99, "ops", 60));
    // 2 requests a second: 120 a minute, 1.2 above the p99.
    var thin = new RecordingSink();
    run(
        DetectionLoop.builder(tailSpike(120, 60, 61, true), thin)
            .minTailRequests(5)
            .tailQuantiles(p99)
            .build(),
        30,
        80);
    assertThat(thin.accepted).isEmpty();
    // Without the mapping the gauge is not known as a quantile and counts in full.
    var unknown = new RecordingSink();
    run(
        DetectionLoop.builder(tailSpike(120, 60, 61, true), unknown).minTailRequests(5).build(),
        30,
        80);
    assertThat(opened(unknown)).hasSize(1);
    // A rate of 0 beside a measured p99: the counter misses the requests, the count is unknown.
    var zero = new RecordingSink();
    run(
        DetectionLoop.builder(tailSpike(0, 60, 61, true), zero)
            .minTailRequests(5)
            .tailQuantiles(p99)
            .build(),
        30,
        80);
    assertThat(opened(zero)).hasSize(1);
    // 20 a second: 1200 a minute, 12 above it.
    var busy = new RecordingSink();
    run(
        DetectionLoop.builder(tailSpike(1200, 60, 61, true), busy)
            .minTailRequests(5)
            .tailQuantiles(p99)
            .build(),
        30,
        80);
    assertThat(opened(busy)).hasSize(1);
    assertThat(opened(busy).getFirst().incident().window())
        .isEqualTo(new TimeWindow(minute(60), minute(61)));
  }

  @Test
  void theTailSupportIsZeroToAThousandRequests() {
    var builder = DetectionLoop.builder(tailSpike(100, 0, 0, false), new RecordingSink());
    assertThatThrownBy(() -> builder.minTailRequests(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minTailRequests");
    assertThatThrownBy(() -> new TailQuantile("p99", 1, "ops", 60))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("level");
    assertThatThrownBy(() -> new TailQuantile("p99", 0.99, "ops", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("countScale");
    assertThat(new TailQuantile("p99", 0.99, "ops", 60).tailRequests(5)).isCloseTo(3, within(1e-9));
    assertThat(new TailQuantile("p50", 0.5, "requests", 1).tailRequests(10)).isEqualTo(5);
  }

  @Test
  void aMoveThatAlarmsOnAFullBaselineStaysUnderTheWidenedLevelOfAShortOne() {
    // 18 scales: 1.8 times the alarm level, under the 2x that opens at once.
    var full = new RecordingSink();
    DetectionLoop onFull = DetectionLoop.builder(oneService(18, 60, 70), full).build();
    run(onFull, 30, 80);
    assertThat(full.count(IncidentEvent.Opened.class)).isEqualTo(1);
    IncidentEvent.Opened opened = (IncidentEvent.Opened) full.accepted.getFirst();
    // Three anomalous minutes: opened by minute 62, from minute 60.
    assertThat(opened.incident().window()).isEqualTo(new TimeWindow(minute(60), minute(63)));
    assertThat(onFull.baselineNote(TENANT, opened.incident().id())).isEmpty();

    // The same move on 5 to 9 minutes of baseline: sqrt(30 / 5) = 2.45 down to 1.83 > 1.8.
    var shortSink = new RecordingSink();
    DetectionLoop onShort = DetectionLoop.builder(oneService(18, 5, 10), shortSink).build();
    List<Tick> ticks = run(onShort, 2, 10);
    assertThat(ticks.stream().mapToInt(Tick::scored).sum()).isEqualTo(5);
    assertThat(ticks.stream().mapToInt(Tick::anomalous).sum()).isZero();
    assertThat(shortSink.accepted).isEmpty();
  }

  @Test
  void aLargeFaultOnAShortBaselineIsFoundAndItsFindingSaysTheBaselineWasShort() {
    // 60 scales: still 24 times the level widened x2.45 on 5 minutes of baseline.
    var sink = new RecordingSink();
    DetectionLoop loop = DetectionLoop.builder(oneService(60, 7, 12), sink).build();
    run(loop, 2, 25);
    assertThat(sink.count(IncidentEvent.Opened.class)).isEqualTo(1);
    IncidentEvent.Opened opened = (IncidentEvent.Opened) sink.accepted.getFirst();
    // Far above the widened level: opened in the fault's first minute.
    assertThat(opened.incident().window()).isEqualTo(new TimeWindow(minute(7), minute(8)));
    assertThat(loop.baselineNote(TENANT, opened.incident().id()))
        .contains("opened on a short baseline: 7 of 30 minutes, tolerance widened x2.07");
  }

  @Test
  void theWarmStartIsConfigurable() {
    var builder = DetectionLoop.builder(SyntheticEstate.faultBetween(0, 0), new RecordingSink());
    assertThatThrownBy(() -> builder.fullBaselineMinutes(1))
        .hasMessageContaining("fullBaselineMinutes");
    assertThatThrownBy(() -> builder.minBaselineMinutes(40).fullBaselineMinutes(30).build())
        .hasMessageContaining("minBaselineMinutes (40) must not exceed fullBaselineMinutes (30)");
    // No warm start: the minimum equals the full size, nothing is widened.
    DetectionLoop noWarmStart = builder.minBaselineMinutes(30).fullBaselineMinutes(30).build();
    List<Tick> ticks = run(noWarmStart, 2, 40);
    assertThat(ticks.subList(0, 28).stream().mapToInt(Tick::scored).sum()).isZero();
    assertThat(ticks.get(28).lastMinute()).contains(minute(30));
    assertThat(ticks.get(28).scored()).isEqualTo(4);
  }
}
