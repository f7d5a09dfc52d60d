package io.mirador.benchmarks.soak;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The harness's settings ({@code --name value}), checked before anything starts. */
record SoakOptions(
    int seconds,
    int spansPerSecond,
    int spansPerRequest,
    int maxInFlight,
    FaultPlan faults,
    long queueBytes,
    long budgetBytes,
    String coreHeap,
    Path coreApp,
    Path agentApp,
    Path work,
    int sampleSeconds,
    int drainSeconds,
    String chdbLibrary) {
  static final String TENANT = "soak";
  static final String AGENT_ID = "soak-agent";

  /**
   * Half the agent's measured capacity for the spans it was measured with would be 35,000 spans/s
   * (70,670 acknowledged on one pinned CPU, mirador-agent README, Speed); agent and core share the
   * same two cores here, and the core stores at most about 50,000 spans/s with both to itself
   * (benchmarks README, Core ingest): the pipeline on one machine tops out near 40,000 spans/s on a
   * quiet machine. Half of that, 20,000, is the default (README, Soak).
   */
  static final int DEFAULT_RATE = 20_000;

  private static final Set<String> NAMES =
      Set.of(
          "--seconds",
          "--rate",
          "--spans-per-request",
          "--max-in-flight",
          "--faults",
          "--queue-bytes",
          "--budget-bytes",
          "--core-heap",
          "--core-app",
          "--agent-app",
          "--work",
          "--sample-seconds",
          "--drain-seconds");

  SoakOptions {
    check(seconds >= 10, "--seconds: at least 10");
    check(spansPerSecond >= 10, "--rate: at least 10 spans/s");
    check(spansPerRequest >= 1 && spansPerRequest <= 5000, "--spans-per-request: 1..5000");
    check(spansPerSecond >= spansPerRequest, "--rate: at least one request a second");
    check(maxInFlight >= 1 && maxInFlight <= 1024, "--max-in-flight: 1..1024");
    check(queueBytes >= (1 << 20), "--queue-bytes: at least 1 MiB (the agent's minimum)");
    check(budgetBytes >= (1 << 20), "--budget-bytes: at least 1 MiB (the agent's minimum)");
    check(coreHeap.matches("[0-9]+[mg]"), "--core-heap: like 1g or 768m");
    check(sampleSeconds >= 1, "--sample-seconds: at least 1");
    check(drainSeconds >= 10, "--drain-seconds: at least 10");
    check(chdbLibrary != null && !chdbLibrary.isBlank(), "-Dmirador.chdb.library is required");
    for (FaultPlan.Fault f : faults.faults()) {
      check(f.atSecond() < seconds, "fault " + f + " starts after the load ends");
    }
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  static SoakOptions parse(String[] args) {
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!NAMES.contains(args[i]) || i + 1 == args.length) {
        throw new IllegalArgumentException(
            "unknown option or missing value: '" + args[i] + "'; options: " + NAMES);
      }
      given.put(args[i], args[i + 1]);
    }
    int seconds = Integer.parseInt(given.getOrDefault("--seconds", "1800"));
    String faults = given.get("--faults");
    return new SoakOptions(
        seconds,
        Integer.parseInt(given.getOrDefault("--rate", Integer.toString(DEFAULT_RATE))),
        Integer.parseInt(given.getOrDefault("--spans-per-request", "100")),
        Integer.parseInt(given.getOrDefault("--max-in-flight", "64")),
        faults != null
            ? FaultPlan.parse(faults)
            : seconds >= 900 ? FaultPlan.record() : FaultPlan.ci(),
        Long.parseLong(given.getOrDefault("--queue-bytes", Long.toString(1L << 30))),
        Long.parseLong(given.getOrDefault("--budget-bytes", Long.toString(1L << 20))),
        given.getOrDefault("--core-heap", "2g"),
        Path.of(given.getOrDefault("--core-app", "mirador-core/service/target/quarkus-app")),
        Path.of(given.getOrDefault("--agent-app", "mirador-agent/target/quarkus-app")),
        Path.of(given.getOrDefault("--work", "target/soak")),
        Integer.parseInt(given.getOrDefault("--sample-seconds", "10")),
        Integer.parseInt(given.getOrDefault("--drain-seconds", "300")),
        System.getProperty("mirador.chdb.library"));
  }
}
