package io.mirador.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabRecordCommandTest {
  @TempDir Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    List<String> all = new ArrayList<>(List.of("lab-record"));
    all.addAll(List.of(args));
    return Mirador.run(
        all,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String errors() {
    return err.toString(StandardCharsets.UTF_8);
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
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
