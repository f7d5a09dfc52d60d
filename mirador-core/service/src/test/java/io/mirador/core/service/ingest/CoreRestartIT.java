package io.mirador.core.service.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirador.crypto.Signal;
import io.mirador.crypto.X25519KeyPair;
import io.mirador.crypto.X25519PublicKey;
import io.mirador.ingest.v1.PushResponse;
import io.mirador.ingest.v1.SealedBatch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The built core as a child process ({@code java -jar quarkus-run.jar}): batches acknowledged
 * before a SIGKILL are all present after a restart, exactly once, and their retries are answered
 * DUPLICATE by the restarted core, which serves every acknowledged trace and log back through its
 * query API (read from the real embedded store).
 */
class CoreRestartIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();

  @Test
  void acknowledgedBatchesSurviveASigkill() throws Exception {
    assertThat(JAR).as("the core is packaged before the ITs run").exists();
    Path dir =
        Path.of("target/restart-it-" + HexFormat.of().formatHex(RANDOM.generateSeed(4)))
            .toAbsolutePath();
    Files.createDirectories(dir);
    X25519KeyPair agentKey = X25519KeyPair.generate(RANDOM);
    Path config = dir.resolve("mirador-core.yaml");
    Files.writeString(
        config,
        """
        region: local
        dataDir: data
        regions:
          local: {storage: {type: embedded}}
        tenants:
          - id: restart
            region: local
            agents: [{id: restart-agent, publicKey: "%s"}]
        """
            .formatted(Base64.getEncoder().encodeToString(agentKey.publicKey().bytes())));
    int http = IngestTestResource.freePort();
    int grpc = IngestTestResource.freePort();

    Map<String, Integer> acknowledgedTraces = new LinkedHashMap<>();
    List<String> acknowledgedLogs = new ArrayList<>();
    List<SealedBatch> sent = new ArrayList<>();

    Process core = start(dir, config, http, grpc, "first");
    try (IngestClient agent = new IngestClient(grpc, "restart-agent", agentKey)) {
      IngestClient.CoreKey key = publishedKey(dir.resolve("data/keys/core-public.json"));
      long sequence = 1;
      for (int i = 0; i < 30; i++) {
        String traceId = OtlpData.traceId();
        int spans = 1 + RANDOM.nextInt(40);
        SealedBatch batch =
            agent.seal(
                key,
                "restart",
                sequence++,
                Signal.TRACES,
                OtlpData.trace(traceId, "svc-" + (i % 3), spans).toByteArray());
        assertThat(agent.push(batch).getResult()).isEqualTo(PushResponse.Result.STORED);
        acknowledgedTraces.put(traceId, spans);
        sent.add(batch);
        if (i % 5 == 0) {
          String logTrace = OtlpData.traceId();
          SealedBatch logs =
              agent.seal(
                  key,
                  "restart",
                  sequence++,
                  Signal.LOGS,
                  OtlpData.logs(logTrace, "svc", "checkout failed").toByteArray());
          assertThat(agent.push(logs).getResult()).isEqualTo(PushResponse.Result.STORED);
          acknowledgedLogs.add(logTrace);
          sent.add(logs);
        }
      }
    } finally {
      core.destroyForcibly(); // SIGKILL: no shutdown hook, no flush at exit
      core.waitFor(30, TimeUnit.SECONDS);
    }

    Process restarted = start(dir, config, http, grpc, "second");
    try (IngestClient agent = new IngestClient(grpc, "restart-agent", agentKey)) {
      for (SealedBatch batch : sent) {
        assertThat(agent.push(batch).getResult())
            .as("a retry of an acknowledged batch after the restart")
            .isEqualTo(PushResponse.Result.DUPLICATE);
      }
      // Read back through the restarted core's query API (this JVM may not open a second store).
      String token = Files.readString(dir.resolve("data/local-admin.token")).strip();
      for (Map.Entry<String, Integer> trace : acknowledgedTraces.entrySet()) {
        JsonNode body = get(http, token, "/api/v1/tenants/restart/traces/" + trace.getKey());
        assertThat(body.path("spans").size())
            .as("trace %s", trace.getKey())
            .isEqualTo(trace.getValue());
      }
      Instant now = Instant.now();
      for (String logTrace : acknowledgedLogs) {
        JsonNode page =
            get(
                http,
                token,
                "/api/v1/tenants/restart/logs?traceId="
                    + logTrace
                    + "&from="
                    + now.minus(Duration.ofHours(1))
                    + "&to="
                    + now.plusSeconds(60));
        assertThat(page.path("items").size()).as("logs of %s", logTrace).isEqualTo(1);
      }
    } finally {
      restarted.destroy();
      assertThat(restarted.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static JsonNode get(int http, String token, String path)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + path))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }

  private static Process start(Path dir, Path config, int http, int grpc, String name)
      throws IOException, InterruptedException {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED",
            "-Dmirador.chdb.library=" + System.getProperty("mirador.chdb.library"),
            "-Xmx768m",
            "-jar",
            JAR.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("core-" + name + ".log").toFile());
    builder.environment().put("MIRADOR_CONFIG", config.toString());
    builder.environment().put("MIRADOR_HTTP_PORT", Integer.toString(http));
    builder.environment().put("MIRADOR_GRPC_PORT", Integer.toString(grpc));
    builder.environment().remove("MIRADOR_DATA_DIR");
    Process process = builder.start();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "core exited with "
                + process.exitValue()
                + "; see "
                + dir.resolve("core-" + name + ".log"));
      }
      try {
        HttpResponse<String> ready =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return process;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    process.destroyForcibly();
    throw new IllegalStateException("core not ready in 180 s; see " + dir);
  }

  /** The core's key as an agent on the host reads it: from the published file. */
  private static IngestClient.CoreKey publishedKey(Path file) throws IOException {
    JsonNode doc = new ObjectMapper().readTree(Files.readString(file));
    String active = doc.path("active").asText();
    for (JsonNode key : doc.path("keys")) {
      if (key.path("keyId").asText().equals(active)) {
        return new IngestClient.CoreKey(
            active, X25519PublicKey.of(Base64.getDecoder().decode(key.path("publicKey").asText())));
      }
    }
    throw new IllegalStateException("no active key in " + file);
  }
}
