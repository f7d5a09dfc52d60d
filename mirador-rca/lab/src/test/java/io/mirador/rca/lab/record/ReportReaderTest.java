package io.mirador.rca.lab.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirador.rca.lab.report.ReportWriter;
import io.mirador.rca.lab.run.LabSettings;
import io.mirador.rca.lab.schedule.FaultType;
import io.mirador.rca.lab.schedule.ScheduleSettings;
import io.mirador.rca.lab.score.CaseOutcome;
import io.mirador.rca.lab.score.Detection;
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
    List<CaseOutcome> outcomes =
        List.of(
            new CaseOutcome(
                detected,
                Detection.of(detected, List.of(f)),
                List.of("cart", "x", "pay|ment"),
                null),
            new CaseOutcome(missed, Optional.empty(), List.of("a", "b"), null),
            new CaseOutcome(failed, Optional.empty(), List.of(), "HTTP 503"));
    LabScore score = LabScore.of(outcomes, List.of(f, quietFinding), T, at(400), at(3600), 1906);
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
    RecordedCase second = run.cases().get(1);
    assertThat(second.detected()).isFalse();
    assertThat(second.rankInFinding()).isZero();
    assertThat(second.rcaRank()).isZero();
    RecordedCase third = run.cases().get(2);
    assertThat(third.rcaFailed()).isTrue();
    assertThat(third.rcaRank()).isZero();
  }

  @Test
  void aRunThatNeverScoredReadsAsNever() throws Exception {
    LabCase c = new LabCase(1, "f1", FaultType.EXCEPTION, "a", "a", at(600), at(800));
    LabScore score =
        LabScore.of(
            List.of(new CaseOutcome(c, Optional.empty(), List.of("a"), null)),
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
            List.of(new CaseOutcome(c, Optional.empty(), List.of("a"), null)),
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
