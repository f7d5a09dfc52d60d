package io.mirador.pii.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality goals on the module's own generated corpus (default seed), scored by {@link
 * PiiEval} exactly as {@code mirador pii-eval} scores a file: recall >= 0.99 for every structured
 * type (phone >= 0.97) and precision >= 0.97. Every failing figure is reported, not just the first.
 */
class GeneratedCorpusQualityTest {
  private static final double RECALL = 0.99;
  private static final double PHONE_RECALL = 0.97;
  private static final double PRECISION = 0.97;

  @TempDir Path dir;

  @Test
  void meetsTheRecallAndPrecisionGoalsForEveryType() throws Exception {
    Path file = dir.resolve("generated.json");
    GeneratedCorpus.write(file, GeneratedCorpus.DEFAULT_SEED);
    PiiEval.Tally tally = PiiEval.evaluate(file);

    SoftAssertions soft = new SoftAssertions();
    for (Map.Entry<String, PiiEval.Tally.Counts> e : tally.perType.entrySet()) {
      String type = e.getKey();
      PiiEval.Tally.Counts c = e.getValue();
      assertThat(c.labelled).as("%s has labelled samples", type).isPositive();
      double recall = (double) c.covered / c.labelled;
      double goal = type.equals("PHONE_NUMBER") ? PHONE_RECALL : RECALL;
      soft.assertThat(recall)
          .as("%s recall (%d of %d)", type, c.covered, c.labelled)
          .isGreaterThanOrEqualTo(goal);
      double precision = c.detected == 0 ? 1.0 : (double) c.precise / c.detected;
      soft.assertThat(precision)
          .as("%s precision (%d of %d)", type, c.precise, c.detected)
          .isGreaterThanOrEqualTo(PRECISION);
    }
    soft.assertAll();
  }
}
