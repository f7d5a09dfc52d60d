package io.mirador.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one command of the scenario, keeps its output and exit code, and times it. */
record AirgapCommand(List<String> command, int exit, String output, Duration took) {
  static AirgapCommand run(Path log, List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    Path out = Files.createTempFile("airgap-cmd", ".out");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", command));
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      Files.writeString(
          log,
          "$ "
              + String.join(" ", command)
              + "\n"
              + text
              + "[exit "
              + p.exitValue()
              + ", "
              + took.toMillis()
              + " ms]\n\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      return new AirgapCommand(command, p.exitValue(), text, took);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  AirgapCommand expectExit(int expected) {
    if (exit != expected) {
      throw new AssertionError(
          "expected exit "
              + expected
              + " but got "
              + exit
              + " from "
              + String.join(" ", command)
              + ":\n"
              + output);
    }
    return this;
  }

  AirgapCommand expectOutput(String fragment) {
    if (!output.contains(fragment)) {
      throw new AssertionError(
          "output of " + String.join(" ", command) + " lacks '" + fragment + "':\n" + output);
    }
    return this;
  }

  double seconds() {
    return took.toMillis() / 1000.0;
  }
}
