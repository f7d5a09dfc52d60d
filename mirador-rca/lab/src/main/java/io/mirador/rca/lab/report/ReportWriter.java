package io.mirador.rca.lab.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.mirador.rca.lab.run.LabSettings;
import io.mirador.rca.lab.score.CaseOutcome;
import io.mirador.rca.lab.score.Detection;
import io.mirador.rca.lab.score.FindingTrack;
import io.mirador.rca.lab.score.LabScore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code report.md}: the figures per fault type and overall, the detection and quiet-time figures,
 * every case, the false findings, and the summary lines as printed. Every string from the estate or
 * the product is escaped for a Markdown table.
 */
public final class ReportWriter {
  /** The figures table's header; the shown columns come last so older readers keep their places. */
  public static final String FIGURES_HEADER =
      "| fault type | cases | detected | within 3 min | delay median (s) | AC@1 | AC@3 | Avg@5 |"
          + " RCA failed | shown | shown within 3 min |\n"
          + "|---|---|---|---|---|---|---|---|---|---|---|\n";

  /** What the report is about besides the score. */
  public record Context(
      LabSettings settings,
      Instant trafficStart,
      Instant end,
      LabScore score,
      Set<String> servicesWithSpans,
      int refused,
      JsonNode workload) {}

  private ReportWriter() {}

  public static void write(Path file, Context c, List<String> summary) throws IOException {
    Files.writeString(file, text(c, summary), StandardCharsets.UTF_8);
  }

  static String text(Context c, List<String> summary) {
    LabScore score = c.score();
    StringBuilder md = new StringBuilder();
    md.append("# Fault lab run, seed ").append(score.seed()).append("\n\n");
    md.append("Traffic from ")
        .append(c.trafficStart())
        .append(" to ")
        .append(c.end())
        .append(" (")
        .append(Duration.between(c.trafficStart(), c.end()).toMinutes())
        .append(" min), ")
        .append(c.settings().rps())
        .append(" journeys/s; ")
        .append(score.outcomes().size())
        .append(" faults ran, ")
        .append(c.refused())
        .append(" refused by the estate; spans of ")
        .append(c.servicesWithSpans().size())
        .append(" services stored.\n\n");
    md.append(FIGURES_HEADER);
    for (LabScore.Row r : score.rows()) {
      row(md, r);
    }
    row(md, score.all());
    md.append('\n');
    md.append("- False findings (incident began in quiet time): ")
        .append(score.falseFindings().size())
        .append(" in ")
        .append(String.format(Locale.ROOT, "%.2f", score.quiet().toMillis() / 3_600_000.0))
        .append(" quiet hours = ")
        .append(format(score.falseFindingsPerQuietHour()))
        .append(" per quiet hour\n");
    md.append("- First scored minute (detection said `watching`) after traffic started: ")
        .append(
            score.firstScoredAfter() == null
                ? "never"
                : score.firstScoredAfter().toSeconds() + " s")
        .append('\n');
    md.append(shownLine(score.all())).append("\n\n");
    md.append("## Cases\n\n| # | type | injected on | truth | start | end | detected after (s) |")
        .append(" rank in finding | RCA rank | RCA top 3 | shown after (s) | rank when shown |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (CaseOutcome o : score.outcomes()) {
      Optional<Detection> d = o.detection();
      Optional<Detection> shown = o.shown();
      md.append("| ")
          .append(o.labCase().index())
          .append(" | ")
          .append(o.labCase().type().wireName())
          .append(" | ")
          .append(cell(o.labCase().service()))
          .append(" | ")
          .append(cell(o.labCase().truth()))
          .append(" | ")
          .append(o.labCase().start())
          .append(" | ")
          .append(o.labCase().end())
          .append(" | ")
          .append(d.map(x -> Long.toString(x.delay().toSeconds())).orElse("no"))
          .append(" | ")
          .append(d.map(x -> x.rank() == 0 ? "-" : Integer.toString(x.rank())).orElse("-"))
          .append(" | ")
          .append(
              o.rcaError() != null
                  ? "failed: " + cell(o.rcaError())
                  : o.rcaRank() == 0 ? "-" : Integer.toString(o.rcaRank()))
          .append(" | ")
          .append(cell(String.join(", ", o.ranked().stream().limit(3).toList())))
          .append(" | ")
          .append(shown.map(x -> Long.toString(x.delay().toSeconds())).orElse("no"))
          .append(" | ")
          .append(shown.map(x -> x.rank() == 0 ? "-" : Integer.toString(x.rank())).orElse("-"))
          .append(" |\n");
    }
    md.append("\n## False findings\n\n");
    if (score.falseFindings().isEmpty()) {
      md.append("None.\n");
    } else {
      md.append("| finding | incident began | detected | services |\n|---|---|---|---|\n");
      for (FindingTrack f : score.falseFindings()) {
        md.append("| ")
            .append(cell(f.id()))
            .append(" | ")
            .append(f.openedAt())
            .append(" | ")
            .append(f.detectedAt())
            .append(" | ")
            .append(cell(String.join(", ", f.held().keySet())))
            .append(" |\n");
      }
    }
    md.append("\n## Workload\n\n```\n")
        .append(cell(String.valueOf(c.workload())))
        .append("\n```\n");
    md.append("\n## Summary\n\n```\n");
    summary.forEach(l -> md.append(l).append('\n'));
    md.append("```\n");
    return md.toString();
  }

  private static void row(StringBuilder md, LabScore.Row r) {
    md.append(tableRow(r));
  }

  /**
   * One row of the figures table ({@code | type | cases | ... | RCA failed | shown | shown within 3
   * min |}), with a newline. The shown cells are {@code -} when unknown and {@code N of C} when
   * only C of the row's cases record the figure (a record mixing old and new reports).
   */
  public static String tableRow(LabScore.Row r) {
    return String.format(
        Locale.ROOT,
        "| %s | %d | %d | %d | %s | %.3f | %.3f | %.3f | %d | %s | %s |%n",
        r.label(),
        r.cases(),
        r.detected(),
        r.detectedWithin3Minutes(),
        r.delayMedianSeconds() == null
            ? "-"
            : String.format(Locale.ROOT, "%.0f", r.delayMedianSeconds()),
        r.ac1(),
        r.ac3(),
        r.avg5(),
        r.rcaFailures(),
        shownCell(r, r.shown()),
        shownCell(r, r.shownWithin3Minutes()));
  }

  private static String shownCell(LabScore.Row r, int count) {
    if (!r.shownKnown()) {
      return "-";
    }
    return r.shownCases() < r.cases() ? count + " of " + r.shownCases() : Integer.toString(count);
  }

  /**
   * The line under the figures table that says what "shown" is and gives it overall, so that no one
   * takes it for the goal's figure.
   */
  public static String shownLine(LabScore.Row all) {
    String figure =
        !all.shownKnown()
            ? "not recorded"
            : all.shown()
                + " of "
                + all.shownCases()
                + " cases, "
                + all.shownWithin3Minutes()
                + " within 3 min";
    return "- Shown (a second figure; the goal is judged on detected): a finding held the true"
        + " service among its services or its first "
        + FindingTrack.SHOWN_CAUSES
        + " causes: "
        + figure;
  }

  private static String format(Double value) {
    return value == null ? "- (no quiet time)" : String.format(Locale.ROOT, "%.2f", value);
  }

  /**
   * A value safe in a Markdown table cell: no pipes, no line breaks, no HTML, at most 300 chars.
   */
  static String cell(String value) {
    String s =
        value
            .replaceAll("[\\r\\n\\t]+", " ")
            .replace("|", "\\|")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("`", "'");
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
