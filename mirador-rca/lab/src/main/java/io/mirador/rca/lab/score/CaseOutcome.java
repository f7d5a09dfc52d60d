package io.mirador.rca.lab.score;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * How the product did on one case: the loop's detection (if any; the primary figure), whether a
 * finding showed the true service ({@link Detection#shownBy}, the second figure), and the on-demand
 * RCA's ranking over the fault window ({@code ranked} empty with {@code rcaError} set when the RCA
 * did not answer).
 */
public record CaseOutcome(
    LabCase labCase,
    Optional<Detection> detection,
    Optional<Detection> shown,
    List<String> ranked,
    String rcaError) {
  public CaseOutcome {
    requireNonNull(labCase, "labCase");
    requireNonNull(detection, "detection");
    requireNonNull(shown, "shown");
    ranked = List.copyOf(requireNonNull(ranked, "ranked"));
  }

  /** Scores {@code c} against the findings the lab tracked: detected and shown. */
  public static CaseOutcome of(
      LabCase c, Collection<FindingTrack> findings, List<String> ranked, String rcaError) {
    return new CaseOutcome(
        c, Detection.of(c, findings), Detection.shownBy(c, findings), ranked, rcaError);
  }

  /** The true cause's position in the RCA's ranking, 1-based; 0 when absent. */
  public int rcaRank() {
    return ranked.indexOf(labCase.truth()) + 1;
  }
}
