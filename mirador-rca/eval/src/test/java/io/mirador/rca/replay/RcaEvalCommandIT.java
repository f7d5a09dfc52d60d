package io.mirador.rca.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole command on a tiny Nezha-layout directory written here: replay through the core's ingest
 * path, one case line, the summary line, malformed rows counted instead of crashing.
 */
class RcaEvalCommandIT {
  private static final long T0 = 1_674_981_600L; // 2023-01-29T08:40:00Z
  private static final String TRACE_HEADER =
      "TraceID,SpanID,ParentID,PodName,OperationName,StartTimeUnixNano,EndTimeUnixNano,Duration\n";

  @TempDir Path dir;

  @Test
  void aTinyNezhaDirectoryIsReplayedAndRanked() throws Exception {
    FaultLists.writeOne(dir, "2023-01-29 08:50:00", "db-1a-2b", "cpu_contention");
    Files.createDirectories(dir.resolve("trace"));
    Files.createDirectories(dir.resolve("metric"));
    // api calls db every second for 15 minutes; from 08:50 db takes 10x longer.
    StringBuilder trace = new StringBuilder(TRACE_HEADER);
    for (int s = 0; s < 15 * 60; s++) {
      long start = (T0 + s) * 1_000_000_000L;
      long db = s >= 600 ? 50_000_000L : 5_000_000L;
      String traceId = "%032x".formatted(s + 1);
      trace.append(
          "%s,%016x,root,api-1a-2b,GET /,%d,%d,0\n"
              .formatted(traceId, 2L * s + 1, start, start + db + 2_000_000L));
      trace.append(
          "%s,%016x,%016x,db-1a-2b,query,%d,%d,0\n"
              .formatted(
                  traceId, 2L * s + 2, 2L * s + 1, start + 1_000_000L, start + 1_000_000L + db));
    }
    trace.append("not,a,valid,row\n");
    gzip(dir.resolve("trace/08_50_trace.csv.gz"), trace.toString());
    StringBuilder metric =
        new StringBuilder("Time,TimeStamp,PodName,CpuUsageRate(%),MemoryUsage(Mi)\n");
    for (int m = 0; m < 15; m++) {
      metric.append(
          "2023-01-29 08:%02d:10.0 +0000 UTC,0,db-1a-2b,%s,100\n"
              .formatted(40 + m, m >= 10 ? "90" : "5"));
    }
    gzip(dir.resolve("metric/db-1a-2b_metric.csv.gz"), metric.toString());

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = RcaEvalCommand.run(dir, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(code).as(out).isZero();
    assertThat(out).contains("# replay: core ingest pipeline");
    assertThat(out).contains("spans=1800").contains("bad_rows=1");
    assertThat(out).contains("# bad row 08_50_trace.csv.gz:1802: expected 8 fields, found 4");
    assertThat(out)
        .containsPattern(
            "case=2023-01-29T08:50:00 truth=db top5=db(,api)? type=cpu_contention traces=yes\\n");
    assertThat(out).contains("# faults with traces in their window: cases=1 AC@1=1.000");
    String[] lines = out.strip().split("\n");
    assertThat(lines[lines.length - 1]).isEqualTo("cases=1 AC@1=1.000 AC@3=1.000 Avg@5=1.000");
  }

  private static void gzip(Path file, String text) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
