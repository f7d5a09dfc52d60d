package io.mirador.rca.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnomalyEvalTest {
  static final Path ADBENCH = Path.of("../../../shared/data/anomaly/adbench");

  private static String run(Path dir, int[] rc) {
    var bytes = new ByteArrayOutputStream();
    rc[0] = AnomalyEval.run(dir, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void scoresPlantedOutliersAndReportsBadFilesWithoutStopping(@TempDir Path dir) throws Exception {
    var random = new Random(3);
    int n = 1000;
    double[][] x = new double[n][2];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      boolean outlier = i % 50 == 0;
      y[i] = outlier ? 1 : 0;
      x[i][0] = random.nextGaussian() + (outlier ? 6 : 0);
      x[i][1] = random.nextGaussian() - (outlier ? 6 : 0);
    }
    NpyFixtures.npz(
        dir.resolve("a_planted.npz"),
        Map.of("X", NpyFixtures.matrix(x), "y", NpyFixtures.vector(y)));
    Files.write(dir.resolve("b_broken.npz"), new byte[] {'P', 'K', 3, 4, 0, 0});
    NpyFixtures.npz(
        dir.resolve("c_mismatch.npz"),
        Map.of("X", NpyFixtures.matrix(x), "y", NpyFixtures.vector(new double[] {0, 1})));
    int[] rc = new int[1];
    String out = run(dir, rc);
    assertThat(rc[0]).isEqualTo(1);
    String[] lines = out.split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).startsWith("a_planted auc=");
    assertThat(Double.parseDouble(lines[0].substring("a_planted auc=".length())))
        .isGreaterThan(0.97);
    assertThat(lines[1]).startsWith("b_broken error=");
    assertThat(lines[2]).isEqualTo("c_mismatch error=X has 1000 rows but y has 2");
  }

  @Test
  void emptyDirectoryIsAnError(@TempDir Path dir) {
    int[] rc = new int[1];
    assertThat(run(dir, rc)).contains("no .npz files");
    assertThat(rc[0]).isEqualTo(2);
    assertThat(run(dir.resolve("missing"), rc)).contains("cannot list");
    assertThat(rc[0]).isEqualTo(2);
  }

  @Test
  void breastCancerWithinPaperAuc() throws Exception {
    Path file = ADBENCH.resolve("4_breastw.npz");
    assertThat(Files.exists(file))
        .as("ADBench data at %s (../shared/data beside the repository)", file)
        .isTrue();
    assertThat(AnomalyEval.evaluate(file)).isBetween(0.99 - 0.03, 1.0);
  }
}
