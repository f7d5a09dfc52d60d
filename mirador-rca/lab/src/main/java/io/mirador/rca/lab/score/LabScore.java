package io.mirador.rca.lab.score;

import io.mirador.rca.eval.TopKAccuracy;
import io.mirador.rca.lab.schedule.FaultType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The run's figures: per fault type and overall, detected cases, the median delay, AC@1, AC@3 and
 * Avg@5 of the RCA over the fault windows ({@link TopKAccuracy}, as {@code rca-eval}); false
 * findings per quiet hour; the first scored minute after traffic started. Apart from these, the
 * second detection figure: cases a finding showed ({@link Detection#shownBy}), and within 3
 * minutes.
 */
public final class LabScore {
  /**
   * One row: a fault type, or all of them ({@code type} null). {@code shown} and {@code
   * shownWithin3Minutes} count over {@code shownCases} cases: all of them in a run; in a record
   * composed from runs, only the cases of runs whose report records the figure (0: unknown).
   */
  public record Row(
      FaultType type,
      int cases,
      int detected,
      int detectedWithin3Minutes,
      Double delayMedianSeconds,
      double ac1,
      double ac3,
      double avg5,
      int rcaFailures,
      int shown,
      int shownWithin3Minutes,
      int shownCases) {
    public Row {
      if (shownCases < 0 || shownCases > cases || shown > shownCases) {
        throw new IllegalArgumentException(
            "shown " + shown + " of " + shownCases + " recorded cases, " + cases + " cases");
      }
      if (shownWithin3Minutes < 0 || shownWithin3Minutes > shown) {
        throw new IllegalArgumentException(
            "shown within 3 minutes " + shownWithin3Minutes + " > shown " + shown);
      }
    }

    public String label() {
      return type == null ? "all" : type.wireName();
    }

    /** False when the row has cases and none of them records the shown figure (old reports). */
    public boolean shownKnown() {
      return cases == 0 || shownCases > 0;
    }
  }

  private final List<CaseOutcome> outcomes;
  private final List<Row> rows;
  private final Row all;
  private final List<FindingTrack> falseFindings;
  private final Duration quiet;
  private final Duration firstScoredAfter;
  private final long seed;

  private LabScore(
      List<CaseOutcome> outcomes,
      List<Row> rows,
      Row all,
      List<FindingTrack> falseFindings,
      Duration quiet,
      Duration firstScoredAfter,
      long seed) {
    this.outcomes = outcomes;
    this.rows = rows;
    this.all = all;
    this.falseFindings = falseFindings;
    this.quiet = quiet;
    this.firstScoredAfter = firstScoredAfter;
    this.seed = seed;
  }

  /**
   * Scores {@code outcomes}; findings opened in quiet time within [{@code scoredFrom}, {@code
   * scoredTo}) are false. {@code scoredFrom} null: the loop never watched (no quiet time, no first
   * scored minute).
   */
  public static LabScore of(
      List<CaseOutcome> outcomes,
      Collection<FindingTrack> findings,
      Instant trafficStart,
      Instant scoredFrom,
      Instant scoredTo,
      long seed) {
    Map<FaultType, List<CaseOutcome>> byType = new EnumMap<>(FaultType.class);
    for (CaseOutcome o : outcomes) {
      byType.computeIfAbsent(o.labCase().type(), t -> new ArrayList<>()).add(o);
    }
    List<Row> rows = new ArrayList<>();
    byType.forEach((type, list) -> rows.add(row(type, list)));
    List<FindingTrack> falseFindings = new ArrayList<>();
    Duration quiet = Duration.ZERO;
    if (scoredFrom != null) {
      QuietTime quietTime =
          new QuietTime(scoredFrom, scoredTo, outcomes.stream().map(CaseOutcome::labCase).toList());
      quiet = quietTime.length();
      findings.stream().filter(f -> quietTime.isQuiet(f.openedAt())).forEach(falseFindings::add);
    }
    return new LabScore(
        List.copyOf(outcomes),
        List.copyOf(rows),
        row(null, outcomes),
        List.copyOf(falseFindings),
        quiet,
        scoredFrom == null ? null : Duration.between(trafficStart, scoredFrom),
        seed);
  }

  private static Row row(FaultType type, List<CaseOutcome> list) {
    TopKAccuracy accuracy = new TopKAccuracy();
    int failures = 0;
    List<Long> delays = new ArrayList<>();
    int within3 = 0;
    int shown = 0;
    int shownWithin3 = 0;
    for (CaseOutcome o : list) {
      accuracy.record(o.labCase().truth(), o.ranked());
      if (o.rcaError() != null) {
        failures++;
      }
      Optional<Detection> d = o.detection();
      if (d.isPresent()) {
        delays.add(d.get().delay().toSeconds());
        if (d.get().within3Minutes()) {
          within3++;
        }
      }
      if (o.shown().isPresent()) {
        shown++;
        if (o.shown().get().within3Minutes()) {
          shownWithin3++;
        }
      }
    }
    double avg5 = 0;
    for (int k = 1; k <= 5; k++) {
      avg5 += accuracy.acAt(k);
    }
    return new Row(
        type,
        list.size(),
        delays.size(),
        within3,
        median(delays),
        accuracy.acAt(1),
        accuracy.acAt(3),
        avg5 / 5,
        failures,
        shown,
        shownWithin3,
        list.size());
  }

  /** The median of {@code values}; null when there are none. */
  public static Double median(List<Long> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }

  /** False findings per quiet hour; null without quiet time. */
  public Double falseFindingsPerQuietHour() {
    if (quiet.isZero() || quiet.isNegative()) {
      return null;
    }
    return falseFindings.size() / (quiet.toMillis() / 3_600_000.0);
  }

  /**
   * The summary lines: one per fault type, then {@code all ...}. The shown figure is appended at
   * the end of each line so that the keys before it keep their order (tools grep them).
   */
  public List<String> summaryLines() {
    List<String> lines = new ArrayList<>();
    for (Row r : rows) {
      lines.add("type=" + r.label() + " " + figures(r) + shownFigures(r));
    }
    lines.add(
        "all "
            + figures(all)
            + " false_findings_per_quiet_hour="
            + format(falseFindingsPerQuietHour(), "%.2f")
            + " first_scored_minute_after_s="
            + (firstScoredAfter == null ? "-" : Long.toString(firstScoredAfter.toSeconds()))
            + " seed="
            + seed
            + shownFigures(all));
    return lines;
  }

  /** {@code " shown=N shown_within_3_min=M"}, {@code -} for both when unknown. */
  public static String shownFigures(Row r) {
    return r.shownKnown()
        ? " shown=" + r.shown() + " shown_within_3_min=" + r.shownWithin3Minutes()
        : " shown=- shown_within_3_min=-";
  }

  private static String figures(Row r) {
    return String.format(
        Locale.ROOT,
        "cases=%d detected=%d delay_median_s=%s AC@1=%.3f AC@3=%.3f Avg@5=%.3f",
        r.cases(),
        r.detected(),
        format(r.delayMedianSeconds(), "%.0f"),
        r.ac1(),
        r.ac3(),
        r.avg5());
  }

  static String format(Double value, String pattern) {
    return value == null ? "-" : String.format(Locale.ROOT, pattern, value);
  }

  public List<CaseOutcome> outcomes() {
    return outcomes;
  }

  public List<Row> rows() {
    return rows;
  }

  public Row all() {
    return all;
  }

  public List<FindingTrack> falseFindings() {
    return falseFindings;
  }

  public Duration quiet() {
    return quiet;
  }

  public Duration firstScoredAfter() {
    return firstScoredAfter;
  }

  public long seed() {
    return seed;
  }
}
