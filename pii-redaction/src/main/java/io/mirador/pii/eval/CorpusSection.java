package io.mirador.pii.eval;

import java.util.random.RandomGenerator;

/**
 * One part of the generated corpus ({@link GeneratedCorpus}): labelled positives of one entity type
 * built from its published specification, or negatives that must stay untouched. Implementations
 * are deterministic for a given random generator and never read any data set.
 */
interface CorpusSection {
  /** A short name for reports, such as {@code credit_card} or {@code negatives}. */
  String name();

  /** Adds this section's samples to {@code sink}. */
  void generate(RandomGenerator random, CorpusSink sink);
}
