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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RcaEvalTest {
  static final Path SOCKSHOP = Path.of("../../../shared/data/rca/sockshop-rcd");

  private static String run(Path dir, int[] rc) {
    var bytes = new ByteArrayOutputStream();
    rc[0] = RcaEval.run(dir, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static void writeGz(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String table(int rows, long start, String hotColumn, Random random) {
    var sb = new StringBuilder("time,a_cpu,b_cpu,b-db_cpu,a_mem,b_mem\n");
    for (int i = 0; i < rows; i++) {
      sb.append(start + i);
      for (String c : new String[] {"a_cpu", "b_cpu", "b-db_cpu", "a_mem", "b_mem"}) {
        double v = (c.endsWith("mem") ? 1e8 : 10) * (1 + 0.02 * random.nextGaussian());
        sb.append(',').append(c.equals(hotColumn) ? v * 8 : v);
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  @Test
  void ranksSyntheticCasesAndSurvivesBrokenOnes(@TempDir Path dir) throws Exception {
    var random = new Random(1);
    writeGz(dir.resolve("b-cpu/1/normal.csv.gz"), table(100, 0, "", random));
    writeGz(dir.resolve("b-cpu/1/anomalous.csv.gz"), table(50, 100, "b-db_cpu", random));
    writeGz(dir.resolve("a-mem/1/normal.csv.gz"), table(100, 0, "", random));
    writeGz(dir.resolve("a-mem/1/anomalous.csv.gz"), table(50, 100, "a_mem", random));
    writeGz(dir.resolve("a-mem/2/normal.csv.gz"), "time,a_cpu\n1,2\n2,oops\n");
    writeGz(dir.resolve("a-mem/2/anomalous.csv.gz"), "time,a_cpu\n3,4\n");
    Files.createDirectories(dir.resolve("b-mem/1"));
    Files.write(dir.resolve("b-mem/1/normal.csv.gz"), new byte[] {31, -117, 8, 0, 1, 2});
    Files.write(dir.resolve("b-mem/1/anomalous.csv.gz"), new byte[] {31, -117, 8, 0, 1, 2});
    int[] rc = new int[1];
    String out = run(dir, rc);
    assertThat(out)
        .contains("case=a-mem/1 truth=a top5=a,b\n")
        .contains("case=b-cpu/1 truth=b top5=b,a\n")
        .contains("case=a-mem/2 error=")
        .contains("line 3, column a_cpu: not a number")
        .contains("case=b-mem/1 error=")
        .endsWith("cases=2 AC@1=1.000 AC@3=1.000 Avg@5=1.000\n")
        .doesNotContain("Exception");
    assertThat(rc[0]).isEqualTo(1);
  }

  @Test
  void nezhaLayoutNeedsTheCore(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("fault_list.json"), "{}");
    int[] rc = new int[1];
    assertThat(run(dir, rc)).contains("Nezha layout").contains("mirador-rca-eval");
    assertThat(rc[0]).isEqualTo(2);
    assertThat(run(dir.resolve("nothing"), rc)).contains("not a directory");
    assertThat(rc[0]).isEqualTo(2);
  }

  @Test
  void sockShopMeetsTheGoals() {
    assertThat(Files.isDirectory(SOCKSHOP))
        .as("sockshop-rcd data at %s (../shared/data beside the repository)", SOCKSHOP)
        .isTrue();
    int[] rc = new int[1];
    String out = run(SOCKSHOP, rc);
    assertThat(rc[0]).isZero();
    Matcher m =
        Pattern.compile("cases=(\\d+) AC@1=([0-9.]+) AC@3=([0-9.]+) Avg@5=([0-9.]+)\n$")
            .matcher(out);
    assertThat(m.find()).as(out).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isEqualTo(20);
    assertThat(Double.parseDouble(m.group(2))).isGreaterThanOrEqualTo(0.90);
    assertThat(Double.parseDouble(m.group(4))).isGreaterThanOrEqualTo(0.98);
  }
}
