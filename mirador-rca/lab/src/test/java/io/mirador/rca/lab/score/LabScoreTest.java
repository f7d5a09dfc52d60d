package io.mirador.rca.lab.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.rca.lab.schedule.FaultType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LabScoreTest {
  static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

  static Instant at(int minutes, int seconds) {
    return T.plusSeconds(minutes * 60L + seconds);
  }

  static LabCase labCase(int i, FaultType type, String truth, int startMinute) {
    return new LabCase(i, "f" + i, type, truth, truth, at(startMinute, 0), at(startMinute + 4, 0));
  }

  @Test
  void aFindingThatGainsTheTrueServiceAfterTheStartDetectsItWithItsDelayAndRank() {
    LabCase c = labCase(1, FaultType.EXCEPTION, "payment", 30);
    // opened by the loop 2 min 30 s after the start, payment in it from the first sighting
    FindingTrack fresh = new FindingTrack("a", at(30, 0), at(32, 30), at(32, 40));
    fresh.saw(at(32, 40), List.of("frontend", "payment"), List.of("payment", "frontend"));
    Optional<Detection> d = Detection.of(c, List.of(fresh));
    assertThat(d).isPresent();
    assertThat(d.get().delay()).isEqualTo(Duration.ofSeconds(150));
    assertThat(d.get().rank()).isEqualTo(1);
    assertThat(d.get().findingId()).isEqualTo("a");
  }

  @Test
  void anOlderFindingThatGainsTheServiceLaterCountsFromThePollThatShowedIt() {
    LabCase c = labCase(1, FaultType.NETWORK_DELAY, "cart", 30);
    FindingTrack older = new FindingTrack("b", at(20, 0), at(23, 0), at(23, 5));
    older.saw(at(23, 5), List.of("frontend"), List.of("frontend", "gateway"));
    older.saw(at(33, 15), List.of("frontend", "cart"), List.of("frontend", "gateway", "cart"));
    Detection d = Detection.of(c, List.of(older)).orElseThrow();
    assertThat(d.delay()).isEqualTo(Duration.ofSeconds(195));
    assertThat(d.rank()).isEqualTo(3);
  }

  @Test
  void aFindingThatHeldTheServiceBeforeTheStartOrGainedItTooLateDoesNotDetect() {
    LabCase c = labCase(1, FaultType.EXCEPTION, "payment", 30);
    FindingTrack before = new FindingTrack("c", at(25, 0), at(28, 0), at(28, 5));
    before.saw(at(28, 5), List.of("payment"), List.of("payment"));
    FindingTrack late = new FindingTrack("d", at(39, 0), at(41, 0), at(41, 5));
    late.saw(at(41, 5), List.of("payment"), List.of("payment"));
    FindingTrack other = new FindingTrack("e", at(31, 0), at(33, 0), at(33, 5));
    other.saw(at(33, 5), List.of("orders"), List.of("orders"));
    assertThat(Detection.of(c, List.of(before, late, other))).isEmpty();
  }

  @Test
  void quietTimeLeavesOutTwoMinutesBeforeToTenAfterEachStart() {
    // scored 10:00-11:00, faults at 10:20 and 10:25 (spans 10:18-10:35 merged)
    QuietTime q =
        new QuietTime(
            at(0, 0),
            at(60, 0),
            List.of(
                labCase(1, FaultType.CPU_HOG, "a", 20), labCase(2, FaultType.CPU_HOG, "b", 25)));
    assertThat(q.length()).isEqualTo(Duration.ofMinutes(60 - 17));
    assertThat(q.isQuiet(at(17, 59))).isTrue();
    assertThat(q.isQuiet(at(18, 0))).isFalse();
    assertThat(q.isQuiet(at(34, 59))).isFalse();
    assertThat(q.isQuiet(at(35, 0))).isTrue();
    assertThat(q.isQuiet(at(60, 0))).as("after the scored period").isFalse();
    assertThat(q.isQuiet(T.minusSeconds(1))).as("before the loop watched").isFalse();
  }

  @Test
  void figuresPerTypeAndOverallWithFalseFindingsPerQuietHour() {
    LabCase e1 = labCase(1, FaultType.EXCEPTION, "payment", 20);
    LabCase e2 = labCase(2, FaultType.EXCEPTION, "cart", 40);
    LabCase n1 = labCase(3, FaultType.NETWORK_DELAY, "orders", 60);
    FindingTrack f1 = new FindingTrack("f1", at(20, 0), at(22, 0), at(22, 5));
    f1.saw(at(22, 5), List.of("payment"), List.of("payment"));
    FindingTrack f3 = new FindingTrack("f3", at(60, 0), at(64, 0), at(64, 5));
    f3.saw(at(64, 5), List.of("orders", "gateway"), List.of("gateway", "orders"));
    FindingTrack falseOne = new FindingTrack("x", at(80, 0), at(83, 0), at(83, 5));
    falseOne.saw(at(83, 5), List.of("db"), List.of("db"));
    List<FindingTrack> findings = List.of(f1, f3, falseOne);
    List<CaseOutcome> outcomes =
        List.of(
            CaseOutcome.of(e1, findings, List.of("payment", "db"), null),
            CaseOutcome.of(e2, findings, List.of("db", "x", "cart"), null),
            CaseOutcome.of(n1, findings, List.of(), "POST /api/v1/rca answered HTTP 422"));
    // traffic from 9:50, watching from 10:00, scored until 11:40 (100 min)
    LabScore score = LabScore.of(outcomes, findings, T.minusSeconds(600), T, at(100, 0), 42);

    assertThat(score.falseFindings()).extracting(FindingTrack::id).containsExactly("x");
    // 100 min minus 18-30, 38-50, 58-70 = 64 min quiet
    assertThat(score.quiet()).isEqualTo(Duration.ofMinutes(64));
    assertThat(score.falseFindingsPerQuietHour())
        .isCloseTo(60.0 / 64, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(score.summaryLines())
        .containsExactly(
            "type=network-delay cases=1 detected=1 delay_median_s=240 AC@1=0.000 AC@3=0.000"
                + " Avg@5=0.000 shown=1 shown_within_3_min=0",
            "type=exception cases=2 detected=1 delay_median_s=120 AC@1=0.500 AC@3=1.000"
                + " Avg@5=0.800 shown=1 shown_within_3_min=1",
            "all cases=3 detected=2 delay_median_s=180 AC@1=0.333 AC@3=0.667 Avg@5=0.533"
                + " false_findings_per_quiet_hour=0.94 first_scored_minute_after_s=600 seed=42"
                + " shown=2 shown_within_3_min=1");
    assertThat(score.all().detectedWithin3Minutes()).isEqualTo(1);
    assertThat(score.all().rcaFailures()).isEqualTo(1);
  }

  @Test
  void withoutAWatchingLoopThereIsNoQuietTimeAndNoFirstScoredMinute() {
    LabScore score = LabScore.of(List.of(), List.of(), T, null, at(60, 0), 1);
    assertThat(score.falseFindingsPerQuietHour()).isNull();
    assertThat(score.summaryLines().getLast())
        .isEqualTo(
            "all cases=0 detected=0 delay_median_s=- AC@1=0.000 AC@3=0.000 Avg@5=0.000"
                + " false_findings_per_quiet_hour=- first_scored_minute_after_s=- seed=1"
                + " shown=0 shown_within_3_min=0");
  }

  @Test
  void medianOfEvenAndOddCounts() {
    assertThat(LabScore.median(List.of(3L, 1L, 2L))).isEqualTo(2.0);
    assertThat(LabScore.median(List.of(4L, 1L, 2L, 3L))).isEqualTo(2.5);
    assertThat(LabScore.median(List.of())).isNull();
  }
}
