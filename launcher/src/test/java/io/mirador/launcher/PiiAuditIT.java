package io.mirador.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The auditor's proof of issue 17, end to end with real parts: OpenTelemetry SDK exporters
 * (OTLP/HTTP, as the Node.js auto-instrumentation sends) -> the packaged agent (child process) ->
 * the packaged core (child process, embedded ClickHouse) -> {@code ./mirador pii-audit} (the
 * command class, in process, reading the core's 0600 admin token file like an operator would).
 *
 * <p>Two tenants of one core receive the same PII-laden stream (e-mails plain and {@code
 * %40}-encoded in {@code url.full}, cards with spaces, {@code +} and {@code %20}, phones, an IP, an
 * SSN, an IBAN, a JWT; in span names, span/resource/event/link attributes, status messages, log
 * bodies and attributes, metric attributes): {@code acme} under the built-in policy, whose scan
 * must be clean (exit 0) with counts per detector and location; {@code open}, whose policy (agent
 * and core) keeps every value (detectors on, action {@code keep}, no key rules), whose scan must
 * find the planted values (exit 1) without printing any of them — so the scan is shown able to
 * fail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PiiAuditIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SAFE = "acme";
  private static final String OPEN = "open";
  private static final int SPANS = 20;
  private static final int LOGS = 10;

  // Planted values: reserved or test ranges (example.com, 555-01xx, documentation IPs, the
  // networks' published test card numbers, the IBAN registry's example), nobody's real data.
  private static final String EMAIL = "grace.hopper@example.com";
  private static final String EMAIL_ENCODED = "grace.hopper%40example.com";
  private static final String CARD_SPACED = "4111 1111 1111 1111";
  private static final String CARD_PLUS = "4111+1111+1111+1111";
  private static final String CARD_PERCENT = "5500%200000%200000%200004";
  private static final String CARD_DASHED = "5500-0000-0000-0004";
  private static final String PHONE_US = "+1 415 555 0123";
  private static final String PHONE_UK = "+44 20 7946 0958";
  private static final String IP = "198.51.100.7";
  private static final String SSN = "536-22-8726";
  private static final String IBAN = "GB82 WEST 1234 5698 7654 32";
  private static final String JWT = jwt();
  private static final String URL_FULL =
      "https://shop.example.com/checkout?email="
          + EMAIL_ENCODED
          + "&card="
          + CARD_PLUS
          + "&card2="
          + CARD_PERCENT;

  /**
   * What the output must never contain: each planted value, and fragments of them that cannot occur
   * in ids or counts (hex ids have no spaces, dots or upper case).
   */
  private static final List<String> NEVER_PRINTED =
      List.of(
          EMAIL,
          "grace.hopper",
          "example.com",
          "%40",
          CARD_SPACED,
          "4111 1111",
          "4111+1111",
          "41111111",
          CARD_DASHED,
          "5500 0000",
          "5500%20",
          "415 555",
          "7946 0958",
          IP,
          "198.51.100",
          SSN,
          "GB82",
          "WEST 1234",
          JWT.substring(0, 20));

  private Path work;
  private Process core;
  private final List<Process> agents = new ArrayList<>();
  private int coreHttp;
  private final Map<String, Integer> agentHttp = new HashMap<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private String token;

  @BeforeAll
  void startCoreAndAgents() throws Exception {
    work = Path.of("target", "pii-audit-it").toAbsolutePath();
    deleteTree(work);
    Path policies = Files.createDirectories(work.resolve("policies"));
    // The second tenant's policy, for the agent (its policy directory) and the core (its file).
    Files.writeString(policies.resolve(OPEN + ".yaml"), openPolicy());
    coreHttp = freePort();
    int coreGrpc = freePort();
    Files.writeString(
        work.resolve("mirador-core.yaml"),
        String.join(
            "\n",
            "region: local",
            "dataDir: data/core",
            "regions:",
            "  local:",
            "    storage: {type: embedded}",
            "tenants:",
            "  - id: " + SAFE,
            "    region: local",
            "  - id: " + OPEN,
            "    region: local",
            "    redactionPolicy: policies/" + OPEN + ".yaml",
            ""));
    core = startCore(snapshot("mirador-core/service/target/quarkus-app"), coreGrpc);
    token = Files.readString(work.resolve("data/core/local-admin.token")).strip();
    Path agentJar = snapshot("mirador-agent/target/quarkus-app");
    for (String tenant : List.of(SAFE, OPEN)) {
      String agentId = "agent-" + tenant;
      agents.add(startAgent(agentJar, agentId, tenant, coreGrpc, tenant.equals(OPEN)));
      registerAgent(tenant, agentId);
    }
  }

  @AfterAll
  void stopAll() throws InterruptedException {
    for (Process p : agents) {
      stop(p);
    }
    if (core != null) {
      stop(core);
    }
  }

  @Test
  void theBuiltInPolicyLeavesNothingForTheScanAndTheReportCountsEveryPlace() throws Exception {
    emit(SAFE);
    awaitStored(SAFE);

    Run text = audit(SAFE);
    assertThat(text.code()).as(text.all()).isZero();
    assertThat(text.out())
        .contains("Redactions of tenant " + SAFE)
        .contains("By detector and action")
        .contains("By location")
        .contains("CLEAN: no stored value matches");
    assertNothingPlanted(text);

    Run json = audit(SAFE, "--json");
    assertThat(json.code()).as(json.all()).isZero();
    JsonNode both = JSON.readTree(json.out());
    JsonNode report = both.path("redactions");
    assertThat(report.path("total").asLong()).isPositive();
    Map<String, Long> byDetector = sum(report, "detector");
    Map<String, Long> byLocation = sum(report, "location");
    Map<String, Long> bySignal = sum(report, "signal");
    assertThat(byDetector)
        .as("detectors counted: %s", byDetector)
        .containsKeys("email", "credit_card", "phone", "ip_address", "us_ssn", "iban", "jwt");
    assertThat(byLocation)
        .as("locations counted: %s", byLocation)
        .containsKeys(
            "resource_attribute",
            "span_name",
            "span_attribute",
            "span_event",
            "span_link",
            "span_status",
            "log_body",
            "log_attribute",
            "metric_attribute");
    assertThat(bySignal).containsKeys("traces", "logs", "metrics");
    // Every span carries the e-mail in its name, attributes, event and link: at least 4 per span.
    assertThat(byDetector.get("email")).isGreaterThanOrEqualTo(4L * SPANS);
    JsonNode scan = both.path("scan");
    assertThat(scan.path("clean").asBoolean()).as(scan.toString()).isTrue();
    assertThat(scan.path("scanned").path("spans").asLong()).isGreaterThanOrEqualTo(SPANS);
    assertThat(scan.path("scanned").path("logs").asLong()).isGreaterThanOrEqualTo(LOGS);
    assertThat(scan.path("scanned").path("values").asLong()).isPositive();

    // Independent of the scan: the stored telemetry, read through the query API, has none of it.
    String stored =
        get("/api/v1/tenants/" + SAFE + "/spans?limit=1000").toString()
            + get("/api/v1/tenants/" + SAFE + "/logs?limit=1000");
    for (String planted :
        List.of(
            EMAIL, EMAIL_ENCODED, CARD_SPACED, CARD_PLUS, CARD_PERCENT, CARD_DASHED, IBAN, SSN)) {
      assertThat(stored).as("stored telemetry of %s", SAFE).doesNotContain(planted);
    }
    // Redacted in place: the URL keeps its shape, only the encoded values inside it changed.
    JsonNode span = get("/api/v1/tenants/" + SAFE + "/spans?limit=1").path("items").path(0);
    String url = span.path("attributes").path("url.full").asText();
    assertThat(url)
        .startsWith("https://shop.example.com/checkout?email=")
        .contains("&card=")
        .contains("&card2=");
  }

  @Test
  void withRedactionSwitchedOffTheScanFindsThePlantedValuesAndPrintsNoneOfThem() throws Exception {
    emit(OPEN);
    awaitStored(OPEN);
    // The values really are stored as sent (so the scan has something to find).
    assertThat(get("/api/v1/tenants/" + OPEN + "/spans?limit=1000").toString()).contains(EMAIL);

    Run text = audit(OPEN);
    assertThat(text.code()).as(text.all()).isEqualTo(1);
    assertThat(text.out()).contains("NOT CLEAN").contains("user.email");
    assertNothingPlanted(text);

    Run json = audit(OPEN, "--json");
    assertThat(json.code()).isEqualTo(1);
    assertNothingPlanted(json);
    JsonNode scan = JSON.readTree(json.out()).path("scan");
    assertThat(scan.path("clean").asBoolean(true)).isFalse();
    Set<String> found = new HashSet<>();
    for (JsonNode m : scan.path("matches")) {
      found.add(m.path("detector").asText() + "@" + m.path("location").asText());
      assertThat(m.path("examples").size()).isBetween(1, 5);
      assertThat(m.path("count").asLong()).isPositive();
    }
    assertThat(found)
        .as("matches: %s", found)
        .contains(
            "email@span_name",
            "email@span_attribute",
            "email@log_body",
            "email@metric_attribute",
            "credit_card@span_attribute",
            "credit_card@log_body",
            "phone@span_attribute",
            "iban@log_attribute",
            "us_ssn@span_attribute",
            "jwt@span_attribute");
  }

  // ---- the stream ------------------------------------------------------------------------------

  private void emit(String tenant) throws Exception {
    String base = "http://127.0.0.1:" + agentHttp.get(tenant);
    Resource resource =
        Resource.getDefault()
            .merge(
                Resource.create(
                    Attributes.of(
                        AttributeKey.stringKey("service.name"),
                        "checkout",
                        AttributeKey.stringKey("app.owner"),
                        EMAIL)));
    SdkTracerProvider tracing =
        SdkTracerProvider.builder()
            .setResource(resource)
            .addSpanProcessor(
                BatchSpanProcessor.builder(
                        OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces").build())
                    .setScheduleDelay(Duration.ofMillis(50))
                    .build())
            .build();
    SpanContext linked =
        SpanContext.create(
            "0af7651916cd43dd8448eb211c80319c",
            "b7ad6b7169203331",
            TraceFlags.getSampled(),
            TraceState.getDefault());
    var tracer = tracing.get("pii-audit-it");
    for (int i = 0; i < SPANS; i++) {
      Span span =
          tracer
              .spanBuilder("lookup " + EMAIL)
              .addLink(linked, Attributes.of(AttributeKey.stringKey("app.referrer"), EMAIL))
              .setAttribute("user.email", EMAIL)
              .setAttribute("url.full", URL_FULL)
              .setAttribute("client.address", IP)
              .setAttribute("app.note", "call " + PHONE_US + ", ssn " + SSN)
              .setAttribute("app.session", JWT)
              .startSpan();
      span.addEvent(
          "charge",
          Attributes.of(
              AttributeKey.stringKey("app.card"),
              CARD_SPACED,
              AttributeKey.stringKey("app.contact"),
              EMAIL));
      span.setStatus(StatusCode.ERROR, "card " + CARD_SPACED + " declined");
      span.end();
    }
    assertThat(tracing.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
    tracing.shutdown().join(10, TimeUnit.SECONDS);

    SdkLoggerProvider logs =
        SdkLoggerProvider.builder()
            .setResource(resource)
            .addLogRecordProcessor(
                BatchLogRecordProcessor.builder(
                        OtlpHttpLogRecordExporter.builder().setEndpoint(base + "/v1/logs").build())
                    .build())
            .build();
    for (int i = 0; i < LOGS; i++) {
      logs.get("pii-audit-it")
          .logRecordBuilder()
          .setBody(
              "payment failed for "
                  + EMAIL
                  + " card "
                  + CARD_DASHED
                  + " phone "
                  + PHONE_UK
                  + " from "
                  + IP)
          .setAttribute(AttributeKey.stringKey("app.iban"), IBAN)
          .setAttribute(
              AttributeKey.stringKey("url.query"), "email=" + EMAIL_ENCODED + "&card=" + CARD_PLUS)
          .emit();
    }
    assertThat(logs.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
    logs.shutdown().join(10, TimeUnit.SECONDS);

    SdkMeterProvider meters =
        SdkMeterProvider.builder()
            .setResource(resource)
            .registerMetricReader(
                PeriodicMetricReader.builder(
                        OtlpHttpMetricExporter.builder().setEndpoint(base + "/v1/metrics").build())
                    .setInterval(Duration.ofHours(1))
                    .build())
            .build();
    meters
        .get("pii-audit-it")
        .counterBuilder("orders")
        .build()
        .add(
            3,
            Attributes.of(
                AttributeKey.stringKey("user.email"),
                EMAIL,
                AttributeKey.stringKey("app.phone"),
                PHONE_US));
    assertThat(meters.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
    meters.shutdown().join(10, TimeUnit.SECONDS);
  }

  private void awaitStored(String tenant) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    int spans = 0;
    int logs = 0;
    int series = 0;
    while (System.nanoTime() < end) {
      spans = get("/api/v1/tenants/" + tenant + "/spans?limit=1000").path("items").size();
      logs = get("/api/v1/tenants/" + tenant + "/logs?limit=1000").path("items").size();
      series =
          get("/api/v1/tenants/" + tenant + "/metrics/series?name=orders&type=sum&aggregation=sum")
              .path("series")
              .size();
      if (spans >= SPANS && logs >= LOGS && series >= 1) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        tenant + ": stored " + spans + " spans, " + logs + " logs, " + series + " series");
  }

  // ---- the command -----------------------------------------------------------------------------

  private record Run(int code, String out, String err) {
    String all() {
      return out + "\n" + err;
    }
  }

  /** {@code pii-audit} as an operator runs it: the token comes from the core's file. */
  private Run audit(String tenant, String... extra) {
    Instant now = Instant.now();
    List<String> args =
        new ArrayList<>(
            List.of(
                "--tenant",
                tenant,
                "--core",
                "http://127.0.0.1:" + coreHttp,
                "--data",
                work.resolve("data").toString(),
                "--from",
                now.minus(Duration.ofHours(1)).toString(),
                "--to",
                now.plus(Duration.ofMinutes(5)).toString()));
    args.addAll(List.of(extra));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = Map.of();
    int code;
    try {
      code =
          new PiiAuditCommand(env::get, null)
              .run(
                  args,
                  new PrintStream(out, true, StandardCharsets.UTF_8),
                  new PrintStream(err, true, StandardCharsets.UTF_8));
    } catch (Mirador.UsageException e) {
      code = 2;
    }
    Run run =
        new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    System.out.println("---- pii-audit --tenant " + tenant + " " + List.of(extra) + " -> " + code);
    System.out.println(run.all());
    return run;
  }

  private void assertNothingPlanted(Run run) {
    for (String planted : NEVER_PRINTED) {
      assertThat(run.all()).as("output must not contain a planted value").doesNotContain(planted);
    }
    assertThat(run.all()).doesNotContain(token);
  }

  private static Map<String, Long> sum(JsonNode report, String field) {
    Map<String, Long> sums = new HashMap<>();
    for (JsonNode r : report.path("redactions")) {
      sums.merge(r.path(field).asText(), r.path("count").asLong(), Long::sum);
    }
    return sums;
  }

  // ---- the processes ---------------------------------------------------------------------------

  private static String openPolicy() {
    StringBuilder detectors = new StringBuilder();
    for (io.mirador.pii.detect.DetectorKind kind : io.mirador.pii.detect.DetectorKind.values()) {
      detectors.append(detectors.isEmpty() ? "" : ", ").append(kind.configName()).append(": keep");
    }
    return String.join(
        "\n",
        "# Redaction switched off: every detector still runs (and counts), no value changes.",
        "tenant: " + OPEN,
        "defaultKeyRules: false",
        "detectors: {" + detectors + "}",
        "");
  }

  private Process startCore(Path jar, int grpcPort) throws Exception {
    List<String> cmd = java("-Xmx768m");
    String chdb = System.getProperty("mirador.chdb.library");
    if (chdb != null) {
      cmd.add("-Dmirador.chdb.library=" + chdb);
    }
    cmd.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
    pb.environment().put("MIRADOR_CONFIG", work.resolve("mirador-core.yaml").toString());
    pb.environment().put("MIRADOR_HTTP_PORT", String.valueOf(coreHttp));
    pb.environment().put("MIRADOR_GRPC_PORT", String.valueOf(grpcPort));
    pb.environment().put("MIRADOR_LOCAL_TOKEN", "auto");
    Path log = work.resolve("core.log");
    Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    awaitHttp(p, log, "http://127.0.0.1:" + coreHttp + "/q/health/ready", 180);
    return p;
  }

  private Process startAgent(Path jar, String id, String tenant, int coreGrpc, boolean open)
      throws Exception {
    Path dir = Files.createDirectories(work.resolve(id));
    int httpPort = freePort();
    agentHttp.put(tenant, httpPort);
    Path config = dir.resolve("agent.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "agent: {id: "
                + id
                + ", tenant: "
                + tenant
                + ", host: it-host, dataDir: \""
                + dir.resolve("data")
                + "\"}",
            open ? "redaction: {policyDir: \"" + work.resolve("policies") + "\"}" : "",
            "receivers:",
            "  grpc: {host: 127.0.0.1, port: " + freePort() + "}",
            "  http: {host: 127.0.0.1, port: " + httpPort + "}",
            "batch: {maxDelayMillis: 10}",
            "forwarder: {backoffInitialMillis: 50, backoffMaxMillis: 1000}",
            "core:",
            "  endpoints: [\"127.0.0.1:" + coreGrpc + "\"]",
            "  publicKeyFile: \"" + work.resolve("data/core/keys/core-public.json") + "\"",
            ""));
    List<String> cmd = java("-Xmx256m");
    cmd.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().put("MIRADOR_AGENT_CONFIG", config.toString());
    Path log = dir.resolve("agent.log");
    Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    awaitHttp(p, log, "http://127.0.0.1:" + httpPort + "/q/health/live", 90);
    return p;
  }

  private void registerAgent(String tenant, String agentId) throws Exception {
    String key =
        Files.readString(work.resolve(agentId).resolve("data/agent.pub")).strip().split(" ")[1];
    String body =
        JSON.writeValueAsString(Map.of("tenant", tenant, "agentId", agentId, "publicKey", key));
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + coreHttp + "/api/v1/admin/agents"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
  }

  private JsonNode get(String pathAndQuery) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + coreHttp + pathAndQuery))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(pathAndQuery + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private void awaitHttp(Process p, Path log, String url, int seconds) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      if (!p.isAlive()) {
        throw new IllegalStateException(url + ": exited\n" + Files.readString(log));
      }
      try {
        if (http.send(
                    HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(url + ": not ready\n" + Files.readString(log));
  }

  private static List<String> java(String heap) {
    return new ArrayList<>(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            heap,
            "--enable-native-access=ALL-UNNAMED"));
  }

  /**
   * A private copy of a packaged application: the working tree is shared and another build may
   * replace its target/ while this test runs.
   */
  private Path snapshot(String app) throws IOException {
    Path source = UpCommand.installRoot().resolve(app);
    if (!Files.exists(source.resolve("quarkus-run.jar"))) {
      throw new IllegalStateException(source + " is missing: package it first");
    }
    Path copy = work.resolve("apps").resolve(source.getParent().getParent().getFileName());
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path p : walk.toList()) {
        Path target = copy.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return copy.resolve("quarkus-run.jar");
  }

  private static void stop(Process p) throws InterruptedException {
    if (p.isAlive()) {
      p.destroy();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** An unsigned-looking JWT (header, claims, signature as base64url): the shape is detected. */
  private static String jwt() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header =
        b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String claims =
        b64.encodeToString(
            "{\"sub\":\"it-user-7\",\"iat\":1765000000}".getBytes(StandardCharsets.UTF_8));
    return header + "." + claims + "." + b64.encodeToString(new byte[32]).replace('A', 'Q');
  }
}
