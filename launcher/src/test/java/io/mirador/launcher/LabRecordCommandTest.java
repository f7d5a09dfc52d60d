package io.mirador.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabRecordCommandTest {
  @TempDir Path tmp;

  private final CliRun cli = new CliRun("lab-record");

  private int run(String... args) {
    return cli.run(args);
  }

  private String errors() {
    return cli.errors();
  }

  @Test
  void noRunDirectoryIsAUsageError() {
    assertThat(run()).isEqualTo(2);
    assertThat(errors())
        .contains("mirador lab-record: expects at least one RUN_DIR")
        .contains("usage: mirador lab-record [--out FILE] RUN_DIR...");
  }

  @Test
  void unknownOptionsAndAMissingOutFileAreUsageErrors() {
    assertThat(run("--seed", "3", tmp.toString())).isEqualTo(2);
    assertThat(errors()).contains("unknown option --seed");
    assertThat(run(tmp.toString(), "--out")).isEqualTo(2);
    assertThat(errors()).contains("--out needs a FILE");
  }

  @Test
  void aDirectoryThatIsNotAFinishedRunIsRefusedByName() {
    assertThat(run(tmp.toString())).isEqualTo(1);
    assertThat(errors()).contains(tmp + ": not a finished lab run");
    assertThat(cli.printed()).isEmpty();
  }
}
