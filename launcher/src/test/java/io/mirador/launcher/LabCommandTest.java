package io.mirador.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mirador lab}'s usage errors: exit 2 with a named message, before anything starts. */
class LabCommandTest {
  @TempDir Path tmp;

  private final CliRun cli = new CliRun("lab");

  private int run(String... args) {
    return cli.run(args);
  }

  private String errors() {
    return cli.errors();
  }

  @Test
  void minutesAndFaultsTogetherAreAUsageError() {
    assertThat(run("--minutes", "30", "--faults", "3")).isEqualTo(2);
    assertThat(errors())
        .contains("mirador lab: give --minutes or --faults, not both")
        .contains("usage: mirador lab [--minutes M | --faults N]");
  }

  @Test
  void badValuesAreNamed() {
    assertThat(run("--faults", "0")).isEqualTo(2);
    assertThat(errors()).contains("--faults must be a whole number from 1 to 10000");
    assertThat(run("--seed", "-4")).isEqualTo(2);
    assertThat(errors()).contains("--seed must be a whole number from 0 to 2147483647");
    assertThat(run("--rps", "0")).isEqualTo(2);
    assertThat(errors()).contains("--rps must be a number above 0 and at most 200");
    assertThat(run("--types", "exception,meteor")).isEqualTo(2);
    assertThat(errors()).contains("--types: unknown fault type 'meteor'");
    assertThat(run("--fault-minutes", "5-3")).isEqualTo(2);
    assertThat(errors()).contains("the longest no shorter than the shortest");
    assertThat(run("--gap-minutes", "x")).isEqualTo(2);
    assertThat(errors()).contains("--gap-minutes must be minutes A-B, e.g. 3-5");
    assertThat(run("--warmup-minutes", "-1")).isEqualTo(2);
    assertThat(errors()).contains("--warmup-minutes must be minutes from 0 to 1440");
    assertThat(run("--colour", "red")).isEqualTo(2);
    assertThat(errors()).contains("unexpected argument '--colour'");
  }

  @Test
  void aRunDirectoryThatIsNotEmptyIsRefusedBeforeAnythingStarts() throws Exception {
    Files.writeString(tmp.resolve("precious.txt"), "keep me");
    int code = run("--faults", "1", "--out", tmp.toString());
    if (code == 1) {
      // a part is not built here: refused before the directory is even looked at
      assertThat(errors()).containsAnyOf("is not built", "node", "estate");
    } else {
      assertThat(code).isEqualTo(2);
      assertThat(errors()).contains("the run directory " + tmp + " is not empty");
    }
    assertThat(Files.readString(tmp.resolve("precious.txt"))).isEqualTo("keep me");
    assertThat(cli.printed()).doesNotContain("starting");
  }

  @Test
  void theCommitIsReadInACheckoutAndInAWorktreeOfIt() throws Exception {
    String sha = "85aac02e0e5d2a6c8c0e7d6c5b4a39281706f5e4";
    String other = "79c33a9aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    Path main = tmp.resolve("main");
    Files.createDirectories(main.resolve(".git/refs/heads"));
    Files.writeString(main.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    Files.writeString(main.resolve(".git/refs/heads/main"), sha + "\n");
    assertThat(LabCommand.gitCommit(main)).isEqualTo(sha);

    // a worktree on a detached commit: .git is a file pointing at its own git directory
    Path detached = tmp.resolve("snap");
    Path own = main.resolve(".git/worktrees/snap");
    Files.createDirectories(own);
    Files.createDirectories(detached);
    Files.writeString(detached.resolve(".git"), "gitdir: " + own + "\n");
    Files.writeString(own.resolve("HEAD"), other + "\n");
    Files.writeString(own.resolve("commondir"), "../..\n");
    assertThat(LabCommand.gitCommit(detached)).isEqualTo(other);

    // a worktree on a branch whose ref is only in the main repository's packed refs
    Files.writeString(own.resolve("HEAD"), "ref: refs/heads/lab\n");
    Files.writeString(
        main.resolve(".git/packed-refs"), "# pack-refs\n" + other + " refs/heads/lab\n");
    assertThat(LabCommand.gitCommit(detached)).isEqualTo(other);

    assertThat(LabCommand.gitCommit(tmp.resolve("nowhere"))).isEqualTo("unknown");
  }
}
