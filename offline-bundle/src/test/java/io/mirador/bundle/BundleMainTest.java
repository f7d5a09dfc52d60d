package io.mirador.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleMainTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        BundleMain.run(
            List.of(args),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void usageErrorsExitTwoWithTheReason() {
    assertThat(run().exit()).isEqualTo(2);
    Run unknown = run("build", "--root=.", "--version=1", "--colour=red");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown option --colour");
    Run spaced = run("build", "--root", ".");
    assertThat(spaced.exit()).isEqualTo(2);
    assertThat(spaced.err()).contains("options are --name=value");
    Run noVersion = run("build", "--root=.");
    assertThat(noVersion.exit()).isEqualTo(2);
    assertThat(noVersion.err()).contains("--version= is required");
    assertThat(run("build", "--root=.", "--version=1", "--kind=desktop").err())
        .contains("kind must be appliance or agent");
    assertThat(run("frobnicate").err()).contains("unknown command frobnicate");
  }

  @Test
  void aBuildWithMissingInputsExitsOneNamingThem() {
    Run r =
        run(
            "build",
            "--root=" + dir,
            "--version=1.0.0",
            "--out=" + dir.resolve("out"),
            "--key-dir=" + dir.resolve("keys"),
            "--kind=agent");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("cannot build the agent bundle, missing:", "quarkus-run.jar");
  }

  @Test
  void keyPrintsThePublicKeyAndCreatesTheKeyOnce() throws Exception {
    Run first = run("key", "--key-dir=" + dir.resolve("k"));
    assertThat(first.exit()).isZero();
    assertThat(first.out()).contains("generated a new release key in", "minisign public key");
    Run second = run("key", "--key-dir=" + dir.resolve("k"));
    assertThat(second.out()).startsWith("release key in");
    assertThat(Files.readString(dir.resolve("k/mirador-release.pub")))
        .isEqualTo(second.out().substring(second.out().indexOf('\n') + 1));
  }

  @Test
  void theSourceDateIsIsoOrEpochSeconds() {
    assertThat(BundleMain.sourceDate("2026-01-01T00:00:00Z"))
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(BundleMain.sourceDate("1767225600"))
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThatThrownBy(() -> BundleMain.sourceDate("yesterday"))
        .hasMessageContaining("ISO-8601 or epoch");
  }
}
