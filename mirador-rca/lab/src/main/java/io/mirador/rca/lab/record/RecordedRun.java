package io.mirador.rca.lab.record;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One lab run as its directory recorded it: {@code run.json}'s seed, commit and settings, and
 * {@code report.md}'s cases, false findings, quiet time and first scored minute.
 */
record RecordedRun(
    String name,
    long seed,
    String commit,
    String settings,
    List<RecordedCase> cases,
    int falseFindings,
    double quietHours,
    Long firstScoredSeconds) {
  RecordedRun {
    requireNonNull(name, "name");
    requireNonNull(commit, "commit");
    requireNonNull(settings, "settings");
    cases = List.copyOf(requireNonNull(cases, "cases"));
    if (falseFindings < 0 || quietHours < 0) {
      throw new IllegalArgumentException(name + ": negative false findings or quiet time");
    }
  }

  /** Whether the run's report records the shown figure (written since it exists). */
  boolean recordsShown() {
    return cases.stream().anyMatch(RecordedCase::shownRecorded);
  }
}
