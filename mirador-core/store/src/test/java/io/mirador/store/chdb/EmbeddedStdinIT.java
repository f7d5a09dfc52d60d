package io.mirador.store.chdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * chDB reads its host process's standard input as extra data for an {@code INSERT} (chdb-core issue
 * 239): rows nobody wrote, or a refused asynchronous insert. The engine must see only the
 * statements the store sends, however the process was started, so each case is a process of its own
 * whose standard input carries rows.
 */
class EmbeddedStdinIT {

  @TempDir Path data;

  @Test
  void rowsOnStandardInputAreNeitherInsertedNorAnError() throws Exception {
    assertThat(probe("(9999)\n", false)).contains("rows=1,2").doesNotContain("9999");
  }

  @Test
  void anOpenStandardInputThatLaterCarriesRowsChangesNothing() throws Exception {
    assertThat(probe("(9999)\n", true)).contains("rows=1,2").doesNotContain("9999");
  }

  private String probe(String stdin, boolean keepOpen) throws Exception {
    Path output = data.resolveSibling(data.getFileName() + "-probe.out");
    Process process =
        new ProcessBuilder(ChildJvm.command(StdinProbe.class, data.toString()))
            .redirectOutput(output.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    OutputStream in = process.getOutputStream();
    in.write(stdin.getBytes(StandardCharsets.US_ASCII));
    in.flush();
    if (!keepOpen) {
      in.close();
    }
    boolean exited = process.waitFor(120, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    in.close();
    String out = Files.readString(output);
    Files.deleteIfExists(output);
    assertThat(exited).as("probe finished (an insert blocked on standard input?)").isTrue();
    assertThat(process.exitValue()).as("probe exit, output: %s", out).isZero();
    return out;
  }
}
