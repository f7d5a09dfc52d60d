package io.mirador.rca.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirador.rca.lab.run.LabSettings;
import io.mirador.rca.lab.schedule.FaultType;
import io.mirador.rca.lab.schedule.ScheduleSettings;
import io.mirador.rca.lab.score.CaseOutcome;
import io.mirador.rca.lab.score.FindingTrack;
import io.mirador.rca.lab.score.LabCase;
import io.mirador.rca.lab.score.LabScore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportWriterTest {
  @Test
  void theReportHasTheFiguresEveryCaseAndTheSummaryWithHostileNamesEscaped() {
    Instant t = Instant.parse("2026-12-07T10:00:00Z");
    LabCase c =
        new LabCase(
            1,
            "f1",
            FaultType.EXCEPTION,
            "pay|<b>ment",
            "pay|<b>ment",
            t.plusSeconds(600),
            t.plusSeconds(800));
    FindingTrack f =
        new FindingTrack("a1", t.plusSeconds(600), t.plusSeconds(700), t.plusSeconds(705));
    f.saw(t.plusSeconds(705), List.of("pay|<b>ment"), List.of("pay|<b>ment"));
    CaseOutcome o = CaseOutcome.of(c, List.of(f), List.of("pay|<b>ment"), null);
    LabScore score =
        LabScore.of(List.of(o), List.of(f), t, t.plusSeconds(120), t.plusSeconds(3600), 9);
    LabSettings settings =
        new LabSettings(
            ScheduleSettings.standard(9, 1, Duration.ZERO),
            5,
            Duration.ofMinutes(15),
            Duration.ofMinutes(45),
            Duration.ofMinutes(10),
            Path.of("/tmp/x"),
            Path.of("/usr/bin/node"),
            Path.of("/tmp/estate"));
    String md =
        ReportWriter.text(
            new ReportWriter.Context(
                settings,
                t,
                t.plusSeconds(3600),
                score,
                Set.of("a", "b"),
                0,
                new ObjectMapper().createObjectNode().put("requests", 5)),
            score.summaryLines());
    assertThat(md)
        .contains("# Fault lab run, seed 9")
        .contains("| exception | 1 | 1 | 1 | 100 | 1.000 | 1.000 | 1.000 | 0 | 1 | 1 |")
        .contains("| all | 1 | 1 | 1 | 100 | 1.000 | 1.000 | 1.000 | 0 | 1 | 1 |")
        .contains("its first 3 causes: 1 of 1 cases, 1 within 3 min")
        // detected after 100 s at rank 1, RCA rank 1, top 3, then shown after 100 s at rank 1
        .contains("| 100 | 1 | 1 | pay\\|&lt;b&gt;ment | 100 | 1 |")
        .contains("pay\\|&lt;b&gt;ment")
        .doesNotContain("<b>")
        .contains("First scored minute (detection said `watching`) after traffic started: 120 s")
        .contains("type=exception cases=1 detected=1 delay_median_s=100 AC@1=1.000")
        .contains("all cases=1 detected=1");
  }
}
