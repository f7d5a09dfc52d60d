package io.mirador.benchmarks.soak;

import io.mirador.benchmarks.LocalCore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged agent as a child process in disk mode, restarted on the same data directory (queue,
 * keyring, sequence numbers) and ports; each start may set its own queue budget.
 */
final class AgentChild {
  private static final int READY_SECONDS = 120;
  private static final Pattern DROP_LINE =
      Pattern.compile(
          "dropped the oldest segment \\d+ with \\d+ batches, records:.*?traces=(\\d+)");

  private final Path dir;
  private final Path jar;
  private final int grpcPort;
  private final int httpPort;
  private final List<Path> logs = new ArrayList<>();
  private Process process;

  AgentChild(Path dir, Path quarkusApp, String agentId, String tenant, CoreChild core)
      throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    this.jar = ChildProcesses.snapshot(quarkusApp, dir.resolve("app"));
    this.grpcPort = LocalCore.freePort();
    this.httpPort = LocalCore.freePort();
    Files.writeString(
        dir.resolve("agent.yaml"),
        String.join(
            "\n",
            "agent: {id: "
                + agentId
                + ", tenant: "
                + tenant
                + ", host: soak-host, dataDir: "
                + dir.resolve("data")
                + "}",
            "receivers:",
            "  grpc: {host: 127.0.0.1, port: " + grpcPort + "}",
            "  http: {host: 127.0.0.1, port: " + httpPort + "}",
            // The default backoff cap (30 s) would make the drain after each core fault last up to
            // half a minute; 5 s keeps the short CI schedule inside its budget.
            "forwarder: {backoffMaxMillis: 5000}",
            "core:",
            "  endpoints: [\"" + core.grpcEndpoint() + "\"]",
            "  publicKeyFile: " + core.publicKeyFile(),
            ""));
  }

  /** Starts the agent with this queue budget and waits until it serves ({@code /q/health/live}). */
  void start(long queueMaxBytes) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
            ChildProcesses.javaBinary(),
            "-Xmx192m",
            "-XX:+UseSerialGC", // what ./mirador up runs the agent with (agent README, Speed)
            "--enable-native-access=ALL-UNNAMED",
            "-jar",
            jar.toString());
    builder.environment().put("MIRADOR_AGENT_CONFIG", dir.resolve("agent.yaml").toString());
    builder.environment().put("MIRADOR_AGENT_QUEUE_MAXBYTES", Long.toString(queueMaxBytes));
    builder.environment().put("MALLOC_ARENA_MAX", "2");
    Path log = dir.resolve("agent-" + (logs.size() + 1) + ".log");
    logs.add(log);
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    process = builder.start();
    try {
      ChildProcesses.awaitOk(
          process, "http://127.0.0.1:" + httpPort + "/q/health/live", log, "agent", READY_SECONDS);
    } catch (RuntimeException | InterruptedException e) {
      ChildProcesses.kill(process);
      throw e;
    }
  }

  void kill() throws InterruptedException {
    ChildProcesses.kill(process);
  }

  void stop() throws InterruptedException {
    ChildProcesses.stop(process, 30);
  }

  long pid() {
    return process == null || !process.isAlive() ? -1 : process.pid();
  }

  URI tracesUri() {
    return URI.create("http://127.0.0.1:" + httpPort + "/v1/traces");
  }

  int starts() {
    return logs.size();
  }

  /** The agent's public key (base64), as it writes it at first start for registration. */
  String publicKeyBase64() throws IOException {
    return Files.readString(dir.resolve("data/agent.pub")).strip().split(" ")[1];
  }

  /** A sample of {@code /q/metrics}, or -1 when the agent does not answer. */
  double metric(String nameAndLabels) {
    try {
      HttpResponse<String> r =
          ChildProcesses.HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      for (String line : r.body().split("\n")) {
        if (line.startsWith(nameAndLabels + " ")) {
          return Double.parseDouble(line.substring(nameAndLabels.length() + 1).strip());
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
    return -1;
  }

  double droppedSpansMetric() {
    return metric("mirador_agent_records_total{outcome=\"dropped\",signal=\"traces\"}");
  }

  double queueSegments() {
    return metric("mirador_agent_queue_segments");
  }

  /**
   * Spans the given start ({@code 1}-based) of the agent logged as dropped from a full queue: every
   * drop is one WARN line with its record counts, so the log is complete even for a start that was
   * SIGKILLed before its counter could be read.
   */
  long droppedSpansLogged(int start) throws IOException {
    long spans = 0;
    for (String line : Files.readAllLines(logs.get(start - 1))) {
      Matcher m = DROP_LINE.matcher(line);
      if (m.find()) {
        spans += Long.parseLong(m.group(1));
      }
    }
    return spans;
  }
}
