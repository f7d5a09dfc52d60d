package io.mirador.rca.lab.record;

import io.mirador.rca.lab.schedule.FaultType;
import io.mirador.rca.lab.score.Detection;
import io.mirador.rca.lab.score.LabScore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lab's record composed from several finished runs (each a seeded schedule, as long as a
 * session allows): every case of every run counts once, false findings are summed over the summed
 * quiet time, and the goals are checked on the whole. Runs are read as they recorded
 * themselves ({@code report.md}); nothing is re-scored.
 */
public final class LabRecord {
  /** Goals from issue 19, checked on the composed record. */
  static final double AC1_GOAL = 0.90;

  static final double AC3_GOAL = 0.97;
  static final int MIN_CASES_FOR_TYPE_GOAL = 5;
  static final double DETECTED_WITHIN_3_MIN_GOAL = 0.90;
  static final double FALSE_PER_QUIET_HOUR_GOAL = 1.0;
  static final long FIRST_SCORED_GOAL_SECONDS = 600;

  private static final long WITHIN_3_MIN_SECONDS = Detection.WITHIN.toSeconds();

  private final List<RecordedRun> runs;
  private final List<LabScore.Row> rows;
  private final LabScore.Row all;

  LabRecord(List<RecordedRun> runs) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("a record needs at least one run");
    }
    this.runs = List.copyOf(runs);
    Map<FaultType, List<RecordedCase>> byType = new EnumMap<>(FaultType.class);
    List<RecordedCase> every = new ArrayList<>();
    for (RecordedRun run : runs) {
      for (RecordedCase c : run.cases()) {
        byType.computeIfAbsent(c.type(), t -> new ArrayList<>()).add(c);
        every.add(c);
      }
    }
    List<LabScore.Row> perType = new ArrayList<>();
    byType.forEach((type, list) -> perType.add(row(type, list)));
    this.rows = List.copyOf(perType);
    this.all = row(null, every);
  }

  /** Reads each run directory; a directory that is not a finished run is refused, named. */
  public static LabRecord of(List<Path> runDirs) throws IOException {
    List<RecordedRun> runs = new ArrayList<>();
    for (Path dir : runDirs) {
      runs.add(ReportReader.read(dir));
    }
    return new LabRecord(runs);
  }

  /**
   * Composes the record of {@code runDirs}, writes it to {@code out} when given, and returns the
   * goal lines and the summary lines for a terminal.
   */
  public static List<String> compose(List<Path> runDirs, Path out) throws IOException {
    LabRecord record = of(runDirs);
    if (out != null) {
      RecordWriter.write(out, record);
    }
    List<String> lines = new ArrayList<>(record.goals());
    lines.add(record.shownLine());
    lines.addAll(record.summaryLines());
    return lines;
  }

  /** The figures over {@code cases}; {@code type} null for all of them. */
  static LabScore.Row row(FaultType type, List<RecordedCase> cases) {
    int n = cases.size();
    List<Long> delays = new ArrayList<>();
    int within3 = 0;
    int failed = 0;
    int shownCases = 0;
    int shown = 0;
    int shownWithin3 = 0;
    int[] atOrAbove = new int[6];
    for (RecordedCase c : cases) {
      if (c.detected()) {
        delays.add(c.detectedAfterSeconds());
        if (c.detectedAfterSeconds() <= WITHIN_3_MIN_SECONDS) {
          within3++;
        }
      }
      if (c.rcaFailed()) {
        failed++;
      }
      if (c.shownRecorded()) {
        shownCases++;
        if (c.shown()) {
          shown++;
          if (c.shownAfterSeconds() <= WITHIN_3_MIN_SECONDS) {
            shownWithin3++;
          }
        }
      }
      for (int k = 1; k <= 5; k++) {
        if (c.rcaRank() >= 1 && c.rcaRank() <= k) {
          atOrAbove[k]++;
        }
      }
    }
    double avg5 = 0;
    for (int k = 1; k <= 5; k++) {
      avg5 += share(atOrAbove[k], n);
    }
    return new LabScore.Row(
        type,
        n,
        delays.size(),
        within3,
        LabScore.median(delays),
        share(atOrAbove[1], n),
        share(atOrAbove[3], n),
        avg5 / 5,
        failed,
        shown,
        shownWithin3,
        shownCases);
  }

  private static double share(int count, int n) {
    return n == 0 ? 0 : (double) count / n;
  }

  List<RecordedRun> runs() {
    return runs;
  }

  List<LabScore.Row> rows() {
    return rows;
  }

  LabScore.Row all() {
    return all;
  }

  int falseFindings() {
    return runs.stream().mapToInt(RecordedRun::falseFindings).sum();
  }

  double quietHours() {
    return runs.stream().mapToDouble(RecordedRun::quietHours).sum();
  }

  /** Null without quiet time. */
  Double falseFindingsPerQuietHour() {
    double quiet = quietHours();
    return quiet <= 0 ? null : falseFindings() / quiet;
  }

  /** The slowest run's first scored minute; null when a run never scored. */
  Long worstFirstScoredSeconds() {
    long worst = 0;
    for (RecordedRun run : runs) {
      if (run.firstScoredSeconds() == null) {
        return null;
      }
      worst = Math.max(worst, run.firstScoredSeconds());
    }
    return worst;
  }

  /** Each goal of the issue with its measured value and whether the record meets it. */
  List<String> goals() {
    List<String> lines = new ArrayList<>();
    for (LabScore.Row r : rows) {
      if (r.cases() < MIN_CASES_FOR_TYPE_GOAL) {
        lines.add(
            "type "
                + r.label()
                + ": "
                + r.cases()
                + " cases, fewer than "
                + MIN_CASES_FOR_TYPE_GOAL
                + ": no AC goal yet");
        continue;
      }
      lines.add(
          String.format(
              Locale.ROOT,
              "type %s: AC@1 %.3f (goal >= %.2f) %s; AC@3 %.3f (goal >= %.2f) %s",
              r.label(),
              r.ac1(),
              AC1_GOAL,
              verdict(r.ac1() >= AC1_GOAL),
              r.ac3(),
              AC3_GOAL,
              verdict(r.ac3() >= AC3_GOAL)));
    }
    double within3 = share(all.detectedWithin3Minutes(), all.cases());
    lines.add(
        String.format(
            Locale.ROOT,
            "detected within 3 minutes: %d of %d = %.3f (goal >= %.2f) %s",
            all.detectedWithin3Minutes(),
            all.cases(),
            within3,
            DETECTED_WITHIN_3_MIN_GOAL,
            verdict(all.cases() > 0 && within3 >= DETECTED_WITHIN_3_MIN_GOAL)));
    Double perHour = falseFindingsPerQuietHour();
    lines.add(
        String.format(
            Locale.ROOT,
            "false findings: %d in %.2f quiet hours = %s per quiet hour (goal <= %.0f) %s",
            falseFindings(),
            quietHours(),
            perHour == null ? "-" : String.format(Locale.ROOT, "%.2f", perHour),
            FALSE_PER_QUIET_HOUR_GOAL,
            perHour == null ? "not measured" : verdict(perHour <= FALSE_PER_QUIET_HOUR_GOAL)));
    Long first = worstFirstScoredSeconds();
    lines.add(
        "first scored minute, slowest run: "
            + (first == null ? "never" : first + " s")
            + " (goal <= "
            + FIRST_SCORED_GOAL_SECONDS
            + " s) "
            + verdict(first != null && first <= FIRST_SCORED_GOAL_SECONDS));
    return lines;
  }

  /**
   * The second figure, not a goal: cases a finding showed (the true service among its services or
   * first causes) within 3 minutes, over the cases of the runs whose reports record it.
   */
  String shownLine() {
    if (!all.shownKnown()) {
      return "shown within 3 min (not a goal): not recorded by these runs";
    }
    long runsWith = runs.stream().filter(RecordedRun::recordsShown).count();
    return String.format(
        Locale.ROOT,
        "shown within 3 min (not a goal): %d of %d cases of runs that record it (%d of %d runs);"
            + " shown within 10 min: %d",
        all.shownWithin3Minutes(),
        all.shownCases(),
        runsWith,
        runs.size(),
        all.shown());
  }

  private static String verdict(boolean met) {
    return met ? "met" : "NOT met";
  }

  /**
   * The summary lines, in the format of a single run's; the shown figure and the cases it covers
   * ({@code shown_cases}) come last.
   */
  List<String> summaryLines() {
    List<String> lines = new ArrayList<>();
    for (LabScore.Row r : rows) {
      lines.add("type=" + r.label() + " " + figures(r) + shownFigures(r));
    }
    Double perHour = falseFindingsPerQuietHour();
    Long first = worstFirstScoredSeconds();
    lines.add(
        "all "
            + figures(all)
            + " false_findings_per_quiet_hour="
            + (perHour == null ? "-" : String.format(Locale.ROOT, "%.2f", perHour))
            + " first_scored_minute_after_s="
            + (first == null ? "-" : first)
            + " runs="
            + runs.size()
            + " seeds="
            + String.join(",", runs.stream().map(r -> Long.toString(r.seed())).toList())
            + shownFigures(all));
    return lines;
  }

  private static String shownFigures(LabScore.Row r) {
    return LabScore.shownFigures(r) + " shown_cases=" + r.shownCases();
  }

  private static String figures(LabScore.Row r) {
    return String.format(
        Locale.ROOT,
        "cases=%d detected=%d within_3_min=%d delay_median_s=%s AC@1=%.3f AC@3=%.3f Avg@5=%.3f",
        r.cases(),
        r.detected(),
        r.detectedWithin3Minutes(),
        r.delayMedianSeconds() == null
            ? "-"
            : String.format(Locale.ROOT, "%.0f", r.delayMedianSeconds()),
        r.ac1(),
        r.ac3(),
        r.avg5());
  }
}
