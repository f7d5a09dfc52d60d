package io.mirador.ui.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Mirador as {@code ./mirador up} runs it, for the browser tests: the real core (embedded store),
 * an agent registered with it, the RCA service with its detection loop, and the ui-api, each from
 * its built Quarkus jar as a child process on free loopback ports, data and logs under {@code
 * target/browser-it/<run>/}. A second ui-api runs in OIDC mode against {@link TestOidcProvider}
 * (the core accepts both that provider's tokens and its local admin token).
 *
 * <p>Telemetry: {@link ShopTelemetry} sends a backdated normal baseline through the agent, then
 * live traffic with a fault at {@code payment}; the RCA service's loop (baseline and settle
 * shortened, see {@link #RCA_OPTIONS}) opens an incident on the fault's first clear minute, stores
 * its finding through the core and ranks it again every minute. {@link #awaitFinding} waits for it.
 */
final class MiradorStack implements AutoCloseable {
  static final String TENANT = "demo";
  static final String OTHER_TENANT = "other";

  /**
   * Minutes of normal traffic before the fault: the service page's last hour and at least five
   * minutes of the hour before it, which anomaly scoring needs for its markers.
   */
  static final int BASELINE_MINUTES = 75;

  static final int ORDERS_PER_MINUTE = 20;

  /**
   * The detection loop's settings for the test (defaults in mirador-rca/service README): a one-hour
   * baseline of which 20 minutes must have data (default 3 h / 30), and minutes evaluated as soon
   * as they end (default: one minute later), so the first finding appears about three minutes after
   * the fault starts instead of four.
   */
  static final List<String> RCA_OPTIONS =
      List.of(
          "-Dmirador.rca.detection.baseline=1h",
          "-Dmirador.rca.detection.min-baseline-minutes=20",
          "-Dmirador.rca.detection.settle=0s");

  /** XSS payloads sent as a span name, attribute values, an event name and log bodies. */
  static final List<String> XSS_PAYLOADS =
      List.of(
          "<script>window.__xss=1;fetch('http://xss-probe.invalid/s')</script>",
          "<img src=\"http://xss-probe.invalid/i.png\" onerror=\"window.__xss=2\">",
          "\"><svg onload=\"window.__xss=3\"></svg>",
          "javascript:window.__xss=4");

  /** The OIDC ui-api's idle timeout: short, so that a test can let a session expire. */
  static final Duration OIDC_UI_IDLE_TIMEOUT = Duration.ofSeconds(40);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Duration READY = Duration.ofSeconds(240);

  private final Path runDir;
  private final List<ChildApp> apps = new ArrayList<>();
  private TestOidcProvider oidc;
  private ShopTelemetry shop;
  private int coreHttp;
  private int agentHttp;
  private int rcaHttp;
  private int uiHttp;
  private int uiOidcHttp;
  private Path tokenFile;
  private Instant faultStart;
  private String hostileTraceId;
  private boolean closed;
  private boolean attached;

  private MiradorStack(Path runDir) {
    this.runDir = runDir;
  }

  /** The repository root (Failsafe sets {@code mirador.root}). */
  static Path root() {
    return Path.of(System.getProperty("mirador.root", "..")).toAbsolutePath().normalize();
  }

  /** This module's directory. */
  static Path module() {
    return root().resolve("mirador-ui-api");
  }

  static MiradorStack start() throws Exception {
    Path runDir =
        module()
            .resolve("target/browser-it")
            .resolve(
                "run-"
                    + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .format(java.time.LocalDateTime.now()));
    Files.createDirectories(runDir);
    MiradorStack stack = new MiradorStack(runDir);
    // A test JVM that is killed still stops its children.
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "mirador-browser-stack-stop"));
    try {
      stack.startAll();
      return stack;
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
  }

  private void startAll() throws Exception {
    Path root = root();
    // Private copies: other builds of this checkout may repackage the apps while the tests run.
    Path coreJar = copyApp(root.resolve("mirador-core/service/target/quarkus-app"), "core-app");
    Path agentJar = copyApp(root.resolve("mirador-agent/target/quarkus-app"), "agent-app");
    Path rcaJar = copyApp(root.resolve("mirador-rca/service/target/quarkus-app"), "rca-app");
    Path uiJar = copyApp(module().resolve("target/quarkus-app"), "ui-app");

    oidc = new TestOidcProvider();
    Path data = runDir.resolve("data");
    Path config = runDir.resolve("mirador-core.yaml");
    Files.writeString(
        config,
        """
        region: local
        dataDir: data
        regions:
          local: {storage: {type: embedded}}
        tenants:
          - id: %s
            region: local
            retention: {traces: 7, logs: 7, metrics: 30}
          - id: %s
            region: local
        """
            .formatted(TENANT, OTHER_TENANT));
    coreHttp = ChildApp.freePort();
    int coreGrpc = ChildApp.freePort();
    Map<String, String> coreEnv = new HashMap<>();
    coreEnv.put("MIRADOR_CONFIG", config.toString());
    coreEnv.put("MIRADOR_DATA_DIR", data.resolve("core").toString());
    coreEnv.put("MIRADOR_HTTP_PORT", Integer.toString(coreHttp));
    coreEnv.put("MIRADOR_GRPC_PORT", Integer.toString(coreGrpc));
    coreEnv.put("MIRADOR_OIDC_ENABLED", "true");
    coreEnv.put("MIRADOR_OIDC_URL", oidc.issuer());
    coreEnv.put("MIRADOR_OIDC_ISSUER", oidc.issuer());
    coreEnv.put("MIRADOR_OIDC_AUDIENCE", TestOidcProvider.CORE_AUDIENCE);
    coreEnv.put("MIRADOR_LOCAL_TOKEN", "on");
    apps.add(
        ChildApp.start(
                "core",
                coreJar,
                List.of(
                    "--enable-native-access=ALL-UNNAMED",
                    "-Dmirador.chdb.library=" + chdbLibrary(),
                    "-Xmx1g",
                    "-XX:+UseParallelGC",
                    "-XX:ParallelGCThreads=2"),
                coreEnv,
                runDir)
            .awaitReady(URI.create(coreUrl() + "/q/health/ready"), READY));
    tokenFile = data.resolve("core/local-admin.token");

    Path agentDir = data.resolve("agent");
    Files.createDirectories(agentDir);
    agentHttp = ChildApp.freePort();
    Path agentConfig = agentDir.resolve("agent.yaml");
    Files.writeString(
        agentConfig,
        String.join(
            "\n",
            "agent: {id: browser-it-agent, tenant: " + TENANT + ", dataDir: \"" + agentDir + "\"}",
            "receivers:",
            "  grpc: {host: 127.0.0.1, port: " + ChildApp.freePort() + "}",
            "  http: {host: 127.0.0.1, port: " + agentHttp + "}",
            "core:",
            "  endpoints: [\"127.0.0.1:" + coreGrpc + "\"]",
            "  publicKeyFile: \"" + data.resolve("core/keys/core-public.json") + "\"",
            ""));
    apps.add(
        ChildApp.start(
                "agent",
                agentJar,
                List.of("-Xmx192m", "-XX:+UseSerialGC"),
                Map.of("MIRADOR_AGENT_CONFIG", agentConfig.toString(), "MALLOC_ARENA_MAX", "2"),
                runDir)
            .awaitReady(URI.create(agentUrl() + "/q/health/live"), READY));
    registerAgent(agentDir);

    // A normal baseline, backdated, then live traffic with the fault at payment.
    Instant now = Instant.now();
    Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
    Instant baselineStart = minute.minus(Duration.ofMinutes(BASELINE_MINUTES));
    shop = new ShopTelemetry(agentUrl(), baselineStart);
    shop.baseline(baselineStart, minute, ORDERS_PER_MINUTE);
    hostileTraceId = shop.hostileTrace(minute.minus(Duration.ofMinutes(7)), XSS_PAYLOADS);
    waitForFaultSecond();
    faultStart = Instant.now();
    shop.fault(true);
    shop.live(ORDERS_PER_MINUTE);

    rcaHttp = ChildApp.freePort();
    List<String> rcaJvm = new ArrayList<>(List.of("-Xmx384m", "-XX:+UseSerialGC"));
    rcaJvm.addAll(RCA_OPTIONS);
    apps.add(
        ChildApp.start(
                "rca",
                rcaJar,
                rcaJvm,
                Map.of(
                    "MIRADOR_CORE_URL", coreUrl(),
                    "MIRADOR_RCA_HTTP_PORT", Integer.toString(rcaHttp),
                    "MIRADOR_RCA_TOKEN_FILE", tokenFile.toString(),
                    "MIRADOR_RCA_TENANTS", TENANT),
                runDir)
            .awaitReady(URI.create(rcaUrl() + "/q/health/ready"), READY));

    if (!Boolean.getBoolean("browser-it.skip-ui")) {
      uiHttp = ChildApp.freePort();
      apps.add(
          ChildApp.start(
                  "ui-api",
                  uiJar,
                  List.of("-Xmx256m", "-XX:+UseSerialGC"),
                  uiEnv(uiHttp, false),
                  runDir)
              .awaitReady(URI.create(uiUrl() + "/q/health/ready"), READY));
      uiOidcHttp = ChildApp.freePort();
      apps.add(
          ChildApp.start(
                  "ui-api-oidc",
                  uiJar,
                  List.of("-Xmx256m", "-XX:+UseSerialGC"),
                  uiEnv(uiOidcHttp, true),
                  runDir)
              .awaitReady(URI.create(uiOidcUrl() + "/q/health/ready"), READY));
    }
    writeDescriptor();
  }

  /**
   * With {@code -Dbrowser-it.fault-second=S} (0-59), waits until second S of a minute before the
   * fault and the live traffic start: the first minute the loop ranks then holds only the calls of
   * the minute's last 60 - S seconds. 54 reproduces the clean-clone CI run of 2026-12-07 06:26,
   * where the incident opened on two slow calls of which none failed (the shop's seeded random
   * fails the 4th and 5th faulty calls first), so its first ranking had no error example.
   */
  private static void waitForFaultSecond() throws InterruptedException {
    String second = System.getProperty("browser-it.fault-second", "");
    if (second.isBlank()) {
      return;
    }
    int s = Integer.parseInt(second.strip());
    if (s < 0 || s > 59) {
      throw new IllegalArgumentException("browser-it.fault-second must be 0 to 59, got " + s);
    }
    Instant now = Instant.now();
    Instant at = now.truncatedTo(ChronoUnit.MINUTES).plusSeconds(s);
    if (at.isBefore(now)) {
      at = at.plus(Duration.ofMinutes(1));
    }
    Thread.sleep(Duration.between(now, at));
  }

  /**
   * Writes {@code stack.properties} into the run directory: what {@link #attach} needs to run the
   * browser tests against this stack from another JVM while it keeps running (development: {@code
   * -Dbrowser-it.attach=<run dir>/stack.properties}).
   */
  private void writeDescriptor() throws IOException {
    Path key = runDir.resolve("data/oidc-test-key");
    oidc.writeKey(key);
    java.util.Properties p = new java.util.Properties();
    p.setProperty("runDir", runDir.toString());
    p.setProperty("coreHttp", Integer.toString(coreHttp));
    p.setProperty("agentHttp", Integer.toString(agentHttp));
    p.setProperty("rcaHttp", Integer.toString(rcaHttp));
    p.setProperty("uiHttp", Integer.toString(uiHttp));
    p.setProperty("uiOidcHttp", Integer.toString(uiOidcHttp));
    p.setProperty("tokenFile", tokenFile.toString());
    p.setProperty("faultStart", faultStart.toString());
    p.setProperty("hostileTraceId", hostileTraceId);
    p.setProperty("oidcPort", Integer.toString(oidc.port()));
    p.setProperty("oidcKey", key.toString());
    try (var out = Files.newBufferedWriter(runDir.resolve("stack.properties"))) {
      p.store(out, "MiradorStack of a browser test run");
    }
  }

  /** A stack another JVM started and keeps running (see {@link #writeDescriptor}); not closed. */
  static MiradorStack attach(Path descriptor) throws IOException {
    java.util.Properties p = new java.util.Properties();
    try (var in = Files.newBufferedReader(descriptor)) {
      p.load(in);
    }
    MiradorStack stack = new MiradorStack(Path.of(p.getProperty("runDir")));
    stack.attached = true;
    stack.coreHttp = Integer.parseInt(p.getProperty("coreHttp"));
    stack.agentHttp = Integer.parseInt(p.getProperty("agentHttp"));
    stack.rcaHttp = Integer.parseInt(p.getProperty("rcaHttp"));
    stack.uiHttp = Integer.parseInt(p.getProperty("uiHttp"));
    stack.uiOidcHttp = Integer.parseInt(p.getProperty("uiOidcHttp"));
    stack.tokenFile = Path.of(p.getProperty("tokenFile"));
    stack.faultStart = Instant.parse(p.getProperty("faultStart"));
    stack.hostileTraceId = p.getProperty("hostileTraceId");
    stack.oidc =
        TestOidcProvider.attach(
            Integer.parseInt(p.getProperty("oidcPort")), Path.of(p.getProperty("oidcKey")));
    return stack;
  }

  /** Whether this stack runs in another JVM ({@link #attach}). */
  boolean attached() {
    return attached;
  }

  /** The ui-api's settings (mirador-ui-api/README.md, configuration). */
  private Map<String, String> uiEnv(int port, boolean oidcMode) {
    Map<String, String> env = new HashMap<>();
    env.put("MIRADOR_UI_HTTP_HOST", "127.0.0.1");
    env.put("MIRADOR_UI_HTTP_PORT", Integer.toString(port));
    env.put("MIRADOR_CORE_URL", coreUrl());
    env.put("MIRADOR_RCA_URL", rcaUrl());
    env.put("MIRADOR_UI_DATA_DIR", uiDataDir(oidcMode).toString());
    if (oidcMode) {
      env.put("MIRADOR_UI_OIDC_ENABLED", "true");
      env.put("MIRADOR_UI_SESSION_IDLE_TIMEOUT", OIDC_UI_IDLE_TIMEOUT.toSeconds() + "s");
      env.put("MIRADOR_UI_OIDC_URL", oidc.issuer());
      env.put("MIRADOR_UI_OIDC_ISSUER", oidc.issuer());
      env.put("MIRADOR_UI_OIDC_CLIENT_ID", TestOidcProvider.UI_CLIENT_ID);
      env.put("MIRADOR_UI_OIDC_CLIENT_SECRET_FILE", clientSecretFile().toString());
    } else {
      env.put("MIRADOR_UI_LOCAL_TOKEN_FILE", tokenFile.toString());
    }
    return env;
  }

  /** The ui-api's OIDC client secret (0600); the test provider does not check it. */
  private Path clientSecretFile() {
    Path file = runDir.resolve("data/ui-oidc-client-secret");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          java.util.HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(16)));
      Files.setPosixFilePermissions(
          file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return file;
  }

  private Path uiDataDir(boolean oidcMode) {
    return runDir.resolve("data").resolve(oidcMode ? "ui-oidc" : "ui");
  }

  /**
   * A fresh one-time login link of the local-mode ui-api. The ui-api keeps one valid code and
   * writes its link to a file; deleting the file makes it mint a new one (what {@code ./mirador
   * login-link} does), which replaces the old. So: delete, wait for the new file, read it.
   */
  String takeLoginLink() throws IOException, InterruptedException {
    Path file = uiDataDir(false).resolve("login-link");
    Files.deleteIfExists(file);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (Files.isRegularFile(file)) {
        String link = Files.readString(file).strip();
        if (!link.isEmpty()) {
          return link;
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the ui-api wrote no new login link to " + file);
  }

  /** Waits until the RCA service has stored a finding for the tenant; returns it (core JSON). */
  JsonNode awaitFinding(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode page =
          coreGet(
              "/api/v1/tenants/"
                  + TENANT
                  + "/findings?from="
                  + faultStart.minus(Duration.ofHours(2))
                  + "&to="
                  + Instant.now().plus(Duration.ofMinutes(5)));
      if (page.path("items").size() > 0) {
        return page.path("items").get(0);
      }
      for (ChildApp app : apps) {
        if (!app.alive()) {
          throw new IllegalStateException(app.name() + " died; see " + app.log());
        }
      }
      Thread.sleep(5000);
    }
    throw new IllegalStateException(
        "no finding within "
            + timeout.toSeconds()
            + " s of the fault; see "
            + runDir.resolve("rca.log"));
  }

  /** GET on the core's API with the local admin token. */
  JsonNode coreGet(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(coreUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + adminToken())
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "core GET " + pathAndQuery.replaceAll("\\?.*", "") + " -> " + r.statusCode());
    }
    return JSON.readTree(r.body());
  }

  /** POST JSON on the core's API with the local admin token; returns the status. */
  int corePost(String path, String json) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(coreUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  String adminToken() throws IOException {
    return Files.readString(tokenFile).strip();
  }

  String coreUrl() {
    return "http://127.0.0.1:" + coreHttp;
  }

  String agentUrl() {
    return "http://127.0.0.1:" + agentHttp;
  }

  String rcaUrl() {
    return "http://127.0.0.1:" + rcaHttp;
  }

  String uiUrl() {
    return "http://127.0.0.1:" + uiHttp;
  }

  String uiOidcUrl() {
    return "http://127.0.0.1:" + uiOidcHttp;
  }

  boolean uiRunning() {
    return uiHttp != 0;
  }

  TestOidcProvider oidc() {
    return oidc;
  }

  ShopTelemetry shop() {
    return shop;
  }

  Instant faultStart() {
    return faultStart;
  }

  String hostileTraceId() {
    return hostileTraceId;
  }

  Path runDir() {
    return runDir;
  }

  @Override
  public synchronized void close() {
    if (closed || attached) {
      return;
    }
    closed = true;
    if (shop != null) {
      shop.close();
    }
    for (int i = apps.size() - 1; i >= 0; i--) {
      apps.get(i).close();
    }
    if (oidc != null) {
      oidc.close();
    }
    // The apps' copies (160 MB); the logs and the data stay for a look after a failure.
    for (String copy : List.of("core-app", "agent-app", "rca-app", "ui-app")) {
      try (Stream<Path> paths = Files.walk(runDir.resolve(copy))) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | java.io.UncheckedIOException e) {
        // absent (start failed before the copy) or already gone
      }
    }
  }

  private void registerAgent(Path agentDir) throws Exception {
    Path pub = agentDir.resolve("agent.pub");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(pub) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    String[] idAndKey = Files.readString(pub).trim().split("\\s+");
    int status =
        corePost(
            "/api/v1/admin/agents",
            JSON.createObjectNode()
                .put("tenant", TENANT)
                .put("agentId", idAndKey[0])
                .put("publicKey", idAndKey[1])
                .toString());
    if (status != 200 && status != 201) {
      throw new IllegalStateException("registering the agent failed: HTTP " + status);
    }
  }

  private Path copyApp(Path app, String name) throws IOException {
    if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
      throw new IllegalStateException(
          app + " is not packaged: build it first (./mvnw -pl <module> package -DskipTests)");
    }
    Path to = runDir.resolve(name);
    try (Stream<Path> paths = Files.walk(app)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(app.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to.resolve("quarkus-run.jar");
  }

  private static String chdbLibrary() {
    String configured = System.getProperty("mirador.chdb.library");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    return Path.of(
            System.getProperty("user.home"), ".cache/mirador/chdb/26.7.3-stable.1/libchdb.so")
        .toString();
  }
}
