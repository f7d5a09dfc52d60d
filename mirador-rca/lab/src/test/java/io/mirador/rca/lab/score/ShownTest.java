package io.mirador.rca.lab.score;

import static io.mirador.rca.lab.score.LabScoreTest.at;
import static io.mirador.rca.lab.score.LabScoreTest.labCase;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.rca.lab.schedule.FaultType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The second detection figure: a finding <em>showed</em> the true service (among its services or
 * its first 3 causes), kept apart from the primary "gained among the services" figure.
 */
class ShownTest {
  @Test
  void aCauseRankedInTheFirstThreeIsShownAtThePollThatRankedItButNeverGained() {
    // wrong-return on pricing at 30:00: the loop opens a finding for its caller catalog
    FindingTrack f = new FindingTrack("w", at(29, 50), at(31, 0), at(31, 10));
    f.saw(
        at(31, 10),
        List.of("catalog", "gateway"),
        List.of("catalog", "gateway", "auth", "pricing"));
    assertThat(f.shown("pricing")).as("4th cause: not shown").isNull();
    f.saw(at(31, 20), List.of("catalog", "gateway"), List.of("catalog", "pricing", "gateway"));
    f.saw(at(31, 30), List.of("catalog", "gateway"), List.of("pricing", "catalog"));

    assertThat(f.shown("pricing")).as("first poll that ranked it 1-3").isEqualTo(at(31, 20));
    assertThat(f.rankWhenShown("pricing")).isEqualTo(2);
    assertThat(f.gained("pricing")).as("never one of the incident's services").isNull();
    assertThat(f.rankWhenGained("pricing")).isZero();
    // a service among the incident's services is shown as it is gained, with the same time
    assertThat(f.shown("catalog")).isEqualTo(f.gained("catalog")).isEqualTo(at(31, 0));
    assertThat(f.shown("auth"))
        .as("ranked 3rd at 31:10, from the first sighting")
        .isEqualTo(at(31, 0));
  }

  @Test
  void aCauseShownFromTheFirstSightingTakesTheLoopsDetectedAt() {
    FindingTrack f = new FindingTrack("w", at(29, 50), at(31, 0), at(31, 10));
    f.saw(at(31, 10), List.of("catalog"), List.of("catalog", "gateway", "pricing"));

    assertThat(f.shown("pricing")).isEqualTo(at(31, 0));
    assertThat(f.rankWhenShown("pricing")).isEqualTo(3);
  }

  @Test
  void aCaseShownButNotDetectedCountsInTheSecondFigureOnly() {
    LabCase c = labCase(1, FaultType.WRONG_RETURN, "pricing", 30);
    FindingTrack f = new FindingTrack("w", at(30, 30), at(31, 0), at(31, 10));
    f.saw(at(31, 10), List.of("catalog"), List.of("catalog"));
    f.saw(at(33, 40), List.of("catalog"), List.of("catalog", "pricing"));

    CaseOutcome o = CaseOutcome.of(c, List.of(f), List.of("catalog", "pricing"), null);

    assertThat(o.detection()).isEmpty();
    Detection shown = o.shown().orElseThrow();
    assertThat(shown.findingId()).isEqualTo("w");
    assertThat(shown.delay()).isEqualTo(Duration.ofSeconds(220));
    assertThat(shown.rank()).isEqualTo(2);
    assertThat(shown.within3Minutes()).isFalse();
    LabScore score = LabScore.of(List.of(o), List.of(f), at(0, 0), at(5, 0), at(60, 0), 3);
    LabScore.Row all = score.all();
    assertThat(all.detected()).isZero();
    assertThat(all.detectedWithin3Minutes()).isZero();
    assertThat(all.shown()).isEqualTo(1);
    assertThat(all.shownWithin3Minutes()).isZero();
    assertThat(all.shownCases()).isEqualTo(1);
    assertThat(score.summaryLines().getFirst())
        .isEqualTo(
            "type=wrong-return cases=1 detected=0 delay_median_s=- AC@1=0.000 AC@3=1.000"
                + " Avg@5=0.800 shown=1 shown_within_3_min=0");
  }

  @Test
  void shownWithinThreeMinutesIsInclusiveAndTheEarliestFindingCounts() {
    LabCase c = labCase(1, FaultType.NETWORK_DELAY, "cache", 30);
    FindingTrack late = new FindingTrack("late", at(30, 0), at(34, 0), at(34, 5));
    late.saw(at(34, 5), List.of("cache"), List.of("cache"));
    FindingTrack early = new FindingTrack("early", at(30, 0), at(32, 0), at(32, 5));
    early.saw(at(32, 5), List.of("orders"), List.of("orders", "frontend"));
    early.saw(at(33, 0), List.of("orders"), List.of("orders", "frontend", "cache"));

    Detection shown = Detection.shownBy(c, List.of(late, early)).orElseThrow();

    assertThat(shown.findingId()).isEqualTo("early");
    assertThat(shown.delay()).isEqualTo(Duration.ofMinutes(3));
    assertThat(shown.within3Minutes()).isTrue();
    assertThat(Detection.of(c, List.of(late, early)).orElseThrow().findingId()).isEqualTo("late");
  }

  @Test
  void aFindingThatShowedTheServiceBeforeTheStartOrAfterTheWindowDoesNotCount() {
    LabCase c = labCase(1, FaultType.WRONG_RETURN, "pricing", 30);
    FindingTrack before = new FindingTrack("b", at(25, 0), at(27, 0), at(27, 5));
    before.saw(at(27, 5), List.of("catalog"), List.of("catalog", "pricing"));
    // joins the incident's services after the start: the primary figure counts it, shown does not
    // (the finding already showed pricing before the fault: the lab cannot credit the fault)
    before.saw(at(31, 5), List.of("catalog", "pricing"), List.of("catalog", "pricing"));
    FindingTrack late = new FindingTrack("l", at(39, 0), at(40, 1), at(40, 5));
    late.saw(at(40, 5), List.of("catalog"), List.of("pricing"));

    assertThat(Detection.shownBy(c, List.of(before, late))).isEmpty();
    assertThat(Detection.of(c, List.of(before, late))).isPresent();
  }
}
