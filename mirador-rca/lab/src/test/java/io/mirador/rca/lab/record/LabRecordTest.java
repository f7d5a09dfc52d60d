package io.mirador.rca.lab.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.rca.lab.schedule.FaultType;
import io.mirador.rca.lab.score.CaseOutcome;
import io.mirador.rca.lab.score.FindingTrack;
import io.mirador.rca.lab.score.LabCase;
import io.mirador.rca.lab.score.LabScore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
                + " seeds=1,2 shown=- shown_within_3_min=- shown_cases=0");
    assertThat(record.shownLine())
        .isEqualTo("shown within 3 min (not a goal): not recorded by these runs");
  }

  @Test
  void shownIsSummedOverTheRunsThatRecordItAndSaysHowManyCasesItCovers() {
    RecordedRun old =
        run(
            "old",
            1,
            "c1",
            List.of(
                c("old", 1, FaultType.WRONG_RETURN, null, 0),
                c("old", 2, FaultType.EXCEPTION, 60L, 1)),
            0,
            1,
            300L);
    RecordedRun fresh =
        run(
            "new",
            2,
            "c2",
            List.of(
                shown("new", 1, FaultType.WRONG_RETURN, null, 50L),
                shown("new", 2, FaultType.WRONG_RETURN, null, 181L),
                shown("new", 3, FaultType.EXCEPTION, 90L, 90L),
                shown("new", 4, FaultType.EXCEPTION, null, null)),
            0,
            1,
            300L);

    LabRecord record = new LabRecord(List.of(old, fresh));

    LabScore.Row all = record.all();
    assertThat(all.cases()).isEqualTo(6);
    assertThat(all.detected()).as("the primary figure is unchanged").isEqualTo(2);
    assertThat(all.shownCases()).isEqualTo(4);
    assertThat(all.shown()).isEqualTo(3);
    assertThat(all.shownWithin3Minutes()).isEqualTo(2);
    assertThat(record.shownLine())
        .isEqualTo(
            "shown within 3 min (not a goal): 2 of 4 cases of runs that record it (1 of 2 runs);"
                + " shown within 10 min: 3");
    assertThat(record.summaryLines())
        .contains(
            "type=wrong-return cases=3 detected=0 within_3_min=0 delay_median_s=- AC@1=0.000"
                + " AC@3=0.000 Avg@5=0.000 shown=2 shown_within_3_min=1 shown_cases=2");
    assertThat(record.summaryLines().getLast())
        .endsWith("runs=2 seeds=1,2 shown=3 shown_within_3_min=2 shown_cases=4");
    String md = RecordWriter.text(record);
    assertThat(md)
        .contains("| fault type | cases | detected | within 3 min |")
        .contains("| RCA failed | shown | shown within 3 min |")
        .contains("| wrong-return | 3 | 0 | 0 | - | 0.000 | 0.000 | 0.000 | 0 | 2 of 2 | 1 of 2 |")
        .contains("| all | 6 | 2 | 2 | 75 | 0.167 | 0.167 | 0.167 | 0 | 3 of 4 | 2 of 4 |")
        .contains("- shown within 3 min (not a goal): 2 of 4 cases of runs that record it");
  }

  @Test
  void aRecordOfARealOldReportAndANewOneReadsBoth(@TempDir Path dirs) throws Exception {
    Path old = Files.createDirectories(dirs.resolve("s11-seed7101"));
    ReportReaderTest.copyOldRun(old);
    Path fresh = Files.createDirectories(dirs.resolve("new-run"));
    Instant t = Instant.parse("2026-12-07T10:00:00Z");
    LabCase wrongReturn =
        new LabCase(
            1,
            "f1",
            FaultType.WRONG_RETURN,
            "pricing",
            "pricing",
            t.plusSeconds(600),
            t.plusSeconds(800));
    FindingTrack caller =
        new FindingTrack("a1", t.plusSeconds(610), t.plusSeconds(660), t.plusSeconds(665));
    caller.saw(t.plusSeconds(665), List.of("catalog"), List.of("catalog", "pricing"));
    LabScore score =
        LabScore.of(
            List.of(
                CaseOutcome.of(wrongReturn, List.of(caller), List.of("catalog", "pricing"), null)),
            List.of(caller),
            t,
            t.plusSeconds(300),
            t.plusSeconds(3600),
            7201);
    ReportReaderTest.writeRun(fresh, score, "def456", 1);

    List<String> lines = LabRecord.compose(List.of(old, fresh), dirs.resolve("record.md"));

    String md = Files.readString(dirs.resolve("record.md"));
    // 9 cases, 5 detected (all in the old run); shown: the new run's one case, after 60 s
    assertThat(md)
        .contains("| all | 9 | 5 | 4 | 117 |")
        .contains("| wrong-return | 2 | 0 | 0 | - | 0.000 | 0.500 | 0.400 | 0 | 1 of 1 | 1 of 1 |")
        .contains("| network-delay | 1 | 1 | 1 | 114 | 0.000 | 0.000 | 0.400 | 0 | - | - |")
        .contains("| all | 9 | 5 | 4 | 117 | 0.222 | 0.444 | 0.533 | 0 | 1 of 1 | 1 of 1 |");
    assertThat(lines)
        .contains(
            "shown within 3 min (not a goal): 1 of 1 cases of runs that record it (1 of 2 runs);"
                + " shown within 10 min: 1");
    assertThat(lines.getLast())
        .startsWith("all cases=9 detected=5 within_3_min=4 delay_median_s=117")
        .endsWith("seeds=7101,7201 shown=1 shown_within_3_min=1 shown_cases=1");
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

  /** A case of a report written before the shown figure (unknown). */
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
        false,
        false,
        null);
  }

  /** A case of a report that records the shown figure ({@code shownAfter} null: not shown). */
  private static RecordedCase shown(
      String run, int index, FaultType type, Long detectedAfter, Long shownAfter) {
    return new RecordedCase(
        run,
        index,
        type,
        "s",
        "s",
        "t",
        detectedAfter,
        detectedAfter == null ? 0 : 1,
        0,
        false,
        true,
        shownAfter);
  }

  private static RecordedCase failed(String run, int index, FaultType type) {
    return new RecordedCase(run, index, type, "s", "s", "t", null, 0, 0, true, false, null);
  }
}
