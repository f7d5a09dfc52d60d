package io.mirador.rca.lab.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.rca.lab.schedule.FaultType;
import io.mirador.rca.lab.score.LabScore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabRecordTest {
  @Test
  void casesOfEveryRunCountOnceAndTheFiguresFollowTheRanks() {
    RecordedRun a =
        run(
            "a",
            1,
            "c1",
            List.of(
                c("a", 1, FaultType.EXCEPTION, 60L, 1),
                c("a", 2, FaultType.EXCEPTION, 240L, 2),
                c("a", 3, FaultType.NETWORK_DELAY, null, 4)),
            1,
            0.5,
            300L);
    RecordedRun b =
        run(
            "b",
            2,
            "c1",
            List.of(c("b", 1, FaultType.EXCEPTION, 180L, 0), failed("b", 2, FaultType.CPU_HOG)),
            0,
            1.5,
            420L);

    LabRecord record = new LabRecord(List.of(a, b));

    LabScore.Row all = record.all();
    assertThat(all.cases()).isEqualTo(5);
    assertThat(all.detected()).isEqualTo(3);
    assertThat(all.detectedWithin3Minutes()).isEqualTo(2);
    assertThat(all.delayMedianSeconds()).isEqualTo(180.0);
    assertThat(all.ac1()).isEqualTo(0.2);
    assertThat(all.ac3()).isEqualTo(0.4);
    // ranks 1, 2, 4, absent, failed: AC@1..5 = .2 .4 .4 .6 .6
    assertThat(all.avg5()).isCloseTo(0.44, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(all.rcaFailures()).isEqualTo(1);
    LabScore.Row exception =
        record.rows().stream().filter(r -> r.label().equals("exception")).findFirst().orElseThrow();
    assertThat(exception.cases()).isEqualTo(3);
    assertThat(exception.delayMedianSeconds()).isEqualTo(180.0);
    assertThat(record.falseFindingsPerQuietHour()).isEqualTo(0.5);
    assertThat(record.worstFirstScoredSeconds()).isEqualTo(420);
    assertThat(record.summaryLines().getLast())
        .startsWith("all cases=5 detected=3 within_3_min=2 delay_median_s=180 AC@1=0.200")
        .endsWith(
            "false_findings_per_quiet_hour=0.50 first_scored_minute_after_s=420 runs=2"
                + " seeds=1,2");
  }

  @Test
  void goalsAreCheckedOnTheWholeAndTypesWithFewCasesAreSaidToHaveNone() {
    List<RecordedCase> cases = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      cases.add(c("a", i, FaultType.EXCEPTION, 100L, 1));
    }
    cases.add(c("a", 11, FaultType.CPU_HOG, 400L, 5));
    LabRecord record = new LabRecord(List.of(run("a", 9, "c", cases, 3, 2.0, 590L)));

    assertThat(record.goals())
        .containsExactly(
            "type cpu-hog: 1 cases, fewer than 5: no AC goal yet",
            "type exception: AC@1 1.000 (goal >= 0.90) met; AC@3 1.000 (goal >= 0.97) met",
            "detected within 3 minutes: 10 of 11 = 0.909 (goal >= 0.90) met",
            "false findings: 3 in 2.00 quiet hours = 1.50 per quiet hour (goal <= 1) NOT met",
            "first scored minute, slowest run: 590 s (goal <= 600 s) met");
  }

  @Test
  void aRunThatNeverScoredFailsTheFirstScoredGoalAndNoQuietTimeIsNotMeasured() {
    LabRecord record =
        new LabRecord(
            List.of(
                run("a", 1, "c", List.of(c("a", 1, FaultType.EXCEPTION, null, 0)), 0, 0, null)));

    assertThat(record.goals())
        .contains(
            "false findings: 0 in 0.00 quiet hours = - per quiet hour (goal <= 1) not measured",
            "first scored minute, slowest run: never (goal <= 600 s) NOT met",
            "detected within 3 minutes: 0 of 1 = 0.000 (goal >= 0.90) NOT met");
  }

  @Test
  void theRecordNamesItsRunsAndWarnsWhenTheyMixCommits() {
    LabRecord record =
        new LabRecord(
            List.of(
                run(
                    "a",
                    1,
                    "1111111111111111",
                    List.of(c("a", 1, FaultType.EXCEPTION, 1L, 1)),
                    0,
                    1,
                    60L),
                run(
                    "b",
                    2,
                    "2222222222222222",
                    List.of(c("b", 1, FaultType.EXCEPTION, 1L, 1)),
                    0,
                    1,
                    60L)));

    String md = RecordWriter.text(record);

    assertThat(md)
        .contains("| a | 1 | 111111111111 |")
        .contains("| b | 2 | 222222222222 |")
        .contains("different commits")
        .contains("| exception | 2 | 2 | 2 | 1 | 1.000 | 1.000 | 1.000 | 0 |");
  }

  @Test
  void aRecordWithoutRunsIsRefused() {
    assertThatThrownBy(() -> new LabRecord(List.of())).hasMessageContaining("at least one run");
  }

  private static RecordedRun run(
      String name,
      long seed,
      String commit,
      List<RecordedCase> cases,
      int falseFindings,
      double quietHours,
      Long firstScored) {
    return new RecordedRun(
        name, seed, commit, "settings", cases, falseFindings, quietHours, firstScored);
  }

  private static RecordedCase c(
      String run, int index, FaultType type, Long detectedAfter, int rcaRank) {
    return new RecordedCase(
        run,
        index,
        type,
        "s",
        "s",
        "t",
        detectedAfter,
        detectedAfter == null ? 0 : 1,
        rcaRank,
        false);
  }

  private static RecordedCase failed(String run, int index, FaultType type) {
    return new RecordedCase(run, index, type, "s", "s", "t", null, 0, 0, true);
  }
}
