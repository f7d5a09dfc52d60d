package io.mirador.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jlinked runtimes, tested the only way that proves a module list: every app of the built
 * bundles started from the unpacked bundle on the bundle's own runtime. The core must open the
 * embedded store (its readiness includes the store), the RCA service and the UI must come up
 * against it, and the agent, on the agent bundle's smaller runtime, must accept an OTLP request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BundledRuntimeIT {
  private static final Duration READY = Duration.ofSeconds(180);
  @TempDir static Path dir;
  private Path appliance;
  private Path agent;
  private final List<Process> started = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void unpack() throws Exception {
    Path a = BundleContentIT.bundle("mirador.bundle.appliance");
    Path g = BundleContentIT.bundle("mirador.bundle.agent");
    Tarball.extract(a, dir.resolve("appliance"));
    Tarball.extract(g, dir.resolve("agent"));
    appliance = only(dir.resolve("appliance"));
    agent = only(dir.resolve("agent"));
  }

  @AfterAll
  void stop() throws InterruptedException {
    for (Process p : started.reversed()) {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void eachRuntimeRunsAndHasExactlyItsModules() throws Exception {
    for (Path top : List.of(appliance, agent)) {
      Tarball.Result version =
          Tarball.run(top, top.resolve("runtime/bin/java").toString(), "-version");
      assertThat(version.exit()).as(version.output()).isZero();
      assertThat(version.output()).contains("25.");
      Tarball.Result list =
          Tarball.run(top, top.resolve("runtime/bin/java").toString(), "--list-modules");
      assertThat(list.exit()).isZero();
      Set<String> modules = new TreeSet<>();
      list.output()
          .lines()
          .map(l -> l.replaceAll("@.*", "").strip())
          .filter(l -> !l.isEmpty())
          .forEach(modules::add);
      assertThat(modules)
          .contains(
              "java.base",
              "java.logging",
              "java.management",
              "java.naming",
              "java.sql",
              "java.xml",
              "jdk.unsupported",
              "jdk.management",
              "jdk.zipfs",
              "jdk.charsets",
              "jdk.naming.dns",
              "jdk.crypto.ec")
          .doesNotContain("jdk.compiler", "jdk.jshell", "jdk.jlink", "jdk.jdi");
      String release = Files.readString(top.resolve("runtime/release"));
      assertThat(release).contains("JAVA_VERSION=\"25.");
    }
    assertThat(modules(appliance)).contains("java.desktop", "java.net.http");
    assertThat(modules(agent)).doesNotContain("java.desktop");
  }

  @Test
  void everyAppStartsOnTheBundledRuntimeAndTheCoreOpensTheEmbeddedStore() throws Exception {
    Path root = Path.of(System.getProperty("mirador.bundle.root", ".."));
    Path config = root.resolve("config/mirador-core.yaml");
    assumeTrue(Files.isRegularFile(config), "no demo configuration at " + config);
    Path data = dir.resolve("data");
    int coreHttp = freePort();
    int coreGrpc = freePort();
    start(
        "core",
        appliance,
        List.of(
            "--enable-native-access=ALL-UNNAMED",
            "-Dmirador.chdb.library=" + appliance.resolve("lib/chdb/libchdb.so"),
            "-Xmx1g"),
        Map.of(
            "MIRADOR_CONFIG", config.toAbsolutePath().toString(),
            "MIRADOR_DATA_DIR", data.resolve("core").toString(),
            "MIRADOR_HTTP_PORT", Integer.toString(coreHttp),
            "MIRADOR_GRPC_PORT", Integer.toString(coreGrpc)));
    String core = "http://127.0.0.1:" + coreHttp;
    String ready = awaitReady(core + "/q/health/ready", "core");
    assertThat(ready).contains("UP");
    Path token = data.resolve("core/local-admin.token");
    assertThat(token).exists();
    HttpResponse<String> services =
        http.send(
            HttpRequest.newBuilder(URI.create(core + "/api/v1/tenants/demo/services"))
                .header("Authorization", "Bearer " + Files.readString(token).strip())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(services.statusCode()).as(services.body()).isEqualTo(200);

    int rcaPort = freePort();
    start(
        "rca",
        appliance,
        List.of("-Xmx512m"),
        Map.of(
            "MIRADOR_CORE_URL",
            core,
            "MIRADOR_RCA_HTTP_PORT",
            Integer.toString(rcaPort),
            "MIRADOR_RCA_TOKEN_FILE",
            token.toString(),
            "MIRADOR_RCA_TENANTS",
            "demo"));
    awaitReady("http://127.0.0.1:" + rcaPort + "/q/health/ready", "rca");

    int uiPort = freePort();
    start(
        "ui",
        appliance,
        List.of("-Xmx256m"),
        Map.of(
            "MIRADOR_UI_HTTP_PORT", Integer.toString(uiPort),
            "MIRADOR_CORE_URL", core,
            "MIRADOR_RCA_URL", "http://127.0.0.1:" + rcaPort,
            "MIRADOR_UI_LOCAL_TOKEN_FILE", token.toString(),
            "MIRADOR_UI_DATA_DIR", data.resolve("ui").toString()));
    awaitReady("http://127.0.0.1:" + uiPort + "/q/health/ready", "ui");

    // The agent from the agent bundle, on its own (smaller) runtime.
    int otlpHttp = freePort();
    int otlpGrpc = freePort();
    Path agentDir = data.resolve("agent");
    Files.createDirectories(agentDir);
    Path agentConfig = agentDir.resolve("agent.yaml");
    Files.writeString(
        agentConfig,
        String.join(
            "\n",
            "agent: {id: runtime-it, tenant: demo, dataDir: \"" + agentDir + "\"}",
            "receivers:",
            "  grpc: {host: 127.0.0.1, port: " + otlpGrpc + "}",
            "  http: {host: 127.0.0.1, port: " + otlpHttp + "}",
            "core:",
            "  endpoints: [\"127.0.0.1:" + coreGrpc + "\"]",
            "  publicKeyFile: \"" + data.resolve("core/keys/core-public.json") + "\"",
            ""));
    start(
        "agent",
        agent,
        List.of("-Xmx192m", "-XX:+UseSerialGC"),
        Map.of("MIRADOR_AGENT_CONFIG", agentConfig.toString()));
    String agentUrl = "http://127.0.0.1:" + otlpHttp;
    awaitReady(agentUrl + "/q/health/live", "agent");
    HttpResponse<String> accepted =
        http.send(
            HttpRequest.newBuilder(URI.create(agentUrl + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0]))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
  }

  private void start(String app, Path top, List<String> jvm, Map<String, String> env)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(top.resolve("runtime/bin/java").toString());
    command.addAll(jvm);
    command.add("-jar");
    command.add(top.resolve("apps/" + app + "/quarkus-run.jar").toString());
    Path log = dir.resolve(app + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    started.add(pb.start());
  }

  private String awaitReady(String url, String app) throws Exception {
    long deadline = System.nanoTime() + READY.toNanos();
    Process process = started.getLast();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(app + " exited " + process.exitValue() + ":\n" + tail(app));
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return r.body();
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new AssertionError(app + " not ready within " + READY + ":\n" + tail(app));
  }

  private String tail(String app) throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve(app + ".log"), StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static Set<String> modules(Path top) throws IOException {
    String release = Files.readString(top.resolve("runtime/release"));
    String line = release.lines().filter(l -> l.startsWith("MODULES=")).findFirst().orElseThrow();
    return new TreeSet<>(Arrays.asList(line.substring(9, line.length() - 1).split(" ")));
  }

  private static Path only(Path dir) throws IOException {
    try (var l = Files.list(dir)) {
      return l.findFirst().orElseThrow();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
