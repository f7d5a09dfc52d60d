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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts Mirador's applications as child processes in order, waits for each to be ready before the
 * next, copies their output with a name prefix, and stops them in reverse order (SIGTERM, then
 * SIGKILL after a grace period). The launcher's shutdown hook calls {@link #close}, so Ctrl-C stops
 * everything; a SIGKILLed launcher leaves its children running, as any supervisor would.
 */
final class Supervisor implements AutoCloseable {
  private static final Duration GRACE = Duration.ofSeconds(30);

  private final Path java;
  private final PrintStream out;
  private final Deque<Running> running = new ArrayDeque<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private record Running(ServiceSpec spec, Process process) {}

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
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(spec.jvmOptions());
    command.add("-jar");
    command.add(spec.runJar().toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(spec.environment());
    Process process = builder.start();
    running.push(new Running(spec, process));
    Thread pump = new Thread(() -> pump(spec.name(), process), spec.name() + "-output");
    pump.setDaemon(true);
    pump.start();
    awaitReady(spec, process, timeout);
  }

  private void pump(String name, Process process) {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        out.println("[" + name + "] " + line);
      }
    } catch (IOException e) {
      out.println("[" + name + "] (output closed: " + e.getMessage() + ")");
    }
  }

  private void awaitReady(ServiceSpec spec, Process process, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    HttpRequest request =
        HttpRequest.newBuilder(spec.readiness()).timeout(Duration.ofSeconds(2)).GET().build();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            spec.name() + " exited with code " + process.exitValue() + " (its output is above)");
      }
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        spec.name() + " was not ready within " + timeout.toSeconds() + " s at " + spec.readiness());
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
