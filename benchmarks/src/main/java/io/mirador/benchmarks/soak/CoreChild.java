package io.mirador.benchmarks.soak;

import io.mirador.benchmarks.LocalCore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged core ({@code mirador-core/service}) as a child process on the embedded store, one
 * tenant, restarted on the same data directory and ports after every fault.
 */
final class CoreChild {
  private static final int READY_SECONDS = 240;

  private final Path dir;
  private final Path jar;
  private final String heap;
  private final String chdbLibrary;
  private final int httpPort;
  private final int grpcPort;
  private Process process;
  private int starts;

  CoreChild(Path dir, Path quarkusApp, String tenant, String heap, String chdbLibrary)
      throws IOException {
    this.dir = dir;
    this.heap = heap;
    this.chdbLibrary = chdbLibrary;
    Files.createDirectories(dir);
    this.jar = ChildProcesses.snapshot(quarkusApp, dir.resolve("app"));
    this.httpPort = LocalCore.freePort();
    this.grpcPort = LocalCore.freePort();
    Files.writeString(
        dir.resolve("mirador-core.yaml"),
        String.join(
            "\n",
            "region: local",
            "dataDir: " + dir.resolve("data"),
            "regions:",
            "  local: {storage: {type: embedded}}",
            "tenants:",
            "  - id: " + tenant,
            "    region: local",
            ""));
  }

  /** Starts the core and waits until {@code /q/health/ready} answers 200. */
  void start() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ChildProcesses.javaBinary());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Dmirador.chdb.library=" + chdbLibrary);
    command.add("-Xmx" + heap);
    command.add("-XX:+UseParallelGC"); // what ./mirador up runs the core with (benchmarks README)
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("MIRADOR_CONFIG", dir.resolve("mirador-core.yaml").toString());
    builder.environment().put("MIRADOR_HTTP_PORT", Integer.toString(httpPort));
    builder.environment().put("MIRADOR_GRPC_PORT", Integer.toString(grpcPort));
    builder.environment().put("MIRADOR_LOCAL_TOKEN", "auto");
    builder.environment().remove("MIRADOR_DATA_DIR");
    Path log = dir.resolve("core-" + (++starts) + ".log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    process = builder.start();
    try {
      ChildProcesses.awaitOk(
          process, "http://127.0.0.1:" + httpPort + "/q/health/ready", log, "core", READY_SECONDS);
    } catch (RuntimeException | InterruptedException e) {
      ChildProcesses.kill(process);
      throw e;
    }
  }

  void kill() throws InterruptedException {
    ChildProcesses.kill(process);
  }

  void stop() throws InterruptedException {
    ChildProcesses.stop(process, 120);
  }

  void pause() throws IOException, InterruptedException {
    ChildProcesses.signal(process, "STOP");
  }

  void resume() throws IOException, InterruptedException {
    ChildProcesses.signal(process, "CONT");
  }

  long pid() {
    return process == null || !process.isAlive() ? -1 : process.pid();
  }

  String grpcEndpoint() {
    return "127.0.0.1:" + grpcPort;
  }

  /** The key document the core publishes; the agent seals to its active key. */
  Path publicKeyFile() {
    return dir.resolve("data/keys/core-public.json");
  }

  /** Where the embedded engine keeps its data (read after the core stopped). */
  Path clickhouseDir() {
    return dir.resolve("data/clickhouse");
  }

  int starts() {
    return starts;
  }

  /** Registers an agent's public key through the admin API with the local admin token. */
  void registerAgent(String tenant, String agentId, String publicKeyBase64)
      throws IOException, InterruptedException {
    String token = Files.readString(dir.resolve("data/local-admin.token")).strip();
    LocalCore.registerAgent(httpPort, token, tenant, agentId, publicKeyBase64);
  }
}
