package io.mirador.rca.lab.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirador.rca.lab.report.ReportWriter;
import io.mirador.rca.lab.run.LabSettings;
import io.mirador.rca.lab.schedule.FaultType;
import io.mirador.rca.lab.schedule.ScheduleSettings;
import io.mirador.rca.lab.score.CaseOutcome;
import io.mirador.rca.lab.score.FindingTrack;
import io.mirador.rca.lab.score.LabCase;
import io.mirador.rca.lab.score.LabScore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportReaderTest {
  private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

  @TempDir Path dir;

  @Test
  void aReportWrittenByTheLabReadsBackCaseByCase() throws Exception {
    LabCase detected =
        new LabCase(1, "f1", FaultType.EXCEPTION, "pay|ment", "pay|ment", at(600), at(800));
    LabCase missed = new LabCase(2, "f2", FaultType.NETWORK_DELAY, "db", "db", at(1500), at(1700));
    LabCase failed = new LabCase(3, "f3", FaultType.CPU_HOG, "auth", "auth", at(2500), at(2700));
    FindingTrack f = new FindingTrack("a1", at(600), at(700), at(705));
    f.saw(at(705), List.of("pay|ment", "cart"), List.of("cart", "pay|ment"));
    FindingTrack quietFinding = new FindingTrack("a2", at(3300), at(3320), at(3325));
    quietFinding.saw(at(3325), List.of("auth"), List.of("auth"));
    // db is never one of this finding's services, but its second cause from 1600 s on: shown
    FindingTrack caller = new FindingTrack("a3", at(1500), at(1540), at(1550));
    caller.saw(at(1550), List.of("orders"), List.of("orders"));
    caller.saw(at(1600), List.of("orders"), List.of("orders", "db"));
    List<FindingTrack> findings = List.of(f, quietFinding, caller);
    List<CaseOutcome> outcomes =
        List.of(
            CaseOutcome.of(detected, findings, List.of("cart", "x", "pay|ment"), null),
            CaseOutcome.of(missed, findings, List.of("a", "b"), null),
            CaseOutcome.of(failed, findings, List.of(), "HTTP 503"));
    LabScore score = LabScore.of(outcomes, findings, T, at(400), at(3600), 1906);
    writeRun(dir, score, "abc123", 3);

    RecordedRun run = ReportReader.read(dir);

    assertThat(run.seed()).isEqualTo(1906);
    assertThat(run.commit()).isEqualTo("abc123");
    assertThat(run.firstScoredSeconds()).isEqualTo(400);
    assertThat(run.falseFindings()).isEqualTo(1);
    assertThat(run.quietHours()).isCloseTo(score.quiet().toMillis() / 3_600_000.0, within(0.006));
    assertThat(run.cases()).hasSize(3);
    RecordedCase first = run.cases().get(0);
    assertThat(first.type()).isEqualTo(FaultType.EXCEPTION);
    assertThat(first.truth()).isEqualTo("pay\\|ment");
    assertThat(first.detectedAfterSeconds()).isEqualTo(100);
    assertThat(first.rankInFinding()).isEqualTo(2);
    assertThat(first.rcaRank()).isEqualTo(3);
    assertThat(first.rcaFailed()).isFalse();
    assertThat(first.shownRecorded()).isTrue();
    assertThat(first.shownAfterSeconds()).isEqualTo(100);
    RecordedCase second = run.cases().get(1);
    assertThat(second.detected()).isFalse();
    assertThat(second.rankInFinding()).isZero();
    assertThat(second.rcaRank()).isZero();
    assertThat(second.shownRecorded()).isTrue();
    assertThat(second.shownAfterSeconds()).as("shown, not detected").isEqualTo(100);
    RecordedCase third = run.cases().get(2);
    assertThat(third.rcaFailed()).isTrue();
    assertThat(third.rcaRank()).isZero();
    assertThat(third.shownRecorded()).isTrue();
    assertThat(third.shown()).isFalse();
    assertThat(run.recordsShown()).isTrue();
  }

  @Test
  void aReportWrittenBeforeTheShownFigureReadsWithItUnknown() throws Exception {
    copyOldRun(dir);

    RecordedRun run = ReportReader.read(dir);

    assertThat(run.seed()).isEqualTo(7101);
    assertThat(run.firstScoredSeconds()).isEqualTo(364);
    assertThat(run.falseFindings()).isZero();
    assertThat(run.quietHours()).isEqualTo(0.35);
    assertThat(run.cases()).hasSize(8);
    assertThat(run.cases())
        .extracting(RecordedCase::detectedAfterSeconds)
        .containsExactly(114L, 76L, null, null, null, 117L, 131L, 198L);
    assertThat(run.cases())
        .extracting(RecordedCase::rcaRank)
        .containsExactly(4, 4, 1, 14, 4, 8, 1, 2);
    assertThat(run.cases()).noneMatch(RecordedCase::shownRecorded).noneMatch(RecordedCase::shown);
    assertThat(run.recordsShown()).isFalse();
    assertThat(run.cases().get(3).type()).isEqualTo(FaultType.WRONG_RETURN);
  }

  @Test
  void aReportMixingCaseRowsWithAndWithoutTheShownColumnsIsRefused() throws Exception {
    Files.writeString(dir.resolve("run.json"), "{\"seed\": 3}");
    Files.writeString(
        dir.resolve("report.md"),
        String.join(
            "\n",
            "- False findings (incident began in quiet time): 0 in 1.00 quiet hours = 0.00 per",
            "- First scored minute (detection said `watching`) after traffic started: 300 s",
            "## Cases",
            "| 1 | exception | a | a | t | t | no | - | 1 | a | 40 | 2 |",
            "| 2 | exception | a | a | t | t | no | - | 1 | a |",
            ""));

    assertThatThrownBy(() -> ReportReader.read(dir))
        .hasMessageContaining("with and without the shown columns");
  }

  @Test
  void aCaseRowWithAnotherNumberOfCellsOrABadShownDelayIsRefusedWithItsLine() throws Exception {
    Files.writeString(dir.resolve("run.json"), "{\"seed\": 3}");
    String head =
        "- False findings (incident began in quiet time): 0 in 1.00 quiet hours = 0.00 per\n"
            + "- First scored minute (detection said `watching`) after traffic started: 300 s\n"
            + "## Cases\n";
    Files.writeString(
        dir.resolve("report.md"),
        head + "| 1 | exception | a | a | t | t | no | - | 1 | a | 40 |\n");
    assertThatThrownBy(() -> ReportReader.read(dir))
        .hasMessageContaining("line 4")
        .hasMessageContaining("11 cells, expected 12 (or 10");
    Files.writeString(
        dir.resolve("report.md"),
        head + "| 1 | exception | a | a | t | t | no | - | 1 | a | soon | 2 |\n");
    assertThatThrownBy(() -> ReportReader.read(dir))
        .hasMessageContaining("line 4")
        .hasMessageContaining("soon");
    Files.writeString(
        dir.resolve("report.md"),
        head + "| 1 | exception | a | a | t | t | no | - | 1 | a | -5 | 2 |\n");
    assertThatThrownBy(() -> ReportReader.read(dir)).hasMessageContaining("negative delay");
  }

  /** A real report of session 11 (before the shown figure) and its run.json, into {@code to}. */
  static void copyOldRun(Path to) throws Exception {
    for (String file : List.of("report.md", "run.json")) {
      try (var in = ReportReaderTest.class.getResourceAsStream("s11-seed7101/" + file)) {
        assertThat(in).as("test resource s11-seed7101/" + file).isNotNull();
        Files.copy(in, to.resolve(file));
      }
    }
  }

  @Test
  void aRunThatNeverScoredReadsAsNever() throws Exception {
    LabCase c = new LabCase(1, "f1", FaultType.EXCEPTION, "a", "a", at(600), at(800));
    LabScore score =
        LabScore.of(
            List.of(new CaseOutcome(c, Optional.empty(), Optional.empty(), List.of("a"), null)),
            List.of(),
            T,
            null,
            at(3600),
            7);
    writeRun(dir, score, "abc", 1);

    RecordedRun run = ReportReader.read(dir);

    assertThat(run.firstScoredSeconds()).isNull();
    assertThat(run.quietHours()).isZero();
    assertThat(run.cases().getFirst().rcaRank()).isEqualTo(1);
  }

  @Test
  void anUnfinishedOrForeignDirectoryIsRefusedNamed() throws Exception {
    assertThatThrownBy(() -> ReportReader.read(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a finished lab run");
    Files.writeString(dir.resolve("run.json"), "{\"seed\": 3, \"cases\": 0}");
    Files.writeString(dir.resolve("report.md"), "# something else\n");
    assertThatThrownBy(() -> ReportReader.read(dir))
        .hasMessageContaining("report.md")
        .hasMessageContaining("not a lab report");
  }

  @Test
  void aCaseCountThatDisagreesWithRunJsonIsRefused() throws Exception {
    LabCase c = new LabCase(1, "f1", FaultType.EXCEPTION, "a", "a", at(600), at(800));
    LabScore score =
        LabScore.of(
            List.of(new CaseOutcome(c, Optional.empty(), Optional.empty(), List.of("a"), null)),
            List.of(),
            T,
            at(300),
            at(3600),
            7);
    writeRun(dir, score, "abc", 2);

    assertThatThrownBy(() -> ReportReader.read(dir))
        .hasMessageContaining("1 case rows, run.json says 2");
  }

  @Test
  void aMalformedCaseRowIsRefusedWithItsLine() throws Exception {
    Files.writeString(dir.resolve("run.json"), "{\"seed\": 3}");
    Files.writeString(
        dir.resolve("report.md"),
        String.join(
            "\n",
            "- False findings (incident began in quiet time): 0 in 1.00 quiet hours = 0.00 per",
            "- First scored minute (detection said `watching`) after traffic started: 300 s",
            "## Cases",
            "| 1 | melt-down | a | a | t | t | no | - | 1 | a |",
            ""));

    assertThatThrownBy(() -> ReportReader.read(dir))
        .hasMessageContaining("line 4")
        .hasMessageContaining("unknown fault type 'melt-down'");
  }

  static void writeRun(Path dir, LabScore score, String commit, int cases) throws Exception {
    var json = new ObjectMapper().createObjectNode();
    json.put("seed", score.seed());
    json.put("cases", cases);
    json.putObject("info").put("commit", commit);
    json.putObject("settings").put("faultSeconds", "180-300").put("rps", 8.0);
    Files.writeString(dir.resolve("run.json"), json.toPrettyString());
    LabSettings settings =
        new LabSettings(
            ScheduleSettings.standard(9, 1, Duration.ZERO),
            8,
            Duration.ofMinutes(15),
            Duration.ofMinutes(45),
            Duration.ofMinutes(10),
            Path.of("/tmp/x"),
            Path.of("/usr/bin/node"),
            Path.of("/tmp/estate"));
    ReportWriter.write(
        dir.resolve("report.md"),
        new ReportWriter.Context(
            settings, T, at(3600), score, Set.of("a"), 0, new ObjectMapper().createObjectNode()),
        score.summaryLines());
  }

  static Instant at(long seconds) {
    return T.plusSeconds(seconds);
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }
}
