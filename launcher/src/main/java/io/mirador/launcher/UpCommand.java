package io.mirador.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code mirador up}: runs Mirador on the embedded default. It starts the core (sealed ingest, OTLP
 * receivers, query API, on the embedded store), then the agent, the RCA service and the web UI when
 * they are built, each as a child process; prints where everything listens and the UI's one-time
 * login link; and stops them all on Ctrl-C. {@code --check} starts everything, waits until each is
 * ready, runs the given probe against the running system, and stops: the smoke test. Before
 * anything starts, every port it needs is checked ({@link PortGuard}); a taken one stops it with
 * the port and, when visible, the process holding it.
 */
final class UpCommand implements Mirador.Command {
  static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  /** How long the UI may take to write its login link once it is ready. */
  static final Duration LINK_TIMEOUT = Duration.ofSeconds(10);

  /** What {@code --check} runs while everything is up (tests pass one; the command none). */
  interface Probe {
    void check(Running running) throws Exception;
  }

  /** The running system as a probe sees it. */
  record Running(Path data, Ports ports, Path loginLinkFile) {}

  private final Probe probe;

  UpCommand() {
    this(running -> {});
  }

  UpCommand(Probe probe) {
    this.probe = probe;
  }

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
        services.add(LocalAgent.spec(root, data, ports, LocalAgent.tenantFromEnvironment()));
      } catch (IOException e) {
        throw new Mirador.UsageException(
            "cannot write the agent's configuration: " + e.getMessage());
      }
    }

    if (Files.isRegularFile(rcaRunJar(root))) {
      String tenants = System.getenv("MIRADOR_RCA_TENANTS");
      services.add(
          rca(
              root,
              data,
              ports,
              tenants == null || tenants.isBlank() ? "demo" : tenants,
              List.of()));
    }
    boolean ui = Files.isRegularFile(uiRunJar(root));
    if (ui) {
      services.add(ui(root, data, ports));
    }

    // Every port first: a start that cannot finish must not begin (and must not talk to another
    // instance's children on their ports).
    List<PortGuard.Need> needs = ports.needs(services);
    PortGuard.requireDistinct(needs);
    List<PortGuard.Conflict> conflicts = new PortGuard(ListeningSockets.system()).conflicts(needs);
    if (!conflicts.isEmpty()) {
      for (PortGuard.Conflict c : conflicts) {
        err.println(
            "mirador up: "
                + c.message()
                + "; stop it, or move Mirador with "
                + c.need().variable()
                + "=<port>");
      }
      err.println("mirador up: nothing was started");
      return 1;
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
      startInOrder(supervisor, services, data, ports, LocalAgent.tenantFromEnvironment(), out);
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
    printAdminToken(data.resolve("core/local-admin.token"), out);
    Path linkFile = loginLinkFile(data);
    if (ui) {
      printLoginLink(linkFile, out, err);
    }
    if (options.containsKey("--check")) {
      try {
        probe.check(new Running(data, ports, linkFile));
      } catch (Exception e) {
        err.println("mirador up --check: " + e.getMessage());
        stopNow(supervisor, hook);
        return 1;
      }
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

  /**
   * Starts {@code services} in order, each ready before the next; registers the agent (of {@code
   * agentTenant}) with the core as soon as it runs. Shared by {@code up} and {@code lab}.
   */
  static void startInOrder(
      Supervisor supervisor,
      List<ServiceSpec> services,
      Path data,
      Ports ports,
      String agentTenant,
      PrintStream out)
      throws IOException, InterruptedException {
    for (ServiceSpec service : services) {
      out.println("mirador: starting " + service.name() + "...");
      supervisor.start(service, READY_TIMEOUT);
      if (service.name().equals(LocalAgent.NAME)) {
        LocalAgent.register(data, ports.coreHttp(), agentTenant, out);
      }
    }
  }

  private static void stopNow(Supervisor supervisor, Thread hook) {
    supervisor.close();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is already running
    }
  }

  static ServiceSpec core(Path root, Path data, Path config, Ports ports) {
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

  /**
   * The core's admin token, by the core's own rule: the token itself only to a terminal (standard
   * output redirected to a file lands in a log nobody protected), otherwise the 0600 file's path.
   */
  private static void printAdminToken(Path file, PrintStream out) {
    if (isTerminal()) {
      try {
        String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
        out.println(
            "  admin token: Authorization: Bearer "
                + token
                + " (also in "
                + file
                + ", 0600, new at each start)");
        return;
      } catch (IOException unreadable) {
        // the path below
      }
    }
    out.println("  admin token: in " + file + " (0600, new at each start; not printed here)");
  }

  /** Whether standard output (and input) is an interactive terminal. */
  static boolean isTerminal() {
    java.io.Console console = System.console();
    return console != null && console.isTerminal();
  }

  static Path uiRunJar(Path root) {
    return root.resolve("mirador-ui-api/target/quarkus-app/quarkus-run.jar");
  }

  static Path loginLinkFile(Path data) {
    return data.resolve("ui/login-link");
  }

  /**
   * The UI's one-time login link, by the UI's own rule: the link itself only to a terminal (a
   * service manager would keep standard output in a world-readable log), otherwise the file.
   */
  private static void printLoginLink(Path file, PrintStream out, PrintStream err) {
    String link = null;
    long deadline = System.nanoTime() + LINK_TIMEOUT.toNanos();
    while (link == null && System.nanoTime() < deadline) {
      try {
        link = Files.readString(file, StandardCharsets.US_ASCII).strip();
      } catch (IOException notYet) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    if (link == null) {
      err.println("  UI login link: not written to " + file + " (sign in with the admin token)");
    } else if (isTerminal()) {
      out.println("  UI login: open " + link + " (one use, valid 10 minutes)");
    } else {
      out.println("  UI login: one-time link in " + file + " (0600; one use, valid 10 minutes)");
    }
    out.println(
        "  UI login later: ./mirador login-link prints a new link (it deletes "
            + file
            + " and the UI writes a new one), or sign in with the admin token");
  }

  /**
   * {@code mirador login-link}: a fresh one-time login link for the running UI. The UI re-mints its
   * link when the file is gone, so the command deletes it and waits for the new one, printed by the
   * same rule as {@code up}.
   */
  static final class LoginLinkCommand implements Mirador.Command {
    @Override
    public String name() {
      return "login-link";
    }

    @Override
    public String summary() {
      return "a new one-time login link for the running web UI";
    }

    @Override
    public String usage() {
      return "[--data DIR]";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
      Map<String, String> options = Mirador.options(args, List.of("--data"), List.of());
      Path data = Path.of(options.getOrDefault("--data", defaultDataDirectory())).toAbsolutePath();
      Path file = loginLinkFile(data);
      if (!Files.isDirectory(file.getParent())) {
        err.println(
            "mirador login-link: no UI data in "
                + file.getParent()
                + " (is ./mirador up running?)");
        return 1;
      }
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        err.println("mirador login-link: cannot remove " + file + ": " + e.getMessage());
        return 1;
      }
      long deadline = System.nanoTime() + LINK_TIMEOUT.toNanos();
      while (!Files.exists(file) && System.nanoTime() < deadline) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return 1;
        }
      }
      if (!Files.exists(file)) {
        err.println("mirador login-link: the UI wrote no new link (is ./mirador up running?)");
        return 1;
      }
      printLoginLink(file, out, err);
      return 0;
    }
  }

  /**
   * The web UI and its backend-for-frontend: it forwards to the core and the RCA service with the
   * signed-in user's token, and signs the operator in with a one-time link on the core's local
   * admin token.
   */
  private static ServiceSpec ui(Path root, Path data, Ports ports) {
    String http = "http://127.0.0.1:" + ports.uiHttp();
    return new ServiceSpec(
        "mirador-ui",
        uiRunJar(root),
        List.of("-Xmx256m"),
        Map.of(
            "MIRADOR_UI_HTTP_PORT", Integer.toString(ports.uiHttp()),
            "MIRADOR_CORE_URL", "http://127.0.0.1:" + ports.coreHttp(),
            "MIRADOR_RCA_URL", "http://127.0.0.1:" + ports.rcaHttp(),
            "MIRADOR_UI_LOCAL_TOKEN_FILE", data.resolve("core/local-admin.token").toString(),
            "MIRADOR_UI_DATA_DIR", data.resolve("ui").toString()),
        URI.create(http + "/q/health/ready"),
        List.of(
            "web UI " + http + "/ (sign in with the login link below)",
            "metrics " + http + "/q/metrics, health " + http + "/q/health"));
  }

  static Path rcaRunJar(Path root) {
    return root.resolve("mirador-rca/service/target/quarkus-app/quarkus-run.jar");
  }

  /**
   * The RCA service next to the local core: it reads the core's local admin token file for its
   * detection loop and watches {@code tenants} ({@code up}: {@code demo}, MIRADOR_RCA_TENANTS
   * changes it); {@code extraJvmOptions} (system properties) go after the defaults.
   */
  static ServiceSpec rca(
      Path root, Path data, Ports ports, String tenants, List<String> extraJvmOptions) {
    int port = ports.rcaHttp();
    String http = "http://127.0.0.1:" + port;
    List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
    jvm.addAll(extraJvmOptions);
    return new ServiceSpec(
        "mirador-rca",
        rcaRunJar(root),
        jvm,
        Map.of(
            "MIRADOR_CORE_URL",
            "http://127.0.0.1:" + ports.coreHttp(),
            "MIRADOR_RCA_HTTP_PORT",
            Integer.toString(port),
            "MIRADOR_RCA_TOKEN_FILE",
            data.resolve("core/local-admin.token").toString(),
            "MIRADOR_RCA_TENANTS",
            tenants),
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
  record Ports(int coreHttp, int coreGrpc, int agentGrpc, int agentHttp, int rcaHttp, int uiHttp) {
    static Ports fromEnvironment() {
      return new Ports(
          port("MIRADOR_HTTP_PORT", 8080),
          port("MIRADOR_GRPC_PORT", 9090),
          port("MIRADOR_AGENT_GRPC_PORT", 4317),
          port("MIRADOR_AGENT_HTTP_PORT", 4318),
          port("MIRADOR_RCA_HTTP_PORT", 8081),
          port("MIRADOR_UI_HTTP_PORT", 8082));
    }

    /** The ports the given services will listen on, each with what it is for. */
    List<PortGuard.Need> needs(List<ServiceSpec> services) {
      List<PortGuard.Need> needs = new ArrayList<>();
      for (ServiceSpec service : services) {
        switch (service.name()) {
          case "mirador-core" -> {
            needs.add(new PortGuard.Need("core HTTP", "MIRADOR_HTTP_PORT", coreHttp));
            needs.add(new PortGuard.Need("core gRPC", "MIRADOR_GRPC_PORT", coreGrpc));
          }
          case LocalAgent.NAME -> {
            needs.add(new PortGuard.Need("agent OTLP gRPC", "MIRADOR_AGENT_GRPC_PORT", agentGrpc));
            needs.add(new PortGuard.Need("agent OTLP/HTTP", "MIRADOR_AGENT_HTTP_PORT", agentHttp));
          }
          case "mirador-rca" ->
              needs.add(new PortGuard.Need("RCA HTTP", "MIRADOR_RCA_HTTP_PORT", rcaHttp));
          case "mirador-ui" ->
              needs.add(new PortGuard.Need("web UI HTTP", "MIRADOR_UI_HTTP_PORT", uiHttp));
          default -> throw new IllegalStateException("no ports known for " + service.name());
        }
      }
      return needs;
    }

    /**
     * Free ephemeral loopback ports, each taken from the kernel and released just before use:
     * another program may take one in between, which the start then reports as a failed child.
     */
    static Ports ephemeral() throws IOException {
      List<java.net.ServerSocket> held = new ArrayList<>();
      try {
        int[] p = new int[6];
        for (int i = 0; i < p.length; i++) {
          java.net.ServerSocket socket = new java.net.ServerSocket();
          held.add(socket);
          socket.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
          p[i] = socket.getLocalPort();
        }
        return new Ports(p[0], p[1], p[2], p[3], p[4], p[5]);
      } finally {
        for (java.net.ServerSocket socket : held) {
          socket.close();
        }
      }
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

  static Path javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  private static String chdbLibrary() {
    return io.mirador.store.chdb.EmbeddedClickHouse.defaultLibraryPath().toString();
  }
}
