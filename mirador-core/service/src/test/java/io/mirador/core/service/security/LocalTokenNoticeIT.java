package io.mirador.core.service.security;

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
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The built core as a child process: with standard output redirected to a file (as a service
 * manager or {@code > up.log} does) the local admin token is not in that file, only the path of its
 * 0600 file; under a terminal (a pseudo-terminal from {@code script}) it is printed. Readiness is
 * checked on the instance id the child was given ({@code X-Mirador-Instance}), the header {@code
 * ./mirador up} relies on to know it talks to its own child.
 */
class LocalTokenNoticeIT {
  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void redirectedOutputCarriesTheFilePathNeverTheToken() throws Exception {
    Path dir = newDirectory("redirected");
    Path log = dir.resolve("core.log");
    String instance = HexFormat.of().formatHex(RANDOM.generateSeed(8));
    List<String> command = command(instance);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    int http = environment(builder, dir);
    Process core = builder.start();
    try {
      awaitReady(core, http, instance, log);
      Path tokenFile = dir.resolve("data/local-admin.token");
      String token = Files.readString(tokenFile, StandardCharsets.US_ASCII).strip();
      assertThat(token).hasSize(43);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
          .isEqualTo("rw-------");
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(output).doesNotContain(token).doesNotContain("Authorization: Bearer");
      assertThat(output)
          .contains(" In " + tokenFile + " (mode 0600; not printed: standard output is not a");
    } finally {
      stop(core);
    }
  }

  @Test
  void aTerminalIsShownTheToken() throws Exception {
    Path script = Path.of("/usr/bin/script");
    assumeTrue(
        Files.isExecutable(script), "util-linux script (a pseudo-terminal) is not installed");
    Path dir = newDirectory("terminal");
    Path log = dir.resolve("core.log");
    String instance = HexFormat.of().formatHex(RANDOM.generateSeed(8));
    StringBuilder shell = new StringBuilder("exec");
    for (String part : command(instance)) {
      shell.append(" '").append(part.replace("'", "'\\''")).append('\'');
    }
    // script gives the child a pseudo-terminal as standard input and output and copies what it
    // prints to our pipe, here redirected to a file for the test to read.
    ProcessBuilder builder =
        new ProcessBuilder(script.toString(), "-q", "-f", "-e", "-c", shell.toString(), "/dev/null")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    int http = environment(builder, dir);
    Process core = builder.start();
    try {
      awaitReady(core, http, instance, log);
      String token =
          Files.readString(dir.resolve("data/local-admin.token"), StandardCharsets.US_ASCII)
              .strip();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!Files.readString(log, StandardCharsets.UTF_8).contains(token)
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(Files.readString(log, StandardCharsets.UTF_8))
          .contains("Authorization: Bearer " + token)
          .contains(" Also in " + dir.resolve("data/local-admin.token") + " (mode 0600).");
    } finally {
      stop(core);
    }
  }

  private static List<String> command(String instance) {
    assertThat(JAR).as("the core is packaged before the ITs run").exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Dmirador.chdb.library=" + System.getProperty("mirador.chdb.library"));
    command.add("-Xmx512m");
    command.add("-Dquarkus.http.header.X-Mirador-Instance.value=" + instance);
    command.add("-jar");
    command.add(JAR.toString());
    return command;
  }

  private static Path newDirectory(String name) throws IOException {
    Path dir =
        Path.of(
                "target/token-notice-it-"
                    + name
                    + "-"
                    + HexFormat.of().formatHex(RANDOM.generateSeed(4)))
            .toAbsolutePath();
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("mirador-core.yaml"),
        """
        region: local
        dataDir: data
        regions:
          local: {storage: {type: embedded}}
        tenants:
          - id: notice
            region: local
        """);
    return dir;
  }

  /** Sets the child's configuration and ports; returns its HTTP port. */
  private static int environment(ProcessBuilder builder, Path dir) throws IOException {
    int http = freePort();
    builder.environment().put("MIRADOR_CONFIG", dir.resolve("mirador-core.yaml").toString());
    builder.environment().put("MIRADOR_HTTP_PORT", Integer.toString(http));
    builder.environment().put("MIRADOR_GRPC_PORT", Integer.toString(freePort()));
    builder.environment().remove("MIRADOR_DATA_DIR");
    return http;
  }

  private static void awaitReady(Process process, int http, String instance, Path log)
      throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "core exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      try {
        HttpResponse<Void> ready =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() == 200) {
          Optional<String> id = ready.headers().firstValue("X-Mirador-Instance");
          assertThat(id).as("the instance id the child was given").contains(instance);
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("core not ready in 180 s; see " + log);
  }

  private static void stop(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
