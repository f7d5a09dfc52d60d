package io.mirador.ui;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real core, started from its built jar as {@code ./mirador up} starts it (embedded store, the
 * demo configuration), on free loopback ports and a temporary data directory.
 */
final class CoreProcess implements AutoCloseable {
  private final Process process;
  private final Path data;
  private final int httpPort;
  private final Path log;

  private CoreProcess(Process process, Path data, int httpPort, Path log) {
    this.process = process;
    this.data = data;
    this.httpPort = httpPort;
    this.log = log;
  }

  static Path root() {
    return Path.of(System.getProperty("mirador.root", "..")).toAbsolutePath().normalize();
  }

  static Path runJar() {
    return root().resolve("mirador-core/service/target/quarkus-app/quarkus-run.jar");
  }

  static CoreProcess start(Map<String, String> extraEnvironment) throws Exception {
    Path jar = runJar();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("the core is not built: " + jar + " is missing");
    }
    Path data = Files.createTempDirectory("mirador-ui-core-");
    int http = freePort();
    int grpc = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    String chdb = System.getProperty("mirador.chdb.library");
    if (chdb != null) {
      command.add("-Dmirador.chdb.library=" + chdb);
    }
    command.add("-Xmx1g");
    command.add("-jar");
    command.add(jar.toString());
    Path log = data.resolve("core.log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder
        .environment()
        .put("MIRADOR_CONFIG", root().resolve("config/mirador-core.yaml").toString());
    builder.environment().put("MIRADOR_DATA_DIR", data.resolve("core").toString());
    builder.environment().put("MIRADOR_HTTP_PORT", Integer.toString(http));
    builder.environment().put("MIRADOR_GRPC_PORT", Integer.toString(grpc));
    builder.environment().putAll(extraEnvironment);
    CoreProcess core = new CoreProcess(builder.start(), data, http, log);
    try {
      core.awaitReady(Duration.ofSeconds(120));
    } catch (Exception e) {
      core.close();
      throw e;
    }
    return core;
  }

  String url() {
    return "http://127.0.0.1:" + httpPort;
  }

  Path tokenFile() {
    return data.resolve("core/local-admin.token");
  }

  private void awaitReady(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the core exited with " + process.exitValue() + ": " + tail());
      }
      try {
        int status =
            http.send(
                    HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the core was not ready in " + timeout + ": " + tail());
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
