package io.mirador.rca.lab.estate;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The estate as a child process: {@code node estate.js --otlp URL --seed N --rps R --ready-file F}
 * (the lab contract), standard output and error to {@code estate.out} / {@code estate.err} in the
 * run directory, ready when the ready file appears. {@link #close} sends SIGTERM, waits, then kills
 * it and anything it left; its standard input stays an open pipe, so it also stops when this JVM
 * dies.
 */
public final class EstateProcess implements AutoCloseable {
  private static final Duration GRACE = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final EstateReady ready;

  private EstateProcess(Process process, EstateReady ready) {
    this.process = process;
    this.ready = ready;
  }

  /** What starting the estate needs. */
  public record Launch(
      Path node, Path estateDir, URI otlp, long seed, double rps, Path runDir, Duration timeout) {
    public Launch {
      requireNonNull(node, "node");
      requireNonNull(estateDir, "estateDir");
      requireNonNull(otlp, "otlp");
      requireNonNull(runDir, "runDir");
      requireNonNull(timeout, "timeout");
      if (!(rps > 0 && rps <= 200)) {
        throw new IllegalArgumentException("rps must be above 0 and at most 200");
      }
      if (seed < 0 || seed > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("the seed must be from 0 to " + Integer.MAX_VALUE);
      }
    }
  }

  /** Why the estate cannot run here (node or its packages missing), or null when it can. */
  public static String missing(Path node, Path estateDir) {
    if (!Files.isExecutable(node)) {
      return "node is not installed (" + node + ")";
    }
    if (!Files.isRegularFile(estateDir.resolve("estate.js"))) {
      return "the estate is not at " + estateDir.resolve("estate.js");
    }
    if (!Files.isDirectory(estateDir.resolve("node_modules"))) {
      return "the estate's packages are not installed ("
          + estateDir.resolve("node_modules")
          + " is missing: the module's build runs npm ci)";
    }
    return null;
  }

  /** Starts the estate and waits for its ready file; a failure stops what was started. */
  public static EstateProcess start(Launch launch) throws IOException, InterruptedException {
    String why = missing(launch.node(), launch.estateDir());
    if (why != null) {
      throw new IOException(why);
    }
    Path readyFile = launch.runDir().resolve("estate.ready.json");
    Files.deleteIfExists(readyFile);
    List<String> command = new ArrayList<>();
    command.add(launch.node().toString());
    command.add(launch.estateDir().resolve("estate.js").toString());
    command.add("--otlp");
    command.add(launch.otlp().toString());
    command.add("--seed");
    command.add(Long.toString(launch.seed()));
    command.add("--rps");
    command.add(Double.toString(launch.rps()));
    command.add("--ready-file");
    command.add(readyFile.toString());
    command.add("--log-dir");
    command.add(launch.runDir().resolve("estate-logs").toString());
    Process process =
        new ProcessBuilder(command)
            .directory(launch.estateDir().toFile())
            .redirectOutput(launch.runDir().resolve("estate.out").toFile())
            .redirectError(launch.runDir().resolve("estate.err").toFile())
            .start();
    try {
      EstateReady ready = awaitReady(process, readyFile, launch.runDir(), launch.timeout());
      return new EstateProcess(process, ready);
    } catch (IOException | RuntimeException | InterruptedException e) {
      stop(process);
      throw e;
    }
  }

  public EstateReady ready() {
    return ready;
  }

  public boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    stop(process);
  }

  private static EstateReady awaitReady(
      Process process, Path readyFile, Path runDir, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "the estate exited with code "
                + process.exitValue()
                + " before it was ready"
                + lastLines(runDir.resolve("estate.err")));
      }
      if (Files.isRegularFile(readyFile)) {
        return parseReady(Files.readString(readyFile, StandardCharsets.UTF_8));
      }
      Thread.sleep(250);
    }
    throw new IOException(
        "the estate was not ready within "
            + timeout.toSeconds()
            + " s"
            + lastLines(runDir.resolve("estate.err")));
  }

  static EstateReady parseReady(String text) throws IOException {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (IOException e) {
      throw new IOException("the estate's ready file is not JSON", e);
    }
    if (node == null || !node.path("control").isTextual()) {
      throw new IOException("the estate's ready file has no control URL");
    }
    List<String> services = new ArrayList<>();
    node.path("services").forEach(s -> services.add(s.asText()));
    try {
      return new EstateReady(
          URI.create(node.get("control").asText()), services, node.path("pid").asLong(-1));
    } catch (IllegalArgumentException e) {
      throw new IOException("the estate's ready file: " + e.getMessage(), e);
    }
  }

  private static String lastLines(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      List<String> tail = lines.subList(Math.max(0, lines.size() - 10), lines.size());
      return tail.isEmpty()
          ? ""
          : "; its last lines (" + file + "):\n  " + String.join("\n  ", tail);
    } catch (IOException unreadable) {
      return "";
    }
  }

  /** SIGTERM to the estate, then SIGKILL to it and every process it left behind. */
  private static void stop(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle child : descendants) {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // already closed with the process
    }
  }
}
