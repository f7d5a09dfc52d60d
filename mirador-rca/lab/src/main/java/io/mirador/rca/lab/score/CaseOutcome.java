package io.mirador.rca.lab.score;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * How the product did on one case: the loop's detection (if any) and the on-demand RCA's ranking
 * over the fault window ({@code ranked} empty with {@code rcaError} set when the RCA did not
 * answer).
 */
public record CaseOutcome(
    LabCase labCase, Optional<Detection> detection, List<String> ranked, String rcaError) {
  public CaseOutcome {
    requireNonNull(labCase, "labCase");
    requireNonNull(detection, "detection");
    ranked = List.copyOf(requireNonNull(ranked, "ranked"));
  }

  /** The true cause's position in the RCA's ranking, 1-based; 0 when absent. */
  public int rcaRank() {
    return ranked.indexOf(labCase.truth()) + 1;
  }
}
