package io.mirador.benchmarks.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the agent and core children share: ports, signals, app snapshots, health polling. */
final class ChildProcesses {
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private ChildProcesses() {}

  /**
   * A private copy of a packaged Quarkus app ({@code quarkus-app/}): the working tree is shared and
   * another build may replace its {@code target/} while the soak restarts the process.
   */
  static Path snapshot(Path quarkusApp, Path copy) throws IOException {
    if (!Files.isRegularFile(quarkusApp.resolve("quarkus-run.jar"))) {
      throw new IllegalStateException(
          quarkusApp.toAbsolutePath().normalize()
              + "/quarkus-run.jar is missing: package it first");
    }
    deleteTree(copy);
    try (Stream<Path> walk = Files.walk(quarkusApp)) {
      for (Path p : walk.toList()) {
        Path target = copy.resolve(quarkusApp.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return copy.resolve("quarkus-run.jar");
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** {@code kill -<signal> <pid>}: STOP and CONT have no {@link Process} method. */
  static void signal(Process process, String signal) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
    }
  }

  /** SIGKILL and wait for the exit. */
  static void kill(Process process) throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, wait up to {@code seconds}, then SIGKILL. */
  static void stop(Process process, int seconds) throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      kill(process);
    }
  }

  /**
   * Polls {@code url} until it answers 200; fails naming the log (never quoting it: the core's log
   * may hold its local token) when the process exits first or the time is up.
   */
  static void awaitOk(Process process, String url, Path log, String what, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            what + " exited with " + process.exitValue() + " while starting; see " + log);
      }
      try {
        HttpResponse<Void> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(what + " not ready in " + seconds + " s; see " + log);
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
