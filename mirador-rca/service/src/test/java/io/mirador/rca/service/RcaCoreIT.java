package io.mirador.rca.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mirador.rca.IncidentEvent;
import io.mirador.rca.online.DetectionLoop;
import io.mirador.rca.online.Tick;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real core ({@code java -jar mirador-core/service/target/quarkus-app/quarkus-run.jar}, on its
 * embedded store) and the real RCA service ({@code target/quarkus-app/quarkus-run.jar}) as child
 * processes. Telemetry for a shop (front-end -> carts -> carts-db, front-end -> catalogue) goes in
 * through the core's OTLP/HTTP receiver: 90 minutes of traces, with carts-db slow and failing (and
 * logging errors) for ten of them. Both use the core's local admin token from its 0600 file.
 */
class RcaCoreIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String TENANT = "shop";
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static Path dir;
  private static Process core;
  private static Process rca;
  private static int coreHttp;
  private static int rcaHttp;
  private static Path tokenFile;
  private static Instant now;
  private static Instant faultStart;
  private static final List<String> errorTraceIds = new ArrayList<>();

  @BeforeAll
  static void startCoreAndRca() throws Exception {
    Path root = Path.of(System.getProperty("mirador.root", "../..")).toAbsolutePath().normalize();
    Path coreApp = root.resolve("mirador-core/service/target/quarkus-app");
    assumeTrue(
        Files.exists(coreApp.resolve("quarkus-run.jar")),
        "the core is not packaged (mirador-core/service/target/quarkus-app)");
    Path rcaJar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    assertThat(rcaJar).as("the RCA service is packaged before the ITs run").exists();
    dir =
        Path.of("target/rca-it-" + HexFormat.of().formatHex(RANDOM.generateSeed(4)))
            .toAbsolutePath();
    // A private copy: other builds may repackage the core while this test runs.
    Path app = dir.resolve("core-app");
    copyTree(coreApp, app);
    String apiKey = HexFormat.of().formatHex(RANDOM.generateSeed(16));
    String sha =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(apiKey.getBytes(StandardCharsets.UTF_8)));
    Path config = dir.resolve("mirador-core.yaml");
    Files.writeString(
        config,
        """
        region: local
        dataDir: data
        regions:
          local: {storage: {type: embedded}}
        tenants:
          - id: shop
            region: local
            apiKeys: [{name: rca-it, sha256: "%s"}]
        """
            .formatted(sha));
    coreHttp = freePort();
    core =
        start(
            "core",
            List.of(
                "--enable-native-access=ALL-UNNAMED",
                "-Dmirador.chdb.library=" + System.getProperty("mirador.chdb.library"),
                "-Xmx768m",
                "-jar",
                app.resolve("quarkus-run.jar").toString()),
            Map.of(
                "MIRADOR_CONFIG", config.toString(),
                "MIRADOR_HTTP_PORT", Integer.toString(coreHttp),
                "MIRADOR_GRPC_PORT", Integer.toString(freePort())),
            coreHttp);
    tokenFile = dir.resolve("data/local-admin.token");
    assertThat(tokenFile).exists();

    now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    faultStart = now.minus(Duration.ofMinutes(20));
    ingest(apiKey, now.minus(Duration.ofMinutes(90)), now.minus(Duration.ofMinutes(1)));

    rcaHttp = freePort();
    rca =
        start(
            "rca",
            List.of(
                "-Xmx256m",
                "-Dmirador.rca.detection.baseline=2h",
                "-Dmirador.rca.detection.min-baseline-minutes=10",
                "-jar",
                rcaJar.toString()),
            Map.of(
                "MIRADOR_CORE_URL",
                "http://127.0.0.1:" + coreHttp,
                "MIRADOR_RCA_HTTP_PORT",
                Integer.toString(rcaHttp),
                "MIRADOR_RCA_TOKEN_FILE",
                tokenFile.toString(),
                "MIRADOR_RCA_TENANTS",
                TENANT),
            rcaHttp);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    for (Process p : new Process[] {rca, core}) {
      if (p != null) {
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  @Test
  void postRcaRanksTheFailingServiceFirstWithExamplesFromTheCore() throws Exception {
    ObjectNode request = JSON.createObjectNode();
    request.put("tenant", TENANT);
    request.put("from", faultStart.toString());
    request.put("to", faultStart.plus(Duration.ofMinutes(5)).toString());
    HttpResponse<String> response = post("/api/v1/rca", request, token());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode finding = JSON.readTree(response.body());
    assertThat(finding.path("causes").get(0).path("service").asText()).isEqualTo("carts-db");
    JsonNode top = finding.path("causes").get(0);
    assertThat(top.path("evidence").get(0).path("deviation").asDouble()).isGreaterThan(3);
    assertThat(top.path("callPath").get(top.path("callPath").size() - 1).asText())
        .isEqualTo("carts-db");
    // The code path changed at carts-db: every query now logs before it ends, as the core's
    // event pairs measured it.
    JsonNode change = top.path("codePath").get(0);
    assertThat(change.path("source").asText()).isEqualTo("start SELECT carts");
    assertThat(change.path("target").asText())
        .isIn("end SELECT carts", "log 17 too many connections");
    assertThat(change.path("windowOccurrences").asLong()).isEqualTo(60);
    assertThat(Math.abs(change.path("z").asDouble())).isGreaterThan(3);
    List<String> exampleTraces = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    finding
        .path("examples")
        .forEach(
            e -> {
              exampleTraces.add(e.path("traceId").asText());
              texts.add(e.path("text").asText());
            });
    assertThat(exampleTraces).anyMatch(errorTraceIds::contains);
    assertThat(texts).contains("too many connections");
    // Per edge, measured by the core: carts' calls into carts-db spent as long on the wire as
    // before (0.5 ms), while carts-db's server time grew about eightfold.
    JsonNode edge = top.path("edges").get(0);
    assertThat(edge.path("caller").asText()).isEqualTo("carts");
    assertThat(edge.path("callee").asText()).isEqualTo("carts-db");
    assertThat(edge.path("windowServerP50Nanos").asDouble())
        .isGreaterThan(5 * edge.path("baselineServerP50Nanos").asDouble());
    assertThat(edge.path("windowGapP50Nanos").asDouble()).isBetween(400_000.0, 600_000.0);
    assertThat(Math.abs(edge.path("addedGapNanos").asDouble())).isLessThan(100_000);
    // Example slow traces at the cause: the slowest calls into carts-db, all in the fault.
    List<String> slow = new ArrayList<>();
    finding
        .path("examples")
        .forEach(
            e -> {
              if (e.path("kind").asText().equals("SLOW_CALL")
                  && e.path("service").asText().equals("carts-db")) {
                slow.add(e.path("traceId").asText());
              }
            });
    assertThat(slow).isNotEmpty().allMatch(errorTraceIds::contains);

    // Without a token, or with one the core does not know: refused, nothing echoed.
    assertThat(post("/api/v1/rca", request, null).statusCode()).isEqualTo(401);
    HttpResponse<String> forged = post("/api/v1/rca", request, "Zm9yZ2VkLXRva2Vu");
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(forged.body()).doesNotContain("Zm9yZ2VkLXRva2Vu");
  }

  @Test
  void theDetectionLoopStoresOneFindingPerIncidentThroughTheCore() throws Exception {
    // The service's own wiring (CoreClient, CoreSource, CoreFindingSink, DetectionLoop), driven
    // minute by minute over the ingested past instead of waiting for the wall clock.
    CoreClient client =
        new CoreClient(
            HTTP, JSON, URI.create("http://127.0.0.1:" + coreHttp), Duration.ofSeconds(60));
    TokenSource token = new FileTokenSource(tokenFile);
    CoreSource source = new CoreSource(client, token);
    List<IncidentEvent> events = new ArrayList<>();
    CoreFindingSink coreSink = new CoreFindingSink(client, token, JSON);
    DetectionLoop loop =
        DetectionLoop.builder(
                source,
                e -> {
                  coreSink.record(e);
                  events.add(e);
                })
            .evidence(source)
            .baseline(Duration.ofHours(1))
            .minBaselineMinutes(10)
            .build();
    List<Tick> ticks = new ArrayList<>();
    for (Instant m = faultStart.minus(Duration.ofMinutes(15));
        m.isBefore(now);
        m = m.plus(Duration.ofMinutes(1))) {
      Instant at = m.plus(Duration.ofMinutes(2)).plusSeconds(5);
      coreSink.tickAt(at);
      ticks.add(loop.tick("shop", at));
    }

    assertThat(ticks.stream().mapToInt(Tick::scored).sum()).isPositive();
    assertThat(events.stream().filter(IncidentEvent.Opened.class::isInstance)).hasSize(1);
    assertThat(events.stream().filter(IncidentEvent.Closed.class::isInstance)).hasSize(1);
    String incidentId = events.getFirst().incident().id().toString();

    JsonNode page =
        JSON.readTree(
            get(
                    "/api/v1/findings?tenant=shop&from="
                        + faultStart.minus(Duration.ofHours(1))
                        + "&to="
                        + now.plus(Duration.ofMinutes(5)),
                    token.token())
                .body());
    Map<String, Integer> perIncident = new HashMap<>();
    JsonNode ours = null;
    for (JsonNode f : page.path("items")) {
      String id = f.path("evidence").path("incidentId").asText();
      perIncident.merge(id, 1, Integer::sum);
      if (id.equals(incidentId)) {
        ours = f;
      }
    }
    assertThat(perIncident)
        .allSatisfy((id, n) -> assertThat(n).as("findings of incident %s", id).isEqualTo(1));
    assertThat(ours).as("the loop's finding, read back through the RCA service").isNotNull();
    assertThat(ours.path("status").asText()).isEqualTo("CLOSED");
    assertThat(ours.path("causes").get(0).path("service").asText()).isEqualTo("carts-db");
    // Each cause once; detected by the run that opened it: after the incident's first minute had
    // ended, and (a clear fault opens at once) within 3 minutes of its start.
    List<String> causes = new ArrayList<>();
    ours.path("causes").forEach(c -> causes.add(c.path("service").asText()));
    assertThat(causes).doesNotHaveDuplicates();
    Instant detectedAt = Instant.parse(ours.path("detectedAt").asText());
    Instant openedAt = Instant.parse(ours.path("openedAt").asText());
    assertThat(detectedAt)
        .isAfter(openedAt.plus(Duration.ofMinutes(1)))
        .isBeforeOrEqualTo(openedAt.plus(Duration.ofMinutes(3)).plusSeconds(5));
    assertThat(detectedAt.getEpochSecond() % 60).isEqualTo(5);
    HttpResponse<String> one =
        get("/api/v1/findings/" + ours.path("id").asText() + "?tenant=shop", token.token());
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(one.body()).path("evidence").path("incidentId").asText())
        .isEqualTo(incidentId);
  }

  @Test
  void theScheduledLoopRunsWithTheCoresTokenFile() throws Exception {
    // The service's scheduler runs a few seconds after each minute: within ~70 s it has read the
    // tenant's features with the token from the core's file and counted the minute.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(130);
    String metrics = "";
    while (System.nanoTime() < deadline) {
      metrics = get("/q/metrics", null).body();
      if (metrics.contains("mirador_rca_minutes_evaluated_total{tenant=\"shop\"}")) {
        break;
      }
      Thread.sleep(2000);
    }
    assertThat(metrics).contains("mirador_rca_minutes_evaluated_total{tenant=\"shop\"}");
    assertThat(metrics).contains("mirador_rca_tick_seconds_count{outcome=\"ok\",tenant=\"shop\"}");
    HttpResponse<String> ready = get("/q/health/ready", null);
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    JsonNode check = JSON.readTree(ready.body()).path("checks").get(0);
    assertThat(check.path("name").asText()).isEqualTo("rca-detection-loop");
    assertThat(check.path("data").path("shop").asText()).isEqualTo("ok");
    assertThat(check.path("data").path("shop.state").asText())
        .matches(
            "watching|watching \\(short baseline: [0-9]+ of 30 minutes, tolerance widened"
                + " x[0-9]\\.[0-9]{2}\\)|learning the baseline: [0-9]+ of 10 minutes");
    // The detection state through the API, the caller's token checked by the real core.
    HttpResponse<String> state = get("/api/v1/detection?tenant=shop", token());
    assertThat(state.statusCode()).as(state.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(state.body());
    assertThat(body.path("state").asText()).isIn("learning", "watching");
    assertThat(body.path("lastRunAt").asText()).isNotEmpty();
    assertThat(get("/api/v1/detection", token()).statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/detection?tenant=shop", null).statusCode()).isEqualTo(401);
  }

  private static String token() throws IOException {
    return Files.readString(tokenFile).strip();
  }

  /** 90 minutes of traces (12 per minute) and, during the fault, error logs at carts-db. */
  private static void ingest(String apiKey, Instant from, Instant to) throws Exception {
    var random = new SplittableRandom(7);
    Instant faultEnd = faultStart.plus(Duration.ofMinutes(10));
    for (Instant m = from; m.isBefore(to); m = m.plus(Duration.ofMinutes(1))) {
      boolean fault = !m.isBefore(faultStart) && m.isBefore(faultEnd);
      ObjectNode traces = JSON.createObjectNode();
      ArrayNode resourceSpans = traces.putArray("resourceSpans");
      Map<String, ArrayNode> spans = new HashMap<>();
      for (String s : List.of("front-end", "carts", "carts-db", "catalogue")) {
        ObjectNode rs = resourceSpans.addObject();
        rs.putObject("resource")
            .putArray("attributes")
            .addObject()
            .put("key", "service.name")
            .putObject("value")
            .put("stringValue", s);
        ObjectNode scope = rs.putArray("scopeSpans").addObject();
        scope.putObject("scope").put("name", "rca-it");
        spans.put(s, scope.putArray("spans"));
      }
      ArrayNode logRecords = null;
      ObjectNode logs = JSON.createObjectNode();
      if (fault) {
        ObjectNode rl = logs.putArray("resourceLogs").addObject();
        rl.putObject("resource")
            .putArray("attributes")
            .addObject()
            .put("key", "service.name")
            .putObject("value")
            .put("stringValue", "carts-db");
        logRecords = rl.putArray("scopeLogs").addObject().putArray("logRecords");
      }
      for (int i = 0; i < 12; i++) {
        String trace = HexFormat.of().formatHex(RANDOM.generateSeed(16));
        long start =
            m.toEpochMilli() * 1_000_000L + i * 4_000_000_000L + random.nextLong(1_000_000_000L);
        double jitter = 1 + 0.1 * random.nextGaussian();
        long db = (long) (2_000_000 * jitter * (fault ? 8 : 1));
        long carts = db + (long) (3_000_000 * jitter);
        long catalogue = (long) (4_000_000 * jitter);
        long front = carts + catalogue + (long) (1_000_000 * jitter);
        String frontId = span(spans.get("front-end"), trace, null, "GET /", start, front, false);
        String cartsId =
            span(spans.get("carts"), trace, frontId, "GET /cart", start + 100_000, carts, false);
        // carts calls carts-db through a client span: 0.5 ms on the wire, whatever the fault.
        String callId =
            span(
                spans.get("carts"),
                trace,
                cartsId,
                "call carts-db",
                start + 150_000,
                db + 500_000,
                false,
                3);
        String dbId =
            span(spans.get("carts-db"), trace, callId, "SELECT carts", start + 200_000, db, fault);
        span(
            spans.get("catalogue"),
            trace,
            frontId,
            "GET /catalogue",
            start + 100_000,
            catalogue,
            false);
        if (fault) {
          errorTraceIds.add(trace);
          logRecords
              .addObject()
              .put("timeUnixNano", Long.toString(start + 300_000))
              .put("severityNumber", 17)
              .put("severityText", "ERROR")
              .put("traceId", trace)
              .put("spanId", dbId)
              .putObject("body")
              .put("stringValue", "too many connections");
        }
      }
      assertThat(otlp("/v1/traces", traces, apiKey)).isEqualTo(200);
      if (fault) {
        assertThat(otlp("/v1/logs", logs, apiKey)).isEqualTo(200);
      }
    }
  }

  private static String span(
      ArrayNode spans,
      String trace,
      String parent,
      String name,
      long start,
      long duration,
      boolean error) {
    return span(spans, trace, parent, name, start, duration, error, 2);
  }

  private static String span(
      ArrayNode spans,
      String trace,
      String parent,
      String name,
      long start,
      long duration,
      boolean error,
      int kind) {
    String id = HexFormat.of().formatHex(RANDOM.generateSeed(8));
    ObjectNode s = spans.addObject();
    s.put("traceId", trace);
    s.put("spanId", id);
    if (parent != null) {
      s.put("parentSpanId", parent);
    }
    s.put("name", name);
    s.put("kind", kind);
    s.put("startTimeUnixNano", Long.toString(start));
    s.put("endTimeUnixNano", Long.toString(start + duration));
    if (error) {
      s.putObject("status").put("code", 2).put("message", "connection pool exhausted");
    }
    return id;
  }

  private static int otlp(String path, ObjectNode body, String apiKey) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + coreHttp + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("X-Mirador-Api-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return r.statusCode();
  }

  private static HttpResponse<String> post(String path, JsonNode body, String token)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rcaHttp + path))
            .timeout(Duration.ofSeconds(120))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rcaHttp + path))
            .timeout(Duration.ofSeconds(120))
            .GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Process start(String name, List<String> args, Map<String, String> env, int port)
      throws IOException, InterruptedException {
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(args);
    Path log = dir.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove("MIRADOR_DATA_DIR");
    builder.environment().putAll(env);
    Process process = builder.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<String> ready =
            HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
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
    throw new IllegalStateException(name + " did not become ready; see " + log);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
