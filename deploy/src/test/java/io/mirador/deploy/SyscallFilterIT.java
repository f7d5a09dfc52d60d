package io.mirador.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The units' {@code SystemCallFilter=} against the real apps: each packaged app runs under a
 * seccomp filter that allows exactly what its unit's filter allows (systemd's own group
 * definitions, expanded) and kills the process on any other system call. The core opens its
 * embedded store, answers queries and OTLP, and shuts down; the agent takes a span through
 * redaction, sealing and its fsynced encrypted queue; RCA and UI start and answer. A refused call
 * would end the app with SIGSYS. This is what the units' filter does under systemd, measured here
 * without systemd (these machines do not run it).
 */
final class SyscallFilterIT {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final int SIGTERM_EXIT = 143;

  private static Path filter;
  private static SystemCallGroups groups;

  @TempDir Path tmp;

  @BeforeAll
  static void tools() {
    Optional<Path> systemdAnalyze = ExternalTool.find("systemd-analyze");
    assumeTrue(
        systemdAnalyze.isPresent(), "systemd-analyze is not installed: no group definitions");
    assumeTrue(
        Files.isRegularFile(Path.of("/usr/include/seccomp.h")),
        "libseccomp's header is not installed (Debian: libseccomp-dev): filter not applied");
    StringBuilder why = new StringBuilder();
    Optional<Path> binary = NativeHelper.compile("syscall-filter", List.of("seccomp"), why);
    assumeTrue(binary.isPresent(), why.toString());
    filter = binary.get();
    groups = SystemCallGroups.load(systemdAnalyze.get());
  }

  private static Path app(String dir) {
    Path jar = DeployTree.repository().resolve(dir).resolve("target/quarkus-app/quarkus-run.jar");
    assumeTrue(Files.isRegularFile(jar), jar + " is not built: package " + dir + " first");
    return jar;
  }

  /** The allow-list of {@code mirador-<app>.service.in}, written to a file for the helper. */
  private Path allowList(String app) throws IOException {
    UnitFile unit = UnitFile.parse(DeployTree.read(UnitTemplates.template(app)));
    Set<String> allowed = groups.allowList(unit.values("Service", "SystemCallFilter"));
    assertThat(allowed)
        .contains("read", "write", "mmap", "futex")
        .doesNotContain("chown", "setuid", "reboot");
    Path file = tmp.resolve(app + ".allow");
    Files.write(file, allowed);
    return file;
  }

  private List<String> command(String app, Path jar, String... jvmOptions) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(filter.toString());
    command.add(allowList(app).toString());
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:-UsePerfData");
    command.addAll(List.of(jvmOptions));
    command.add("-jar");
    command.add(jar.toString());
    return command;
  }

  @Test
  void theCoreRunsTheEmbeddedStoreUnderItsUnitsFilter() throws Exception {
    String library = System.getProperty("mirador.chdb.library", "");
    assumeTrue(!library.isBlank() && Files.isRegularFile(Path.of(library)), "no libchdb.so");
    Path jar = app("mirador-core/service");
    int http = AppProcess.freePort();
    int grpc = AppProcess.freePort();
    Path data = tmp.resolve("core-data");
    Path config = tmp.resolve("core.yaml");
    Files.copy(DeployTree.module().resolve("src/test/resources/syscall-filter-core.yaml"), config);
    try (AppProcess core =
        AppProcess.start(
            "core",
            command(
                "core",
                jar,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx1g",
                "-XX:+UseParallelGC",
                "-Dmirador.chdb.library=" + library),
            Map.of(
                "MIRADOR_CONFIG", config.toString(),
                "MIRADOR_DATA_DIR", data.toString(),
                "MIRADOR_HTTP_PORT", Integer.toString(http),
                "MIRADOR_GRPC_PORT", Integer.toString(grpc)),
            tmp.resolve("core.log"))) {
      // Ready means the keyring is loaded and the embedded store answers.
      core.awaitOk(URI.create("http://127.0.0.1:" + http + "/q/health/ready"), START_TIMEOUT);
      String token = Files.readString(data.resolve("local-admin.token")).strip();
      HttpResponse<String> services =
          AppProcess.HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + http + "/api/v1/tenants/demo/services"))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(services.statusCode()).as(services.body()).isEqualTo(200);
      assertThat(core.stop()).as(core.tail()).isEqualTo(SIGTERM_EXIT);
    }
  }

  @Test
  void theAgentQueuesASpanUnderItsUnitsFilter() throws Exception {
    Path jar = app("mirador-agent");
    int grpc = AppProcess.freePort();
    int http = AppProcess.freePort();
    int nobody =
        AppProcess.freePort(); // the core's endpoint: nothing listens, the span stays queued
    Path data = tmp.resolve("agent-data");
    byte[] coreKey = new byte[32];
    ThreadLocalRandom.current().nextBytes(coreKey);
    Path config = tmp.resolve("agent.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "agent: {id: filter-test, tenant: demo, dataDir: \"" + data + "\"}",
            "receivers:",
            "  grpc: {host: 127.0.0.1, port: " + grpc + "}",
            "  http: {host: 127.0.0.1, port: " + http + "}",
            "core:",
            "  endpoints: [\"127.0.0.1:" + nobody + "\"]",
            "  keyId: test-key",
            "  publicKey: \"" + Base64.getEncoder().encodeToString(coreKey) + "\"",
            ""));
    try (AppProcess agent =
        AppProcess.start(
            "agent",
            command("agent", jar, "-Xmx192m", "-XX:+UseSerialGC"),
            Map.of("MIRADOR_AGENT_CONFIG", config.toString(), "MALLOC_ARENA_MAX", "2"),
            tmp.resolve("agent.log"))) {
      agent.awaitOk(URI.create("http://127.0.0.1:" + http + "/q/health/live"), START_TIMEOUT);
      HexFormat hex = HexFormat.of();
      byte[] traceId = new byte[16];
      byte[] spanId = new byte[8];
      ThreadLocalRandom.current().nextBytes(traceId);
      ThreadLocalRandom.current().nextBytes(spanId);
      String span =
          """
          {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"filter-test"}}]},
           "scopeSpans":[{"spans":[{"traceId":"%s","spanId":"%s","name":"op","kind":2,
           "startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000001000000000"}]}]}]}
          """
              .formatted(hex.formatHex(traceId), hex.formatHex(spanId));
      HttpResponse<String> r =
          AppProcess.HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/v1/traces"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(span))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      // Accepted means sealed and written to an fsynced queue segment.
      try (Stream<Path> segments = Files.list(data.resolve("queue"))) {
        assertThat(segments.filter(p -> !p.toString().endsWith(".tmp"))).isNotEmpty();
      }
      assertThat(agent.stop()).as(agent.tail()).isEqualTo(SIGTERM_EXIT);
    }
  }

  @Test
  void theRcaServiceAndTheUiStartUnderTheirUnitsFilters() throws Exception {
    int nobody = AppProcess.freePort();
    int rcaPort = AppProcess.freePort();
    try (AppProcess rca =
        AppProcess.start(
            "rca",
            command("rca", app("mirador-rca/service"), "-Xmx512m"),
            Map.of(
                "MIRADOR_CORE_URL",
                "http://127.0.0.1:" + nobody,
                "MIRADOR_RCA_HTTP_PORT",
                Integer.toString(rcaPort)),
            tmp.resolve("rca.log"))) {
      rca.awaitOk(URI.create("http://127.0.0.1:" + rcaPort + "/q/health/live"), START_TIMEOUT);
      assertThat(rca.stop()).as(rca.tail()).isEqualTo(SIGTERM_EXIT);
    }
    int uiPort = AppProcess.freePort();
    try (AppProcess ui =
        AppProcess.start(
            "ui",
            command("ui", app("mirador-ui-api"), "-Xmx256m"),
            Map.of(
                "MIRADOR_CORE_URL",
                "http://127.0.0.1:" + nobody,
                "MIRADOR_RCA_URL",
                "http://127.0.0.1:" + nobody,
                "MIRADOR_UI_HTTP_PORT",
                Integer.toString(uiPort),
                "MIRADOR_UI_DATA_DIR",
                tmp.resolve("ui-data").toString()),
            tmp.resolve("ui.log"))) {
      ui.awaitOk(URI.create("http://127.0.0.1:" + uiPort + "/q/health/live"), START_TIMEOUT);
      assertThat(ui.stop()).as(ui.tail()).isEqualTo(SIGTERM_EXIT);
    }
  }
}
