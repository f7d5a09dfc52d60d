package io.mirador.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MiradorTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Mirador.run(
        List.of(args),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void noCommandPrintsUsageAndFails() {
    assertThat(run()).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("usage: mirador <command>")
        .contains("up");
  }

  @Test
  void unknownCommandIsAUsageError() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'frobnicate'");
  }

  @Test
  void badOptionsAreUsageErrorsBeforeAnythingStarts() {
    assertThat(run("up", "--bogus")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("unexpected argument '--bogus'")
        .contains("usage: mirador up [--data DIR] [--config FILE] [--check]");
    assertThat(run("up", "--data")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--data needs a value");
  }

  @Test
  void loginLinkIsListedAndSaysSoWhenNoUiRuns(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    assertThat(run("help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("login-link").contains("bundle");
    assertThat(run("login-link", "--data", dir.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("no UI data in " + dir.toAbsolutePath().resolve("ui"))
        .contains("is ./mirador up running?");
  }

  @Test
  void piiEvalRunsTheHarnessOnAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("labels.json");
    String text = "Write to jane.doe@example.com today";
    java.nio.file.Files.writeString(
        file,
        "[{\"full_text\": \""
            + text
            + "\", \"spans\": [{\"entity_type\": \"EMAIL_ADDRESS\", \"entity_value\":"
            + " \"jane.doe@example.com\", \"start_position\": 9, \"end_position\": 29}]}]");
    assertThat(run("pii-eval", file.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("EMAIL_ADDRESS recall=1.00")
        .contains("overall recall=");
    assertThat(run("pii-eval")).isEqualTo(2);
    assertThat(run("pii-eval", dir.resolve("missing.json").toString())).isNotZero();
  }

  @Test
  void evaluationCommandsNeedExactlyOneDirectory() {
    assertThat(run("anomaly-eval")).isEqualTo(2);
    assertThat(run("rca-eval", "a", "b")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: mirador rca-eval DIR");
    assertThat(run("detection-eval")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: mirador detection-eval DIR");
  }

  @Test
  void detectionEvalReportsADirectoryWithoutCases(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    assertThat(run("detection-eval", dir.toString())).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("error: no cases in");
  }
}
