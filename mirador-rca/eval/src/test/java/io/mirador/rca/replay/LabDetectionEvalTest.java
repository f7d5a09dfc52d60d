package io.mirador.rca.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.rca.lab.schedule.FaultType;
import io.mirador.rca.lab.score.CaseOutcome;
import io.mirador.rca.lab.score.FindingTrack;
import io.mirador.rca.lab.score.LabCase;
import io.mirador.rca.lab.score.LabScore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replay's per-case and per-type lines: the primary figure, then the shown figure. */
class LabDetectionEvalTest {
  private static final Instant T = Instant.parse("2026-12-07T08:00:00Z");

  @Test
  void aWrongReturnShownByItsCallersFindingIsShownButNotDetected() {
    LabCase c =
        new LabCase(1, "f1", FaultType.WRONG_RETURN, "pricing", "pricing", at(600), at(800));
    // the replay's tracks: opened, detected and first seen at the tick that opened the incident
    FindingTrack caller = new FindingTrack("i-1", at(560), at(665), at(665));
    caller.saw(at(665), List.of("catalog"), List.of("catalog", "gateway", "auth"));
    caller.saw(at(725), List.of("catalog"), List.of("catalog", "pricing", "gateway"));

    CaseOutcome o = CaseOutcome.of(c, List.of(caller), List.of(), null);

    assertThat(LabDetectionEval.caseLine(o))
        .isEqualTo(
            "case=f1 truth=pricing type=wrong-return detected=no"
                + " shown=yes shown_delay_s=125 rank_when_shown=2 shown_by=i-1");
    LabScore score = LabScore.of(List.of(o), List.of(caller), T, at(300), at(3600), 7);
    assertThat(LabScore.shownFigures(score.all())).isEqualTo(" shown=1 shown_within_3_min=1");
  }

  @Test
  void aDetectedCaseIsShownAtTheSameMomentAndACaseNoFindingShowedSaysNo() {
    LabCase c = new LabCase(1, "f1", FaultType.EXCEPTION, "orders", "orders", at(600), at(800));
    FindingTrack own = new FindingTrack("i-2", at(600), at(700), at(700));
    own.saw(at(700), List.of("orders", "api"), List.of("api", "gateway", "db", "orders"));
    LabCase other = new LabCase(2, "f2", FaultType.CPU_HOG, "users", "users", at(2000), at(2200));

    assertThat(LabDetectionEval.caseLine(CaseOutcome.of(c, List.of(own), List.of(), null)))
        .isEqualTo(
            "case=f1 truth=orders type=exception detected=yes delay_s=100 rank_in_finding=4"
                + " finding=i-2 shown=yes shown_delay_s=100 rank_when_shown=4 shown_by=i-2");
    assertThat(LabDetectionEval.caseLine(CaseOutcome.of(other, List.of(own), List.of(), null)))
        .isEqualTo("case=f2 truth=users type=cpu-hog detected=no shown=no");
  }

  private static Instant at(long seconds) {
    return T.plusSeconds(seconds);
  }
}
