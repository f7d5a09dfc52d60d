package io.mirador.ui.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Mirador application started from its Quarkus fast-jar as a child JVM, as {@code ./mirador
 * up}'s supervisor does (launcher {@code Supervisor}): environment and JVM options given, output
 * copied line by line to {@code <name>.log} with secrets removed ({@link LogRedaction}), ready when
 * its readiness URL answers 200, stopped with SIGTERM and then SIGKILL.
 */
final class ChildApp implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final Path log;

  private ChildApp(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code java <jvmOptions> -jar <jar>} with {@code env} added to this JVM's. */
  static ChildApp start(
      String name, Path jar, List<String> jvmOptions, Map<String, String> env, Path logDir)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(name + " is not packaged: " + jar + " is missing");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // The Failsafe fork's own settings must not leak into the apps.
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("MIRADOR_") || k.startsWith("QUARKUS_"));
    builder.environment().putAll(env);
    Files.createDirectories(logDir);
    ChildApp app = new ChildApp(name, builder.start(), logDir.resolve(name + ".log"));
    Thread pump = new Thread(app::pump, name + "-output");
    pump.setDaemon(true);
    pump.start();
    return app;
  }

  /** Polls {@code readiness} until it answers 200; fails when the process exits first. */
  ChildApp awaitReady(URI readiness, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpRequest request =
        HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(5)).GET().build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with code " + process.exitValue() + "; its output is in " + log);
      }
      try {
        if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(300);
    }
    throw new IllegalStateException(
        name + " was not ready within " + timeout.toSeconds() + " s; its output is in " + log);
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void pump() {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out =
            new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.println(LogRedaction.redact(line));
      }
    } catch (IOException e) {
      // the process was stopped and its output closed: nothing more to copy
    }
  }

  /** A port nobody listens on right now (the apps bind 127.0.0.1 only). */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
