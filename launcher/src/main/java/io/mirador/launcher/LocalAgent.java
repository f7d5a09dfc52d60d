package io.mirador.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The agent that {@code up} runs next to the local core: OTLP on 127.0.0.1:4317 (gRPC) and 4318
 * (HTTP; MIRADOR_AGENT_GRPC_PORT and MIRADOR_AGENT_HTTP_PORT move them), tenant {@code demo} (of
 * config/mirador-core.yaml; MIRADOR_AGENT_TENANT changes it), sealing to the key the core publishes
 * under its data directory, and registered with the core through its admin API with the local admin
 * token once both run.
 */
final class LocalAgent {
  static final String NAME = "mirador-agent";
  static final String AGENT_ID = "local-agent";

  private LocalAgent() {}

  static Path runJar(Path root) {
    return root.resolve("mirador-agent/target/quarkus-app/quarkus-run.jar");
  }

  /** The tenant of {@code up}'s agent: MIRADOR_AGENT_TENANT, {@code demo} by default. */
  static String tenantFromEnvironment() {
    return System.getenv().getOrDefault("MIRADOR_AGENT_TENANT", "demo");
  }

  static ServiceSpec spec(Path root, Path data, UpCommand.Ports ports, String tenant)
      throws IOException {
    Path dir = data.resolve("agent");
    Files.createDirectories(dir);
    Path config = dir.resolve("agent.yaml");
    String http = "http://127.0.0.1:" + ports.agentHttp();
    Files.writeString(
        config,
        String.join(
            "\n",
            "# Written by ./mirador up (or lab); see mirador-agent/README.md.",
            "agent: {id: " + AGENT_ID + ", tenant: " + tenant + ", dataDir: \"" + dir + "\"}",
            "receivers:",
            "  grpc: {host: 127.0.0.1, port: " + ports.agentGrpc() + "}",
            "  http: {host: 127.0.0.1, port: " + ports.agentHttp() + "}",
            "core:",
            "  endpoints: [\"127.0.0.1:" + ports.coreGrpc() + "\"]",
            "  publicKeyFile: \"" + data.resolve("core/keys/core-public.json") + "\"",
            ""));
    return new ServiceSpec(
        NAME,
        runJar(root),
        // Serial GC: the agent runs on about one CPU, where G1's concurrent threads cost more
        // than they save (mirador-agent/README.md, load figures).
        List.of("-Xmx192m", "-XX:+UseSerialGC"),
        Map.of("MIRADOR_AGENT_CONFIG", config.toString(), "MALLOC_ARENA_MAX", "2"),
        URI.create(http + "/q/health/live"),
        List.of(
            "OTLP gRPC 127.0.0.1:"
                + ports.agentGrpc()
                + ", OTLP/HTTP "
                + http
                + "/v1/{traces,metrics,logs} (tenant "
                + tenant
                + ")",
            "metrics " + http + "/q/metrics, health " + http + "/q/health"));
  }

  /** Registers the agent's public key with the core (idempotent: 200 when already registered). */
  static void register(Path data, int coreHttpPort, String tenant, PrintStream out)
      throws IOException, InterruptedException {
    String publicKey = Files.readString(data.resolve("agent/agent.pub")).trim().split("\\s+")[1];
    String token = Files.readString(data.resolve("core/local-admin.token")).trim();
    String body =
        "{\"tenant\":\""
            + tenant
            + "\",\"agentId\":\""
            + AGENT_ID
            + "\",\"publicKey\":\""
            + publicKey
            + "\"}";
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + coreHttpPort + "/api/v1/admin/agents"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200 && r.statusCode() != 201) {
      throw new IOException(
          "registering the agent with the core failed: HTTP " + r.statusCode() + " " + r.body());
    }
    out.println("mirador: agent " + AGENT_ID + " registered with the core (tenant " + tenant + ")");
  }
}
