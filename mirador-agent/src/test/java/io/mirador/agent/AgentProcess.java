package io.mirador.agent;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The packaged agent ({@code target/quarkus-app/quarkus-run.jar}) as a child process, for the
 * integration tests: started with a YAML file, killed with SIGKILL, restarted on the same data.
 */
final class AgentProcess implements AutoCloseable {
  final Path work;
  final int grpcPort;
  final int httpPort;
  final Path config;
  private Process process;
  private int starts;

  AgentProcess(Path work, String coreEndpoints, Path coreKeyFile, String extraYaml)
      throws IOException {
    this.work = work;
    this.grpcPort = freePort();
    this.httpPort = freePort();
    this.config = work.resolve("agent.yaml");
    Files.createDirectories(work);
    Files.writeString(
        config,
        String.join(
            "\n",
            "agent: {id: agent-it, tenant: acme, host: it-host, dataDir: "
                + work.resolve("data")
                + "}",
            "receivers:",
            "  grpc: {host: 127.0.0.1, port: " + grpcPort + "}",
            "  http: {host: 127.0.0.1, port: " + httpPort + "}",
            "batch: {maxDelayMillis: 10}",
            "forwarder: {backoffInitialMillis: 50, backoffMaxMillis: 1000}",
            "core:",
            "  endpoints: [" + coreEndpoints + "]",
            "  publicKeyFile: " + coreKeyFile,
            extraYaml,
            ""));
  }

  /**
   * An agent in {@code dir}/agent that forwards to {@code core} on the loopback, trusting the key
   * the core writes to {@code dir}/core.key.
   */
  static AgentProcess forwardingTo(FakeCore core, Path dir) throws IOException {
    return new AgentProcess(
        dir.resolve("agent"),
        "\"127.0.0.1:" + core.port() + "\"",
        core.writePublicKeyFile(dir.resolve("core.key")),
        "");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static Path jar() {
    Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run mvn verify");
    }
    return jar;
  }

  AgentProcess start() throws Exception {
    return start(java.util.List.of("-Xmx256m"), java.util.Map.of());
  }

  /** Starts the agent with these JVM options and extra environment variables. */
  AgentProcess start(java.util.List<String> jvmOptions, java.util.Map<String, String> env)
      throws Exception {
    java.util.List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(
        java.util.List.of("--enable-native-access=ALL-UNNAMED", "-jar", jar().toString()));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    pb.environment().put("MIRADOR_AGENT_CONFIG", config.toString());
    Path log = work.resolve("agent-" + (++starts) + ".log");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    process = pb.start();
    HttpClient http = HttpClient.newHttpClient();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IllegalStateException("agent exited:\n" + Files.readString(log));
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(httpBase() + "/q/health/live")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return this;
        }
      } catch (IOException e) {
        // not yet listening
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("agent did not start:\n" + Files.readString(log));
  }

  /** The agent's X25519 public key, as it publishes it for registration. */
  io.mirador.crypto.X25519PublicKey publicKey() throws IOException {
    String line = Files.readString(work.resolve("data").resolve("agent.pub")).trim();
    return io.mirador.crypto.X25519PublicKey.of(
        java.util.Base64.getDecoder().decode(line.split(" ")[1]));
  }

  String publicKeyBase64() throws IOException {
    return Files.readString(work.resolve("data").resolve("agent.pub")).trim().split(" ")[1];
  }

  String httpBase() {
    return "http://127.0.0.1:" + httpPort;
  }

  String grpcEndpoint() {
    return "http://127.0.0.1:" + grpcPort;
  }

  String get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(httpBase() + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** A Prometheus sample's value from /q/metrics, or -1. */
  double metric(String nameAndLabels) throws Exception {
    for (String line : get("/q/metrics").split("\n")) {
      if (line.startsWith(nameAndLabels + " ")) {
        return Double.parseDouble(line.substring(nameAndLabels.length() + 1).trim());
      }
    }
    return -1;
  }

  /** SIGKILL: no shutdown hook, no flush. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
