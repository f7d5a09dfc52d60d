package io.mirador.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpCommandIT {
  @TempDir Path data;

  @Test
  void upCreatesTheEmbeddedStoreAndReportsTheSchema() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        Mirador.run(
            List.of("up", "--data", data.toString(), "--check"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(text).isZero();
    assertThat(text)
        .contains("schema version 1")
        .contains("mirador.otel_traces")
        .contains("mirador.otel_metrics_summary")
        .contains("check passed");
    assertThat(Files.isDirectory(data.resolve("clickhouse"))).isTrue();
  }
}
