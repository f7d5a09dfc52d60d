package io.mirador.core.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mirador.core.service.ChildCore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The built core as a child process: with standard output redirected to a file (as a service
 * manager or {@code > up.log} does) the local admin token is not in that file, only the path of its
 * 0600 file; under a terminal (a pseudo-terminal from {@code script}) it is printed. Readiness is
 * checked on the instance id the child was given ({@code X-Mirador-Instance}), the header {@code
 * ./mirador up} relies on to know it talks to its own child.
 */
class LocalTokenNoticeIT {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void redirectedOutputCarriesTheFilePathNeverTheToken() throws Exception {
    ChildCore child = newCore("redirected");
    Path dir = child.dir;
    Path log = log(child);
    Process core = startReady(child, ProcessBuilder::new);
    try {
      Path tokenFile = dir.resolve("data/local-admin.token");
      String token = Files.readString(tokenFile, StandardCharsets.US_ASCII).strip();
      assertThat(token).hasSize(43);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
          .isEqualTo("rw-------");
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(output).doesNotContain(token).doesNotContain("Authorization: Bearer");
      assertThat(output)
          .contains(" In " + tokenFile + " (mode 0600; not printed: standard output is not a");
    } finally {
      stop(core);
    }
  }

  @Test
  void aTerminalIsShownTheToken() throws Exception {
    Path script = Path.of("/usr/bin/script");
    assumeTrue(
        Files.isExecutable(script), "util-linux script (a pseudo-terminal) is not installed");
    ChildCore child = newCore("terminal");
    Path dir = child.dir;
    Path log = log(child);
    // script gives the child a pseudo-terminal as standard input and output and copies what it
    // prints to our pipe, here redirected to a file for the test to read.
    Process core =
        startReady(
            child,
            command -> {
              StringBuilder shell = new StringBuilder("exec");
              for (String part : command) {
                shell.append(" '").append(part.replace("'", "'\\''")).append('\'');
              }
              return new ProcessBuilder(
                  script.toString(), "-q", "-f", "-e", "-c", shell.toString(), "/dev/null");
            });
    try {
      String token =
          Files.readString(dir.resolve("data/local-admin.token"), StandardCharsets.US_ASCII)
              .strip();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!Files.readString(log, StandardCharsets.UTF_8).contains(token)
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(Files.readString(log, StandardCharsets.UTF_8))
          .contains("Authorization: Bearer " + token)
          .contains(" Also in " + dir.resolve("data/local-admin.token") + " (mode 0600).");
    } finally {
      stop(core);
    }
  }

  private static ChildCore newCore(String name) throws IOException {
    return ChildCore.create("token-notice-it-" + name, "notice", Map.of());
  }

  /** Where the child's standard output (and error) go: core.log in its directory. */
  private static Path log(ChildCore child) {
    return child.dir.resolve("core.log");
  }

  /**
   * Starts the core, with a 512 MiB heap and an instance id of its own, through {@code launcher}
   * (which turns the core's command line into the process to start), its output in {@link #log},
   * and returns it once it is ready and answers with that instance id; stops it otherwise.
   */
  private static Process startReady(
      ChildCore child, Function<List<String>, ProcessBuilder> launcher)
      throws IOException, InterruptedException {
    String instance = HexFormat.of().formatHex(RANDOM.generateSeed(8));
    ProcessBuilder builder =
        launcher
            .apply(
                ChildCore.command(
                    "512m", "quarkus.http.header.X-Mirador-Instance.value=" + instance))
            .redirectErrorStream(true)
            .redirectOutput(log(child).toFile());
    child.environment(builder);
    Process core = builder.start();
    try {
      Optional<String> id =
          child.awaitReady(core, log(child)).headers().firstValue("X-Mirador-Instance");
      assertThat(id).as("the instance id the child was given").contains(instance);
      return core;
    } catch (Throwable notReady) {
      stop(core);
      throw notReady;
    }
  }

  private static void stop(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
  }
}
