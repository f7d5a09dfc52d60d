package io.mirador.launcher;

import io.mirador.rca.lab.estate.EstateProcess;
import io.mirador.rca.lab.run.LabRun;
import io.mirador.rca.lab.run.LabSettings;
import io.mirador.rca.lab.run.Stack;
import io.mirador.rca.lab.schedule.FaultType;
import io.mirador.rca.lab.schedule.ScheduleSettings;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code mirador lab}: the fault lab (mirador-rca/lab). Starts the product as {@code up} does
 * (core, agent, RCA service; default settings, tenant {@value #TENANT}, ephemeral ports, its data
 * directory under the run directory), the estate pointed at the agent, runs the seeded fault
 * schedule, scores the product and stops everything, also on Ctrl-C. Exit 0 when the run completed
 * (the scores are figures, not a verdict), 1 when it failed, 2 on a usage error.
 */
final class LabCommand implements Mirador.Command {
  static final String TENANT = "lab";

  /** One round of every fault type. */
  static final int DEFAULT_FAULTS = FaultType.values().length;

  private static final DateTimeFormatter RUN_NAME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final List<String> rcaOptions;

  LabCommand() {
    this(List.of());
  }

  /**
   * @param rcaOptions system properties for the RCA service on top of the product's defaults: only
   *     tests pass any (a shorter minimum baseline for a run of a few minutes)
   */
  LabCommand(List<String> rcaOptions) {
    this.rcaOptions = List.copyOf(rcaOptions);
  }

  @Override
  public String name() {
    return "lab";
  }

  @Override
  public String summary() {
    return "the fault lab: the product against an instrumented estate with seeded faults, scored";
  }

  @Override
  public String usage() {
    return "[--minutes M | --faults N] [--seed S] [--rps R] [--out DIR] [--warmup-minutes W]"
        + " [--cooldown-minutes C] [--fault-minutes A-B] [--gap-minutes A-B] [--types T,T]";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Map<String, String> o =
        Mirador.options(
            args,
            List.of(
                "--minutes",
                "--faults",
                "--seed",
                "--rps",
                "--out",
                "--warmup-minutes",
                "--cooldown-minutes",
                "--fault-minutes",
                "--gap-minutes",
                "--types"),
            List.of());
    if (o.containsKey("--minutes") && o.containsKey("--faults")) {
      throw new Mirador.UsageException("give --minutes or --faults, not both");
    }
    long seed =
        o.containsKey("--seed")
            ? integer(o, "--seed", 0, Integer.MAX_VALUE, 0)
            : new SecureRandom().nextInt(1_000_000);
    int faults =
        o.containsKey("--minutes") ? 0 : (int) integer(o, "--faults", 1, 10_000, DEFAULT_FAULTS);
    Duration length = Duration.ofMinutes(integer(o, "--minutes", 1, 100_000, 0));
    Duration[] faultRange =
        range(
            o, "--fault-minutes", ScheduleSettings.SHORTEST_FAULT, ScheduleSettings.LONGEST_FAULT);
    Duration[] gapRange =
        range(o, "--gap-minutes", ScheduleSettings.SHORTEST_GAP, ScheduleSettings.LONGEST_GAP);
    ScheduleSettings schedule;
    try {
      schedule =
          new ScheduleSettings(
              seed,
              faults,
              length,
              faultRange[0],
              faultRange[1],
              gapRange[0],
              gapRange[1],
              types(o.get("--types")));
    } catch (IllegalArgumentException e) {
      throw new Mirador.UsageException(e.getMessage());
    }
    double rps = decimal(o, "--rps", LabSettings.RPS);
    Path root = UpCommand.installRoot();
    Path runDir =
        Path.of(
                o.getOrDefault(
                    "--out",
                    root.resolve("var/lab")
                        .resolve(RUN_NAME.format(Instant.now()) + "-seed" + seed)
                        .toString()))
            .toAbsolutePath()
            .normalize();
    LabSettings settings;
    try {
      settings =
          new LabSettings(
              schedule,
              rps,
              minutesOption(o, "--warmup-minutes", LabSettings.WARMUP),
              // the default warm-up also waits for the loop to watch; an explicit one is exact
              o.containsKey("--warmup-minutes") ? Duration.ZERO : LabSettings.MAX_WAIT,
              minutesOption(o, "--cooldown-minutes", LabSettings.COOLDOWN),
              runDir,
              node(),
              estateDir(root));
    } catch (IllegalArgumentException e) {
      throw new Mirador.UsageException(e.getMessage());
    }
    String missing = missingParts(root, settings);
    if (missing != null) {
      err.println("mirador lab: " + missing);
      return 1;
    }
    try {
      if (Files.isDirectory(runDir)) {
        try (Stream<Path> entries = Files.list(runDir)) {
          if (entries.findAny().isPresent()) {
            throw new Mirador.UsageException("the run directory " + runDir + " is not empty");
          }
        }
      }
      Files.createDirectories(runDir);
    } catch (IOException e) {
      err.println("mirador lab: cannot create " + runDir + ": " + e.getMessage());
      return 1;
    }
    out.println("mirador lab: run directory " + runDir + " (seed " + seed + ")");
    return runLab(root, settings, out, err);
  }

  private int runLab(Path root, LabSettings settings, PrintStream out, PrintStream err) {
    Path runDir = settings.runDir();
    Path data = runDir.resolve("data");
    UpCommand.Ports ports;
    List<ServiceSpec> services = new ArrayList<>();
    try {
      Files.createDirectories(data);
      Path config = writeCoreConfig(data);
      ports = UpCommand.Ports.ephemeral();
      services.add(UpCommand.core(root, data, config, ports));
      services.add(LocalAgent.spec(root, data, ports, TENANT));
      services.add(UpCommand.rca(root, data, ports, TENANT, rcaOptions));
    } catch (IOException e) {
      err.println("mirador lab: cannot prepare " + data + ": " + e.getMessage());
      return 1;
    }
    Stack stack =
        new Stack(
            URI.create("http://127.0.0.1:" + ports.coreHttp()),
            URI.create("http://127.0.0.1:" + ports.rcaHttp()),
            URI.create("http://127.0.0.1:" + ports.agentHttp()),
            data.resolve("core/local-admin.token"),
            TENANT);
    Map<String, String> info = new LinkedHashMap<>();
    info.put("java", System.getProperty("java.version"));
    info.put("miradorRoot", root.toString());
    info.put("commit", gitCommit(root));
    info.put("rcaOptions", String.join(" ", rcaOptions));
    info.put(
        "ports",
        "core HTTP "
            + ports.coreHttp()
            + ", core gRPC "
            + ports.coreGrpc()
            + ", agent OTLP/HTTP "
            + ports.agentHttp()
            + ", agent gRPC "
            + ports.agentGrpc()
            + ", RCA HTTP "
            + ports.rcaHttp());

    PrintStream stackLog;
    try {
      stackLog =
          new PrintStream(
              new FileOutputStream(runDir.resolve("stack.log").toFile()),
              true,
              StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println(
          "mirador lab: cannot write " + runDir.resolve("stack.log") + ": " + e.getMessage());
      return 1;
    }
    Supervisor supervisor = new Supervisor(UpCommand.javaExecutable(), stackLog);
    LabRun lab = new LabRun(settings, stack, info, out);
    Thread hook =
        new Thread(
            () -> {
              lab.abort();
              supervisor.close();
            },
            "mirador-lab-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      out.println(
          "mirador lab: starting the core, the agent and the RCA service (output in "
              + runDir.resolve("stack.log")
              + ")...");
      UpCommand.startInOrder(supervisor, services, data, ports, TENANT, stackLog);
      LabRun.Outcome outcome = lab.run();
      out.println("mirador lab: report " + outcome.runDir().resolve("report.md"));
      return 0;
    } catch (IOException | RuntimeException e) {
      err.println("mirador lab: the run failed: " + e.getMessage());
      err.println("mirador lab: what it left is in " + runDir);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("mirador lab: interrupted; what it left is in " + runDir);
      return 1;
    } finally {
      lab.abort();
      supervisor.close();
      stackLog.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is already running
      }
    }
  }

  /** The lab's core configuration: {@code up}'s, with one tenant, {@value #TENANT}. */
  private static Path writeCoreConfig(Path data) throws IOException {
    Path config = data.resolve("mirador-core.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "# Written by ./mirador lab: the embedded store, one tenant (" + TENANT + ").",
            "region: local",
            "dataDir: core",
            "regions:",
            "  local:",
            "    storage:",
            "      type: embedded",
            "keys: {}",
            "limits: {}",
            "tenants:",
            "  - id: " + TENANT,
            "    region: local",
            "    retention: {traces: 7, logs: 7, metrics: 30}",
            ""),
        StandardCharsets.UTF_8);
    return config;
  }

  private static String missingParts(Path root, LabSettings settings) {
    for (Path jar :
        List.of(
            root.resolve("mirador-core/service/target/quarkus-app/quarkus-run.jar"),
            LocalAgent.runJar(root),
            UpCommand.rcaRunJar(root))) {
      if (!Files.isRegularFile(jar)) {
        return jar + " is not built (./mirador up builds it)";
      }
    }
    return EstateProcess.missing(settings.node(), settings.estateDir());
  }

  static Path estateDir(Path root) {
    return root.resolve("mirador-rca/lab/estate");
  }

  /** The node executable on PATH ({@code /usr/bin/node} when PATH has none). */
  static Path node() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(":")) {
        if (!dir.isEmpty()) {
          Path candidate = Path.of(dir, "node");
          if (Files.isExecutable(candidate)) {
            return candidate;
          }
        }
      }
    }
    return Path.of("/usr/bin/node");
  }

  /**
   * The checkout's commit, read from its files (no git process): a worktree's {@code .git} is a
   * file naming its own git directory, whose branch refs live in the main repository's.
   */
  static String gitCommit(Path root) {
    try {
      Path gitDir = root.resolve(".git");
      if (Files.isRegularFile(gitDir)) {
        String pointer = Files.readString(gitDir).strip();
        if (!pointer.startsWith("gitdir: ")) {
          return "unknown";
        }
        gitDir = root.resolve(pointer.substring("gitdir: ".length()));
      }
      String head = Files.readString(gitDir.resolve("HEAD")).strip();
      if (!head.startsWith("ref: ")) {
        return head;
      }
      String ref = head.substring("ref: ".length());
      Path common =
          Files.isRegularFile(gitDir.resolve("commondir"))
              ? gitDir.resolve(Files.readString(gitDir.resolve("commondir")).strip())
              : gitDir;
      for (Path dir : List.of(gitDir, common)) {
        Path file = dir.resolve(ref);
        if (Files.isRegularFile(file)) {
          return Files.readString(file).strip();
        }
      }
      Path packed = common.resolve("packed-refs");
      if (Files.isRegularFile(packed)) {
        for (String line : Files.readAllLines(packed)) {
          if (line.endsWith(" " + ref)) {
            return line.substring(0, line.indexOf(' '));
          }
        }
      }
      return ref;
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static List<FaultType> types(String value) {
    if (value == null) {
      return List.of(FaultType.values());
    }
    List<FaultType> types = new ArrayList<>();
    for (String name : value.split(",")) {
      try {
        types.add(FaultType.fromWire(name.strip()));
      } catch (IllegalArgumentException e) {
        throw new Mirador.UsageException("--types: " + e.getMessage());
      }
    }
    return types;
  }

  private static long integer(Map<String, String> o, String name, long min, long max, long dflt) {
    String value = o.get(name);
    if (value == null) {
      return dflt;
    }
    try {
      long n = Long.parseLong(value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new Mirador.UsageException(name + " must be a whole number from " + min + " to " + max);
  }

  private static double decimal(Map<String, String> o, String name, double dflt) {
    String value = o.get(name);
    if (value == null) {
      return dflt;
    }
    try {
      double d = Double.parseDouble(value.strip());
      if (d > 0 && d <= 200) {
        return d;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new Mirador.UsageException(name + " must be a number above 0 and at most 200");
  }

  /** {@code A-B} or {@code A} in minutes (decimals allowed: 0.5 = 30 s). */
  private static Duration[] range(Map<String, String> o, String name, Duration a, Duration b) {
    String value = o.get(name);
    if (value == null) {
      return new Duration[] {a, b};
    }
    String[] parts = value.strip().split("-", -1);
    if (parts.length > 2) {
      throw new Mirador.UsageException(name + " must be minutes A-B, e.g. 3-5");
    }
    try {
      Duration low = minutes(parts[0]);
      Duration high = parts.length == 2 ? minutes(parts[1]) : low;
      return new Duration[] {low, high};
    } catch (NumberFormatException e) {
      throw new Mirador.UsageException(name + " must be minutes A-B, e.g. 3-5");
    }
  }

  /** Minutes, decimals allowed (0.5 = 30 s), from 0 to a day. */
  private static Duration minutesOption(Map<String, String> o, String name, Duration dflt) {
    String value = o.get(name);
    if (value == null) {
      return dflt;
    }
    try {
      return minutes(value);
    } catch (NumberFormatException e) {
      throw new Mirador.UsageException(name + " must be minutes from 0 to 1440 (0.5 = 30 s)");
    }
  }

  private static Duration minutes(String text) {
    double m = Double.parseDouble(text.strip());
    if (!(m >= 0 && m <= 24 * 60)) {
      throw new NumberFormatException("out of range");
    }
    return Duration.ofSeconds(Math.round(m * 60));
  }
}
