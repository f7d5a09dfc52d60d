package io.mirador.rca.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.rca.RootCauseRanker;
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

class NezhaMetricsEvalTest {
  private static void pod(Path dir, String pod, boolean faulty, Random random) throws IOException {
    var sb =
        new StringBuilder(
            "Time,TimeStamp,PodName,CpuUsage(m),PodSuccessRate(%),NodeCpuUsageRate(%)\n");
    for (int minute = 0; minute < 40; minute++) {
      boolean during = faulty && minute >= 35;
      sb.append(String.format("2023-01-29 08:%02d:09.1 +0000 UTC m=+1.0", minute))
          .append(",1,")
          .append(pod)
          .append(',')
          .append(10 + random.nextGaussian())
          .append(',')
          .append(during ? 60 : 100 - Math.abs(random.nextGaussian()))
          .append(",50\n");
    }
    try (OutputStream out =
        new GZIPOutputStream(Files.newOutputStream(dir.resolve(pod + "_metric.csv.gz")))) {
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void ranksTheInjectedPodsServiceFromItsErrorRate(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("metric"));
    var random = new Random(1);
    pod(dir.resolve("metric"), "ts-a-service-5f55b6cf68-77cfw", false, random);
    pod(dir.resolve("metric"), "ts-b-service-64469b5b48-25zj6", true, random);
    Files.writeString(
        dir.resolve("fault_list.json"),
        """
        {"08": [{"inject_time": "2023-01-29 08:35:00", "inject_timestamp": "1",
                 "inject_pod": "ts-b-service-64469b5b48-25zj6", "inject_type": "exception"}]}
        """);
    var bytes = new ByteArrayOutputStream();
    int rc =
        NezhaMetricsEval.run(
            dir,
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            RootCauseRanker.Scoring.ROBUST_DEVIATION);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .startsWith(
            "# METRICS CSVs read directly by the engine, NOT through the core's ingest path")
        .contains("truth=ts-b-service top5=ts-b-service,ts-a-service")
        .endsWith("cases=1 AC@1=1.000 AC@3=1.000 Avg@5=1.000\n");
    assertThat(rc).isZero();
  }

  @Test
  void brokenFaultListIsAClearError(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("fault_list.json"), "{\"08\": [{\"inject_time\": \"soon\"}]}");
    var bytes = new ByteArrayOutputStream();
    int rc =
        NezhaMetricsEval.run(
            dir,
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            RootCauseRanker.Scoring.ROBUST_DEVIATION);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("error: fault without inject_pod");
    assertThat(rc).isEqualTo(2);
  }

  @Test
  void podNameToService() {
    assertThat(NezhaMetricsEval.service("ts-travel-service-64469b5b48-25zj6"))
        .isEqualTo("ts-travel-service");
    assertThat(NezhaMetricsEval.service("frontend-579b9bff58-t2dbm")).isEqualTo("frontend");
    assertThat(NezhaMetricsEval.service("odd")).isEqualTo("odd");
  }
}
