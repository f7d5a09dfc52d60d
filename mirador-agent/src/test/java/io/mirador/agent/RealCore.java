package io.mirador.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real core service ({@code mirador-core/service}, packaged Quarkus app) as a child process on
 * the embedded store, for the end-to-end tests: configuration, start/stop on the same data
 * directory, agent registration through the admin API, and reads through the query API.
 */
final class RealCore implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  final Path work;
  final int httpPort;
  final int grpcPort;
  final String tenant;
  private Process process;
  private int starts;
  private String token;
  private final HttpClient http = HttpClient.newHttpClient();

  RealCore(Path work, String tenant) throws IOException {
    this.work = work;
    this.tenant = tenant;
    this.httpPort = AgentProcess.freePort();
    this.grpcPort = AgentProcess.freePort();
    Files.createDirectories(work);
    Files.writeString(
        work.resolve("mirador-core.yaml"),
        String.join(
            "\n",
            "region: local",
            "dataDir: data",
            "regions:",
            "  local:",
            "    storage: {type: embedded}",
            "tenants:",
            "  - id: " + tenant,
            "    region: local",
            ""));
  }

  private static Path snapshot;

  /**
   * A private copy of the packaged core, taken once per test run: the working tree is shared and
   * the core's own build may replace its target/ while these tests restart the core.
   */
  static synchronized Path jar() throws IOException {
    if (snapshot != null) {
      return snapshot;
    }
    Path app = Path.of("../mirador-core/service/target/quarkus-app");
    if (!Files.exists(app.resolve("quarkus-run.jar"))) {
      throw new IllegalStateException(
          app.toAbsolutePath().normalize()
              + " is missing: build the core first (./mvnw -pl mirador-core/service package)");
    }
    Path copy = Path.of("target", "it-core-app").toAbsolutePath();
    if (Files.exists(copy)) {
      try (var walk = Files.walk(copy)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    try (var walk = Files.walk(app)) {
      for (Path p : walk.toList()) {
        Path target = copy.resolve(app.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    snapshot = copy.resolve("quarkus-run.jar");
    return snapshot;
  }

  RealCore start() throws Exception {
    String chdb = System.getProperty("mirador.chdb.library");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "--enable-native-access=ALL-UNNAMED"));
    if (chdb != null) {
      cmd.add("-Dmirador.chdb.library=" + chdb);
    }
    cmd.addAll(List.of("-jar", jar().toAbsolutePath().toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
    pb.environment().put("MIRADOR_CONFIG", work.resolve("mirador-core.yaml").toString());
    pb.environment().put("MIRADOR_HTTP_PORT", String.valueOf(httpPort));
    pb.environment().put("MIRADOR_GRPC_PORT", String.valueOf(grpcPort));
    pb.environment().put("MIRADOR_LOCAL_TOKEN", "auto");
    Path log = work.resolve("core-" + (++starts) + ".log");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    process = pb.start();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IllegalStateException("core exited:\n" + Files.readString(log));
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(base() + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          token = Files.readString(work.resolve("data").resolve("local-admin.token")).trim();
          return this;
        }
      } catch (IOException e) {
        // not yet listening
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("core did not become ready:\n" + Files.readString(log));
  }

  String base() {
    return "http://127.0.0.1:" + httpPort;
  }

  String grpcEndpoint() {
    return "127.0.0.1:" + grpcPort;
  }

  /** The file the core publishes its public keys in (the agent reads it). */
  Path publicKeyFile() {
    return work.resolve("data").resolve("keys").resolve("core-public.json");
  }

  void registerAgent(String agentId, String publicKeyBase64) throws Exception {
    String body =
        JSON.writeValueAsString(
            java.util.Map.of("tenant", tenant, "agentId", agentId, "publicKey", publicKeyBase64));
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/v1/admin/agents"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201 && r.statusCode() != 200) {
      throw new IllegalStateException("registration failed: " + r.statusCode() + " " + r.body());
    }
  }

  JsonNode get(String pathAndQuery) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + pathAndQuery))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(pathAndQuery + ": " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** Every item of a paged search ({@code spans} or {@code logs}) in the last hour. */
  List<JsonNode> all(String what, String extraQuery) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    String cursor = null;
    do {
      String q =
          "/api/v1/tenants/"
              + tenant
              + "/"
              + what
              + "?limit=1000"
              + extraQuery
              + (cursor == null
                  ? ""
                  : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      JsonNode page = get(q);
      page.path("items").forEach(out::add);
      cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
    } while (cursor != null && !cursor.isEmpty());
    return out;
  }

  /** SIGTERM and wait: the core stops cleanly (the embedded store is closed). */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
