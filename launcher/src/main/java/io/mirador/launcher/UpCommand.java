package io.mirador.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code mirador up}: runs Mirador on the embedded default. It starts the core (sealed ingest, OTLP
 * receivers, query API, on the embedded store), then the agent and the RCA service when they are
 * built, each as a child process; prints where everything listens; and stops them all on Ctrl-C.
 * {@code --check} starts everything, waits until each is ready, and stops: the smoke test.
 */
final class UpCommand implements Mirador.Command {
  static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  @Override
  public String name() {
    return "up";
  }

  @Override
  public String summary() {
    return "run Mirador on the embedded store (Ctrl-C stops it)";
  }

  @Override
  public String usage() {
    return "[--data DIR] [--config FILE] [--check]";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Map<String, String> options =
        Mirador.options(args, List.of("--data", "--config"), List.of("--check"));
    Path root = installRoot();
    Path data = Path.of(options.getOrDefault("--data", defaultDataDirectory())).toAbsolutePath();
    Path config =
        Path.of(
                options.getOrDefault(
                    "--config", root.resolve("config/mirador-core.yaml").toString()))
            .toAbsolutePath();
    if (!Files.isRegularFile(config)) {
      throw new Mirador.UsageException("no core configuration at " + config);
    }
    Ports ports = Ports.fromEnvironment();
    List<ServiceSpec> services = new ArrayList<>();
    services.add(core(root, data, config, ports));
    if (Files.isRegularFile(LocalAgent.runJar(root))) {
      try {
        services.add(LocalAgent.spec(root, data, ports.coreGrpc()));
      } catch (IOException e) {
        throw new Mirador.UsageException(
            "cannot write the agent's configuration: " + e.getMessage());
      }
    }

    if (Files.isRegularFile(rcaRunJar(root))) {
      services.add(rca(root, data, ports));
    }

    Supervisor supervisor = new Supervisor(javaExecutable(), out);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              supervisor.close();
              stopped.countDown();
            },
            "mirador-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      for (ServiceSpec service : services) {
        out.println("mirador: starting " + service.name() + "...");
        supervisor.start(service, READY_TIMEOUT);
        if (service.name().equals(LocalAgent.NAME)) {
          LocalAgent.register(data, ports.coreHttp(), out);
        }
      }
    } catch (IOException | RuntimeException e) {
      err.println("mirador up: " + e.getMessage());
      stopNow(supervisor, hook);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopNow(supervisor, hook);
      return 1;
    }

    out.println();
    out.println("Mirador is running (data in " + data + ")");
    for (ServiceSpec service : services) {
      service.endpoints().forEach(e -> out.println("  " + service.name() + ": " + e));
    }
    out.println(
        "  admin token: printed once by the core above, and in "
            + data.resolve("core/local-admin.token")
            + " (0600, new at each start)");
    if (options.containsKey("--check")) {
      stopNow(supervisor, hook);
      out.println("check passed");
      return 0;
    }
    out.println("Ctrl-C stops everything.");
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Mirador.Command.KEEP_RUNNING;
  }

  private static void stopNow(Supervisor supervisor, Thread hook) {
    supervisor.close();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is already running
    }
  }

  private static ServiceSpec core(Path root, Path data, Path config, Ports ports) {
    String http = "http://127.0.0.1:" + ports.coreHttp();
    return new ServiceSpec(
        "mirador-core",
        root.resolve("mirador-core/service/target/quarkus-app/quarkus-run.jar"),
        List.of(
            "--enable-native-access=ALL-UNNAMED",
            "-Dmirador.chdb.library=" + chdbLibrary(),
            // Throughput collector and room for it: 49,600-52,100 spans/s stored against
            // 37,400-40,900 with G1 and 1 GiB (benchmarks/README.md, core ingest).
            "-Xmx2g",
            "-XX:+UseParallelGC"),
        Map.of(
            "MIRADOR_CONFIG", config.toString(),
            "MIRADOR_DATA_DIR", data.resolve("core").toString(),
            "MIRADOR_HTTP_PORT", Integer.toString(ports.coreHttp()),
            "MIRADOR_GRPC_PORT", Integer.toString(ports.coreGrpc())),
        URI.create(http + "/q/health/ready"),
        List.of(
            "query API " + http + "/api/v1 (OpenAPI " + http + "/api/v1/openapi)",
            "OTLP/HTTP " + http + "/v1/{traces,metrics,logs} (per-tenant API key)",
            "sealed ingest and OTLP gRPC 127.0.0.1:" + ports.coreGrpc(),
            "metrics " + http + "/q/metrics, health " + http + "/q/health"));
  }

  static Path rcaRunJar(Path root) {
    return root.resolve("mirador-rca/service/target/quarkus-app/quarkus-run.jar");
  }

  /**
   * The RCA service next to the local core: it reads the core's local admin token file for its
   * detection loop and watches tenant {@code demo} (MIRADOR_RCA_TENANTS changes it).
   */
  private static ServiceSpec rca(Path root, Path data, Ports ports) {
    int port = Ports.port("MIRADOR_RCA_HTTP_PORT", 8081);
    String tenants = System.getenv("MIRADOR_RCA_TENANTS");
    String http = "http://127.0.0.1:" + port;
    return new ServiceSpec(
        "mirador-rca",
        rcaRunJar(root),
        List.of("-Xmx512m"),
        Map.of(
            "MIRADOR_CORE_URL",
            "http://127.0.0.1:" + ports.coreHttp(),
            "MIRADOR_RCA_HTTP_PORT",
            Integer.toString(port),
            "MIRADOR_RCA_TOKEN_FILE",
            data.resolve("core/local-admin.token").toString(),
            "MIRADOR_RCA_TENANTS",
            tenants == null || tenants.isBlank() ? "demo" : tenants),
        URI.create(http + "/q/health/ready"),
        List.of(
            "RCA API "
                + http
                + "/api/v1/{rca,anomalies,findings} (OpenAPI "
                + http
                + "/api/v1/openapi; bearer: the core's token)",
            "metrics " + http + "/q/metrics, health " + http + "/q/health"));
  }

  /** Ports of the local services; each can be moved with an environment variable. */
  record Ports(int coreHttp, int coreGrpc) {
    static Ports fromEnvironment() {
      return new Ports(port("MIRADOR_HTTP_PORT", 8080), port("MIRADOR_GRPC_PORT", 9090));
    }

    private static int port(String variable, int fallback) {
      String value = System.getenv(variable);
      if (value == null || value.isBlank()) {
        return fallback;
      }
      try {
        int port = Integer.parseInt(value.trim());
        if (port > 0 && port < 65536) {
          return port;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new Mirador.UsageException(variable + " must be a port number (1-65535)");
    }
  }

  static Path installRoot() {
    String configured = System.getenv("MIRADOR_ROOT");
    return Path.of(configured == null || configured.isBlank() ? "." : configured)
        .toAbsolutePath()
        .normalize();
  }

  static String defaultDataDirectory() {
    String configured = System.getenv("MIRADOR_DATA");
    return configured == null || configured.isBlank() ? "var/data" : configured;
  }

  private static Path javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  private static String chdbLibrary() {
    return io.mirador.store.chdb.EmbeddedClickHouse.defaultLibraryPath().toString();
  }
}
