package io.mirador.store.chdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store keeps its data across process restarts: after a clean exit, and after the
 * writer is killed with SIGKILL once its write returned. chDB allows one storage path per process
 * and cannot restart in-process, so each run is a process of its own.
 */
class EmbeddedRestartIT {
  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

  @TempDir Path data;

  @Test
  void dataSurvivesACleanRestart() throws Exception {
    assertThat(run("write", data.toString(), TRACE, "500")).contains("written");
    assertThat(run("read", data.toString(), TRACE)).contains("spans=500");
    // The second start finds the schema in place and applies no migration twice.
    assertThat(run("read", data.toString(), TRACE)).contains("spans=500");
  }

  @Test
  void acknowledgedWritesSurviveSigkill() throws Exception {
    Process writer = start("write", data.toString(), TRACE, "300", "hold");
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.equals("written"));
      assertThat(line).as("writer acknowledged the write").isEqualTo("written");
    }
    writer.destroyForcibly(); // SIGKILL: no shutdown hook, no engine shutdown
    assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(run("read", data.toString(), TRACE)).contains("spans=300");
  }

  private static Process start(String... args) throws IOException {
    return new ProcessBuilder(ChildJvm.command(RestartProbe.class, args))
        .redirectErrorStream(false)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static String run(String... args) throws Exception {
    Process process = start(args);
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("probe %s exit, output: %s", args[0], out).isZero();
    assertThat(Files.exists(Path.of(args[1]))).isTrue();
    return out;
  }
}
