package io.mirador.rca.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionEvalTest {
  private static String run(Path dir, DetectionEval.Variant variant, int[] rc) {
    var bytes = new ByteArrayOutputStream();
    rc[0] = DetectionEval.run(dir, new PrintStream(bytes, true, StandardCharsets.UTF_8), variant);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static void writeGz(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Sock Shop's columns for two services; {@code hot} runs at {@code factor} times its level. */
  private static String table(int rows, long start, String hot, double factor, Random random) {
    String[] columns = {"carts_cpu", "carts-db_cpu", "orders_cpu", "carts_mem", "orders_mem"};
    var sb = new StringBuilder("time," + String.join(",", columns) + "\n");
    for (int i = 0; i < rows; i++) {
      sb.append(start + i);
      for (String c : columns) {
        double v = (c.endsWith("mem") ? 1e8 : 10) * (1 + 0.02 * random.nextGaussian());
        sb.append(',').append(c.equals(hot) ? v * factor : v);
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  @Test
  void aStrongFaultIsDetectedWithItsServiceAndABrokenCaseIsReported(@TempDir Path dir)
      throws Exception {
    var random = new Random(7);
    writeGz(dir.resolve("orders-cpu/1/normal.csv.gz"), table(200, 0, "", 1, random));
    writeGz(dir.resolve("orders-cpu/1/anomalous.csv.gz"), table(40, 200, "orders_cpu", 6, random));
    writeGz(dir.resolve("carts-mem/1/normal.csv.gz"), table(50, 0, "", 1, random));
    writeGz(dir.resolve("carts-mem/1/anomalous.csv.gz"), table(40, 50, "carts_mem", 3, random));
    int[] rc = new int[1];

    String out = run(dir, DetectionEval.Variant.FOREST_OR_10_IQR, rc);

    assertThat(rc[0]).isEqualTo(1);
    assertThat(out)
        .contains("case=carts-mem/1 error=carts-mem/1: 50 normal rows, needs 120")
        .containsPattern("case=orders-cpu/1 truth=orders false_incidents=\\d+ detected=yes")
        .contains("top_cause=orders")
        .containsPattern("variant=FOREST_OR_10_IQR cases=1 detected=1 top_cause_right=1 ")
        .contains("held_out_rows=90")
        // A row is a minute: reported a minute and 25 s after the detecting row began, at least.
        .containsPattern("reported_after_minutes_median=\\d+\\.\\d reported_after_minutes_p90=");
  }

  @Test
  void aMoveTooSmallForEitherDetectorIsNotDetected(@TempDir Path dir) throws Exception {
    var random = new Random(3);
    writeGz(dir.resolve("orders-cpu/1/normal.csv.gz"), table(200, 0, "", 1, random));
    // 2 % noise; a 1 % shift is well inside the baseline.
    writeGz(
        dir.resolve("orders-cpu/1/anomalous.csv.gz"), table(40, 200, "orders_cpu", 1.01, random));
    int[] rc = new int[1];

    String out = run(dir, DetectionEval.Variant.FOREST_OR_10_IQR, rc);

    assertThat(rc[0]).isZero();
    assertThat(out).contains("truth=orders").contains("detected=no");
  }

  @Test
  void aDirectoryWithoutCasesIsAClearError(@TempDir Path dir) {
    int[] rc = new int[1];
    assertThat(run(dir, DetectionEval.Variant.DEFAULT, rc)).startsWith("error: no cases in");
    assertThat(rc[0]).isEqualTo(2);
    assertThat(run(dir.resolve("missing"), DetectionEval.Variant.DEFAULT, rc))
        .contains("is not a directory");
  }
}
