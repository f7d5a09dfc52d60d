package io.mirador.rca.lab.record;

import io.mirador.rca.lab.report.ReportWriter;
import io.mirador.rca.lab.score.FindingTrack;
import io.mirador.rca.lab.score.LabScore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code record.md}: the runs it is composed of (seed, commit, settings, cases, quiet time), the
 * figures per fault type and overall, the goals, and the summary lines. The names in it come from
 * the runs' reports, which escaped them for a Markdown table already.
 */
final class RecordWriter {
  private RecordWriter() {}

  static void write(Path file, LabRecord record) throws IOException {
    Files.writeString(file, text(record), StandardCharsets.UTF_8);
  }

  static String text(LabRecord record) {
    StringBuilder md = new StringBuilder("# Fault lab record\n\n");
    md.append(record.runs().size())
        .append(" runs, ")
        .append(record.all().cases())
        .append(" faults.\n\n| run | seed | commit | settings | cases | false findings |")
        .append(" quiet hours | first scored (s) |\n|---|---|---|---|---|---|---|---|\n");
    for (RecordedRun run : record.runs()) {
      md.append("| ")
          .append(run.name())
          .append(" | ")
          .append(run.seed())
          .append(" | ")
          .append(run.commit(), 0, Math.min(12, run.commit().length()))
          .append(" | ")
          .append(run.settings())
          .append(" | ")
          .append(run.cases().size())
          .append(" | ")
          .append(run.falseFindings())
          .append(" | ")
          .append(String.format(Locale.ROOT, "%.2f", run.quietHours()))
          .append(" | ")
          .append(run.firstScoredSeconds() == null ? "never" : run.firstScoredSeconds())
          .append(" |\n");
    }
    if (record.runs().stream().map(RecordedRun::commit).distinct().count() > 1) {
      md.append(
          "\nThe runs were made with different commits: the record mixes product versions.\n");
    }
    md.append('\n').append(ReportWriter.FIGURES_HEADER);
    for (LabScore.Row r : record.rows()) {
      row(md, r);
    }
    row(md, record.all());
    md.append("\n## Goals (issue 19)\n\n");
    record.goals().forEach(g -> md.append("- ").append(g).append('\n'));
    md.append("\nNot a goal, a second figure: a finding *showed* the true service (among its")
        .append(" services or its first ")
        .append(FindingTrack.SHOWN_CAUSES)
        .append(" causes). Runs written before it existed do not record it (`-`; `N of C` counts")
        .append(" over the C cases of the runs that do).\n\n- ")
        .append(record.shownLine())
        .append('\n');
    md.append("\n## Summary\n\n```\n");
    record.summaryLines().forEach(l -> md.append(l).append('\n'));
    md.append("```\n");
    return md.toString();
  }

  private static void row(StringBuilder md, LabScore.Row r) {
    md.append(ReportWriter.tableRow(r));
  }
}
