package io.mirador.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirador.crypto.X25519PublicKey;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The packaged core ({@code java -jar target/quarkus-app/quarkus-run.jar}) as a child process, for
 * the ITs that crash, kill or restart it or read what it prints: a directory of its own under
 * {@code target/} with a configuration on the embedded store (data in {@code data/}), two free
 * ports, and the wait for {@code /q/health/ready}. One instance serves every start of the same core
 * (same directory, configuration and ports), as a restart on the same data needs.
 *
 * <p>Public only because the ITs live in sub-packages; nothing outside the test tree uses it.
 */
public final class ChildCore {
  public static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();

  /** How long a start may take on a loaded build machine before the IT gives up. */
  private static final long READY_SECONDS = 180;

  private static final Duration READY_POLL = Duration.ofMillis(250);
  private static final SecureRandom RANDOM = new SecureRandom();

  public final Path dir;
  public final Path config;
  public final int http;
  public final int grpc;

  private ChildCore(Path dir, Path config, int http, int grpc) {
    this.dir = dir;
    this.config = config;
    this.http = http;
    this.grpc = grpc;
  }

  /**
   * A new directory {@code target/<prefix>-<random hex>} holding {@code mirador-core.yaml}: one
   * region on the embedded store and one tenant, whose agents are given as id to public key (none:
   * no {@code agents} entry).
   */
  public static ChildCore create(String prefix, String tenant, Map<String, X25519PublicKey> agents)
      throws IOException {
    Path dir =
        Path.of("target/" + prefix + "-" + HexFormat.of().formatHex(RANDOM.generateSeed(4)))
            .toAbsolutePath();
    Files.createDirectories(dir);
    Path config = dir.resolve("mirador-core.yaml");
    StringBuilder yaml =
        new StringBuilder(
            """
            region: local
            dataDir: data
            regions:
              local: {storage: {type: embedded}}
            tenants:
            """);
    yaml.append("  - id: ").append(tenant).append('\n');
    yaml.append("    region: local\n");
    if (!agents.isEmpty()) {
      yaml.append("    agents: [")
          .append(
              agents.entrySet().stream()
                  .map(
                      a ->
                          "{id: "
                              + a.getKey()
                              + ", publicKey: \""
                              + Base64.getEncoder().encodeToString(a.getValue().bytes())
                              + "\"}")
                  .collect(Collectors.joining(", ")))
          .append("]\n");
    }
    Files.writeString(config, yaml);
    return new ChildCore(dir, config, freePort(), freePort());
  }

  /**
   * {@code java … -jar quarkus-run.jar} with the given maximum heap ({@code -Xmx}) and system
   * properties ({@code name=value}, each passed as {@code -Dname=value}).
   */
  public static List<String> command(String maxHeap, String... properties) {
    assertThat(JAR).as("the core is packaged before the ITs run").exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Dmirador.chdb.library=" + System.getProperty("mirador.chdb.library"));
    command.add("-Xmx" + maxHeap);
    for (String property : properties) {
      command.add("-D" + property);
    }
    command.add("-jar");
    command.add(JAR.toString());
    return command;
  }

  /**
   * Points the child at this configuration and these ports; an inherited {@code MIRADOR_DATA_DIR}
   * would override the configuration's data directory, so it is removed.
   */
  public void environment(ProcessBuilder builder) {
    builder.environment().put("MIRADOR_CONFIG", config.toString());
    builder.environment().put("MIRADOR_HTTP_PORT", Integer.toString(http));
    builder.environment().put("MIRADOR_GRPC_PORT", Integer.toString(grpc));
    builder.environment().remove("MIRADOR_DATA_DIR");
  }

  /** {@code core-<name>.log} in the directory: where {@link #start} writes that start's output. */
  public Path log(String name) {
    return dir.resolve("core-" + name + ".log");
  }

  /**
   * Starts the core with a 768 MiB heap and the given system properties, its output in {@link
   * #log}, and returns it once ready; a core that does not get ready is killed.
   */
  public Process start(String name, String... properties) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command("768m", properties))
            .redirectErrorStream(true)
            .redirectOutput(log(name).toFile());
    environment(builder);
    Process process = builder.start();
    try {
      awaitReady(process, log(name));
      return process;
    } catch (RuntimeException | InterruptedException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /**
   * Waits until the core answers 200 on {@code /q/health/ready} and returns that answer (for its
   * headers). Fails, naming {@code log} (never quoting it: it may hold the local token), when the
   * process exits first or after 180 s; the caller stops the process.
   */
  public HttpResponse<Void> awaitReady(Process process, Path log) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("core exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<Void> ready =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() == 200) {
          return ready;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(READY_POLL);
    }
    throw new IllegalStateException("core not ready in " + READY_SECONDS + " s; see " + log);
  }

  /** The local admin token, from the 0600 file the core writes under its data directory. */
  public String localToken() throws IOException {
    return Files.readString(dir.resolve("data/local-admin.token")).strip();
  }

  /** GET {@code path} on the core's HTTP port with {@code token}; asserts 200, returns the JSON. */
  public JsonNode get(String token, String path) throws IOException, InterruptedException {
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

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
