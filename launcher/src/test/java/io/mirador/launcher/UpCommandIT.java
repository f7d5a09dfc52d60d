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

/** {@code up --check} starts the real applications from their built jars, waits, and stops. */
class UpCommandIT {
  @TempDir Path data;

  @Test
  void upStartsTheCoreTheAgentAndTheRcaServiceAndStopsThemCleanly() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        Mirador.run(
            List.of("up", "--data", data.toString(), "--check"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(text).isZero();
    assertThat(text)
        .contains("[mirador-core]")
        .contains("query API http://127.0.0.1:")
        .contains("mirador: starting mirador-agent")
        .contains("mirador: starting mirador-rca")
        .contains("check passed");
    // Started in order, each only once the one before was ready.
    assertThat(text.indexOf("starting mirador-core"))
        .isLessThan(text.indexOf("starting mirador-agent"));
    assertThat(text.indexOf("starting mirador-agent"))
        .isLessThan(text.indexOf("starting mirador-rca"));
    assertThat(Files.isDirectory(data.resolve("core"))).isTrue();
  }
}
