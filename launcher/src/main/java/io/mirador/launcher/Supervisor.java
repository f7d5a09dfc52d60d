package io.mirador.launcher;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts Mirador's applications as child processes in order, waits for each to be ready before the
 * next, copies their output with a name prefix, and stops them in reverse order (SIGTERM, then
 * SIGKILL after a grace period). The launcher's shutdown hook calls {@link #close}, so Ctrl-C stops
 * everything; a SIGKILLed launcher leaves its children running, as any supervisor would.
 *
 * <p>Each child gets a random instance id, which Quarkus returns in an {@value #INSTANCE_HEADER}
 * response header ({@code quarkus.http.header}): readiness counts only when the answer carries the
 * child's own id, so a stranger on the port is never taken for it. A child that exits, answers as
 * someone else, or is not ready in time fails the start with its own last output lines.
 */
final class Supervisor implements AutoCloseable {
  static final String INSTANCE_HEADER = "X-Mirador-Instance";
  private static final Duration GRACE = Duration.ofSeconds(30);
  private static final int LAST_LINES = 15;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path java;
  private final PrintStream out;
  private final Deque<Running> running = new ArrayDeque<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private record Running(ServiceSpec spec, Process process) {}

  /** The last lines a child printed, for the error when it fails. */
  private static final class Tail {
    private final Deque<String> lines = new ArrayDeque<>();

    synchronized void add(String line) {
      if (lines.size() == LAST_LINES) {
        lines.removeFirst();
      }
      lines.addLast(line);
    }

    synchronized String text(String name) {
      if (lines.isEmpty()) {
        return "";
      }
      StringBuilder b = new StringBuilder("; its last lines:");
      for (String line : lines) {
        b.append(System.lineSeparator()).append("  [").append(name).append("] ").append(line);
      }
      return b.toString();
    }
  }

  /** The option that makes a Quarkus child answer with {@code id} in {@value #INSTANCE_HEADER}. */
  static String instanceOption(String id) {
    return "-Dquarkus.http.header." + INSTANCE_HEADER + ".value=" + id;
  }

  Supervisor(Path java, PrintStream out) {
    this.java = requireNonNull(java, "java");
    this.out = requireNonNull(out, "out");
  }

  /** Starts {@code spec} and waits until its readiness URL answers 200. */
  void start(ServiceSpec spec, Duration timeout) throws IOException, InterruptedException {
    if (!Files.isRegularFile(spec.runJar())) {
      throw new IllegalStateException(
          spec.name() + " is not built (" + spec.runJar() + " is missing): run ./mirador up again");
    }
    String instance = HexFormat.of().formatHex(RANDOM.generateSeed(12));
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(spec.jvmOptions());
    command.add(instanceOption(instance));
    command.add("-Dmirador.instance.id=" + instance);
    command.add("-jar");
    command.add(spec.runJar().toString());
    command.addAll(spec.arguments());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(spec.environment());
    Process process = builder.start();
    running.push(new Running(spec, process));
    Tail tail = new Tail();
    Thread pump = new Thread(() -> pump(spec.name(), process, tail), spec.name() + "-output");
    pump.setDaemon(true);
    pump.start();
    awaitReady(spec, process, instance, tail, pump, timeout);
  }

  private void pump(String name, Process process, Tail tail) {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        out.println("[" + name + "] " + line);
        tail.add(line);
      }
    } catch (IOException e) {
      out.println("[" + name + "] (output closed: " + e.getMessage() + ")");
    }
  }

  private void awaitReady(
      ServiceSpec spec, Process process, String instance, Tail tail, Thread pump, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    HttpRequest request =
        HttpRequest.newBuilder(spec.readiness()).timeout(Duration.ofSeconds(2)).GET().build();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        pump.join(2000); // the child's last words
        throw new IllegalStateException(
            spec.name() + " exited with code " + process.exitValue() + tail.text(spec.name()));
      }
      try {
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        Optional<String> answered = response.headers().firstValue(INSTANCE_HEADER);
        if (answered.isEmpty() || !answered.get().equals(instance)) {
          throw new IllegalStateException(
              "something else answers at "
                  + spec.readiness()
                  + " (HTTP "
                  + response.statusCode()
                  + ", "
                  + (answered.isEmpty() ? "no instance id" : "another instance id")
                  + "): not the "
                  + spec.name()
                  + " this start launched; is another Mirador running?"
                  + tail.text(spec.name()));
        }
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        spec.name()
            + " was not ready within "
            + timeout.toSeconds()
            + " s at "
            + spec.readiness()
            + tail.text(spec.name()));
  }

  /** Stops every started application, last started first. */
  @Override
  public void close() {
    while (!running.isEmpty()) {
      Running r = running.pop();
      r.process().destroy();
      try {
        if (!r.process().waitFor(GRACE.toSeconds(), TimeUnit.SECONDS)) {
          out.println(
              "[" + r.spec().name() + "] did not stop within " + GRACE.toSeconds() + " s; killing");
          r.process().destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        r.process().destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
