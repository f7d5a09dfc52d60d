package io.mirador.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command-line tool the checks need (systemd-analyze, kubectl) and captures its output. */
final class ExternalTool {
  private ExternalTool() {}

  /** What a run printed and how it ended. */
  record Result(int exitCode, String stdout, String stderr) {
    String all() {
      return stdout + stderr;
    }
  }

  /** The executable's path on PATH, if it is installed. */
  static Optional<Path> find(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  static Result run(List<String> command, Duration timeout) {
    return run(command, Map.of(), timeout);
  }

  /** Runs {@code command} with extra environment variables; fails the test if it hangs. */
  static Result run(List<String> command, Map<String, String> environment, Duration timeout) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      CompletableFuture<String> out = drain(process, false);
      CompletableFuture<String> err = drain(process, true);
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command.get(0) + " did not finish within " + timeout);
      }
      return new Result(process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command.get(0), e);
    }
  }

  private static CompletableFuture<String> drain(Process process, boolean errorStream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (var in = errorStream ? process.getErrorStream() : process.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "(output lost: " + e.getMessage() + ")";
          }
        });
  }
}
