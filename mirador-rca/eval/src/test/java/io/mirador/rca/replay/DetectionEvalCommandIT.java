package io.mirador.rca.replay;

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

/**
 * The detection harness on a tiny Nezha-layout directory written here: two pods' metrics for three
 * hours replayed through the core's ingest path, the loop run minute by minute, one CPU fault found
 * and the quiet stretch after it counted.
 */
class DetectionEvalCommandIT {
  @TempDir Path dir;

  @Test
  void aCpuFaultInReplayedMetricsOpensAnIncidentWithItsService() throws Exception {
    FaultLists.writeOne(dir, "2023-01-29 09:40:00", "db-1a-2b", "cpu_contention");
    Files.createDirectories(dir.resolve("metric"));
    var random = new Random(11);
    // 08:40 to 11:39; db's CPU is 9x higher from 09:40 to 09:49.
    for (String pod : new String[] {"api-1a-2b", "db-1a-2b"}) {
      StringBuilder metric =
          new StringBuilder("Time,TimeStamp,PodName,CpuUsageRate(%),MemoryUsage(Mi)\n");
      for (int m = 0; m < 180; m++) {
        boolean hot = pod.startsWith("db") && m >= 60 && m < 70;
        double cpu = (hot ? 45 : 5) * (1 + 0.05 * random.nextGaussian());
        double memory = 100 * (1 + 0.01 * random.nextGaussian());
        metric.append(
            "2023-01-29 %02d:%02d:10.0 +0000 UTC,0,%s,%.3f,%.3f\n"
                .formatted(8 + (40 + m) / 60, (40 + m) % 60, pod, cpu, memory));
      }
      gzip(dir.resolve("metric/" + pod + "_metric.csv.gz"), metric.toString());
    }

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = DetectionEvalCommand.run(dir, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(code).as(out).isZero();
    assertThat(out).contains("# replay: core ingest pipeline").contains("spans=0 logs=0");
    assertThat(out)
        .containsPattern(
            "case=2023-01-29T09:40:00 truth=db type=cpu_contention detected=yes"
                + " delay_minutes=[0-4] reported_after_minutes=[0-9]+\\.[0-9]\\n");
    assertThat(out).contains("# detection loop over 180 minutes");
    // Traffic from 08:40: five minutes of baseline, the first scored minute is 08:45, reported
    // at 08:46:25.
    assertThat(out)
        .contains(
            "# first scored minute: 2023-01-29T08:45:00Z (traffic from 2023-01-29T08:40:00Z;"
                + " scored 6.4 minutes after traffic began)");
    assertThat(out)
        .containsPattern(
            "variant=INBOUND_CALLS cases=1 detected=1 delay_minutes_median=[0-4]"
                + " reported_after_minutes_median=[0-9.]+ reported_after_minutes_p90=[0-9.]+"
                + " detected_within_3_minutes=[01] false_incidents=\\d+ quiet_hours=1\\.5 ");
  }

  @Test
  void aDirectoryWithoutAFaultListGoesToTheSockShopHarness() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = DetectionEvalCommand.run(dir, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("error: no cases in");
  }

  private static void gzip(Path file, String text) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
