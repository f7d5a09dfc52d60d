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

class PiiCorpusCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Mirador.run(
        List.of(args),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void writesTheSameCorpusForTheSameSeedAndPiiEvalScoresIt() throws Exception {
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    Path c = dir.resolve("c.json");
    assertThat(run("pii-corpus", a.toString(), "--seed", "42")).isZero();
    assertThat(run("pii-corpus", b.toString(), "--seed", "42")).isZero();
    assertThat(run("pii-corpus", c.toString(), "--seed", "43")).isZero();
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    assertThat(Files.readAllBytes(a)).isNotEqualTo(Files.readAllBytes(c));
    assertThat(out.toString(StandardCharsets.UTF_8))
        .containsPattern("wrote [1-9][0-9]* samples \\(seed 42\\) to .*a\\.json");

    out.reset();
    assertThat(run("pii-eval", a.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("IBAN_CODE recall=")
        .doesNotContain("IBAN_CODE recall=n/a");
  }

  @Test
  void defaultSeedIsUsedWithoutTheOption() {
    assertThat(run("pii-corpus", dir.resolve("d.json").toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("(seed " + io.mirador.pii.eval.GeneratedCorpus.DEFAULT_SEED + ")");
  }

  @Test
  void badArgumentsAreUsageErrorsAndBadPathsAreClearErrors() {
    assertThat(run("pii-corpus")).isEqualTo(2);
    assertThat(run("pii-corpus", "--seed", "1")).isEqualTo(2);
    assertThat(run("pii-corpus", dir.resolve("e.json").toString(), "--seed", "x")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--seed must be an integer")
        .contains("usage: mirador pii-corpus OUT.json [--seed N]");
    assertThat(run("pii-corpus", dir.toString())).isEqualTo(2);
    assertThat(run("pii-corpus", dir.resolve("missing/sub/f.json").toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("is a directory")
        .contains("cannot write")
        .doesNotContain("Exception");
  }
}
