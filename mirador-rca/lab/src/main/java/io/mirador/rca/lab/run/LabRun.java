package io.mirador.rca.lab.run;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirador.rca.lab.estate.EstateClient;
import io.mirador.rca.lab.estate.EstateProcess;
import io.mirador.rca.lab.report.ReportWriter;
import io.mirador.rca.lab.schedule.FaultSchedule;
import io.mirador.rca.lab.schedule.FaultType;
import io.mirador.rca.lab.schedule.PlannedFault;
import io.mirador.rca.lab.schedule.Topology;
import io.mirador.rca.lab.score.CaseOutcome;
import io.mirador.rca.lab.score.LabCase;
import io.mirador.rca.lab.score.LabScore;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One lab run against a running product: starts the estate pointed at the agent, waits for its
 * traffic to reach the core, warms up until the detection loop watches, runs the seeded schedule,
 * cools down, stops the estate, asks the RCA for each fault window, scores and writes the run
 * directory. {@link #abort} (Ctrl-C) stops the estate from another thread.
 */
public final class LabRun {
  /** How long the estate's traffic may take to show in the core. */
  static final Duration TRAFFIC_TIMEOUT = Duration.ofMinutes(3);

  /** How long the core's ingest may lag behind the estate before scoring goes on regardless. */
  static final Duration INGEST_TIMEOUT = Duration.ofMinutes(15);

  /** Nineteen instrumented Node.js processes took 2 min to be ready at a load average of 60. */
  private static final Duration ESTATE_READY_TIMEOUT = Duration.ofMinutes(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A finished run: where it is, the summary lines, and the services with spans stored. */
  public record Outcome(Path runDir, List<String> summary, Set<String> servicesWithSpans) {}

  private final LabSettings settings;
  private final Stack stack;
  private final Map<String, String> info;
  private final PrintStream out;
  private final Pacer pacer;
  private volatile EstateProcess estate;

  /**
   * @param info what {@code run.json} records besides the settings (versions, ports)
   * @param out where the lab's progress goes (also to {@code lab.log})
   */
  public LabRun(LabSettings settings, Stack stack, Map<String, String> info, PrintStream out) {
    this.settings = requireNonNull(settings, "settings");
    this.stack = requireNonNull(stack, "stack");
    this.info = Map.copyOf(requireNonNull(info, "info"));
    this.out = requireNonNull(out, "out");
    this.pacer = Pacer.REAL;
  }

  /** Stops the estate (Ctrl-C); the run's thread then ends with an error. */
  public void abort() {
    EstateProcess running = estate;
    if (running != null) {
      running.close();
    }
  }

  public Outcome run() throws IOException, InterruptedException {
    Path dir = settings.runDir();
    Files.createDirectories(dir);
    try (PrintStream log =
        new PrintStream(
            new Tee(out, new FileOutputStream(dir.resolve("lab.log").toFile())),
            true,
            StandardCharsets.UTF_8)) {
      return run(dir, log);
    } finally {
      abort();
    }
  }

  private Outcome run(Path dir, PrintStream log) throws IOException, InterruptedException {
    Instant started = pacer.now();
    ObjectNode runJson = runJson(started);
    write(dir.resolve("run.json"), runJson.toPrettyString());
    ProductClient product = new ProductClient(stack);

    log.println("lab: starting the estate (seed " + settings.schedule().seed() + ")...");
    estate =
        EstateProcess.start(
            new EstateProcess.Launch(
                settings.node(),
                settings.estateDir(),
                stack.agentOtlpHttp(),
                settings.schedule().seed(),
                settings.rps(),
                dir,
                ESTATE_READY_TIMEOUT));
    Instant trafficStart = pacer.now();
    EstateClient client = new EstateClient(estate.ready().control());
    JsonNode topologyJson = client.topologyJson();
    Topology topology = EstateClient.topology(topologyJson);
    log.println(
        "lab: estate ready: "
            + topology.services().size()
            + " services, "
            + topology.edges().size()
            + " edges; control "
            + estate.ready().control());
    write(dir.resolve("topology.json"), topologyJson.toPrettyString());
    List<PlannedFault> plan = FaultSchedule.plan(settings.schedule(), topology);
    write(dir.resolve("schedule.json"), scheduleJson(plan).toPrettyString());
    log.println(
        "lab: "
            + plan.size()
            + " faults planned over "
            + minutes(FaultSchedule.length(plan))
            + " after a warm-up of "
            + minutes(settings.warmup())
            + " and before a cool-down of "
            + minutes(settings.cooldown()));

    try (FindingWatcher watcher = new FindingWatcher(product, pacer, trafficStart, log)) {
      watcher.start();
      awaitTraffic(product, trafficStart, log);
      warmUp(watcher, trafficStart, log);
      ScheduleRunner.Result result =
          new ScheduleRunner(client, new CaseFile(dir.resolve("cases.jsonl")), pacer, log)
              .run(plan);
      Instant lastEnd =
          result.cases().stream().map(LabCase::end).max(Instant::compareTo).orElse(pacer.now());
      log.println("lab: schedule done; cooling down until " + lastEnd.plus(settings.cooldown()));
      pacer.sleepUntil(lastEnd.plus(settings.cooldown()));
      watcher.stop();
      watcher.poll();
      Instant end = pacer.now();
      JsonNode stats = stats(client);
      estate.close();
      log.println("lab: estate stopped");
      awaitIngest(product, lastEnd, log);
      log.println("lab: scoring " + result.cases().size() + " cases...");

      Set<String> services =
          product.servicesWithSpans(later(trafficStart, end.minus(Duration.ofDays(1))), end);
      writeLines(dir.resolve("findings.jsonl"), watcher.latestFindings());
      List<CaseOutcome> outcomes = rcaPerCase(product, result.cases(), watcher, dir, log);
      LabScore score =
          LabScore.of(
              outcomes,
              watcher.tracks(),
              trafficStart,
              watcher.firstWatching(),
              end,
              settings.schedule().seed());
      List<String> summary = score.summaryLines();
      ReportWriter.write(
          dir.resolve("report.md"),
          new ReportWriter.Context(
              settings, trafficStart, end, score, services, result.refused().size(), stats),
          summary);
      runJson.put("end", end.toString());
      runJson.put("trafficStart", trafficStart.toString());
      runJson.put(
          "firstWatching",
          watcher.firstWatching() == null ? null : watcher.firstWatching().toString());
      runJson.put("cases", result.cases().size());
      runJson.put("refused", result.refused().size());
      runJson.put("failedPolls", watcher.failedPolls());
      runJson.set("servicesWithSpans", JSON.valueToTree(services));
      write(dir.resolve("run.json"), runJson.toPrettyString());
      summary.forEach(log::println);
      return new Outcome(dir, summary, services);
    }
  }

  private void awaitTraffic(ProductClient product, Instant trafficStart, PrintStream log)
      throws IOException, InterruptedException {
    Instant deadline = trafficStart.plus(TRAFFIC_TIMEOUT);
    while (true) {
      requireEstate();
      Instant now = pacer.now();
      try {
        Set<String> seen =
            product.servicesWithSpans(trafficStart.minusSeconds(60), now.plusSeconds(60));
        if (!seen.isEmpty()) {
          log.println("lab: traffic reaches the core (" + seen.size() + " services so far)");
          return;
        }
      } catch (IOException notYet) {
        log.println("lab: the core's service list failed: " + notYet.getMessage());
      }
      if (now.isAfter(deadline)) {
        throw new IOException(
            "no span of the estate reached the core within "
                + TRAFFIC_TIMEOUT.toMinutes()
                + " min (see estate.err and the agent's lines in stack.log)");
      }
      pacer.sleepUntil(now.plusSeconds(5));
    }
  }

  private void warmUp(FindingWatcher watcher, Instant trafficStart, PrintStream log)
      throws IOException, InterruptedException {
    Instant warm = trafficStart.plus(settings.warmup());
    log.println(
        "lab: warming up until "
            + warm
            + (settings.maxWait().isZero()
                ? ""
                : " (and until the detection loop watches, at most "
                    + minutes(settings.maxWait())
                    + " more)"));
    while (pacer.now().isBefore(warm)) {
      requireEstate();
      pacer.sleepUntil(min(warm, pacer.now().plusSeconds(10)));
    }
    Instant giveUp = warm.plus(settings.maxWait());
    while (watcher.firstWatching() == null && pacer.now().isBefore(giveUp)) {
      requireEstate();
      pacer.sleepUntil(pacer.now().plusSeconds(10));
    }
    if (watcher.firstWatching() == null) {
      log.println(
          "lab: the detection loop was still not watching after "
              + Duration.between(trafficStart, pacer.now()).toMinutes()
              + " min; running the schedule anyway (detection is scored from when it watches)");
    }
  }

  /**
   * Waits until the core has stored the minute of the last fault's end: on a loaded host the
   * agent's batches reach the core minutes late, and an RCA over a window not yet stored is a 422.
   */
  private void awaitIngest(ProductClient product, Instant lastEnd, PrintStream log)
      throws InterruptedException {
    Instant minute = lastEnd.truncatedTo(ChronoUnit.MINUTES);
    Instant deadline = pacer.now().plus(INGEST_TIMEOUT);
    Instant began = pacer.now();
    while (true) {
      try {
        if (product.hasFeatures(minute, minute.plus(Duration.ofMinutes(1)))) {
          log.println(
              "lab: the core has stored the minute of the last fault's end"
                  + " (waited "
                  + Duration.between(began, pacer.now()).toSeconds()
                  + " s for its ingest)");
          return;
        }
      } catch (IOException e) {
        log.println("lab: reading the core's features failed: " + e.getMessage());
      }
      if (pacer.now().isAfter(deadline)) {
        log.println(
            "lab: the core has not stored "
                + minute
                + " after "
                + INGEST_TIMEOUT.toMinutes()
                + " min (ingest lagging: see stack.log); scoring what is stored");
        return;
      }
      pacer.sleepUntil(pacer.now().plusSeconds(10));
    }
  }

  private void requireEstate() throws IOException {
    EstateProcess running = estate;
    if (running == null || !running.alive()) {
      throw new IOException("the estate stopped (see estate.err in the run directory)");
    }
  }

  private static JsonNode stats(EstateClient client) throws InterruptedException {
    try {
      return client.stats();
    } catch (IOException e) {
      return JSON.createObjectNode().put("error", e.getMessage());
    }
  }

  private List<CaseOutcome> rcaPerCase(
      ProductClient product, List<LabCase> cases, FindingWatcher watcher, Path dir, PrintStream log)
      throws IOException, InterruptedException {
    List<CaseOutcome> outcomes = new ArrayList<>();
    List<JsonNode> lines = new ArrayList<>();
    for (LabCase c : cases) {
      ObjectNode line = JSON.createObjectNode();
      line.put("id", c.id());
      line.put("type", c.type().wireName());
      line.put("truth", c.truth());
      // Whole minutes, as a person picks a window and as the features are stored: the fault's
      // first minute to the end of its last (a sub-minute window holds no complete minute).
      Instant from = c.start().truncatedTo(ChronoUnit.MINUTES);
      Instant to = c.end().truncatedTo(ChronoUnit.MINUTES);
      if (to.isBefore(c.end())) {
        to = to.plus(Duration.ofMinutes(1));
      }
      line.put("from", from.toString());
      line.put("to", to.toString());
      List<String> ranked = new ArrayList<>();
      String error = null;
      try {
        JsonNode answer = product.rca(from, to);
        ArrayNode out = line.putArray("ranked");
        answer.path("causes").forEach(k -> ranked.add(k.path("service").asText("")));
        ranked.forEach(out::add);
        line.set("symptom", answer.path("symptom"));
        line.set("causes", answer.path("causes"));
      } catch (IOException e) {
        error = e.getMessage();
        line.put("error", error);
        log.println("lab: RCA of case " + c.id() + " failed: " + error);
      }
      lines.add(line);
      outcomes.add(CaseOutcome.of(c, watcher.tracks(), ranked, error));
    }
    writeLines(dir.resolve("rca.jsonl"), lines);
    return outcomes;
  }

  private ObjectNode runJson(Instant started) {
    ObjectNode json = JSON.createObjectNode();
    json.put("seed", settings.schedule().seed());
    json.put("start", started.toString());
    json.put("tenant", stack.tenant());
    ObjectNode s = json.putObject("settings");
    s.put("faults", settings.schedule().faults());
    s.put("lengthMinutes", settings.schedule().length().toMinutes());
    s.put(
        "faultSeconds",
        range(settings.schedule().shortestFault(), settings.schedule().longestFault()));
    s.put("gapSeconds", range(settings.schedule().shortestGap(), settings.schedule().longestGap()));
    ArrayNode types = s.putArray("types");
    settings.schedule().types().stream().map(FaultType::wireName).forEach(types::add);
    s.put("rps", settings.rps());
    s.put("warmupMinutes", settings.warmup().toMinutes());
    s.put("cooldownMinutes", settings.cooldown().toMinutes());
    ObjectNode endpoints = json.putObject("endpoints");
    endpoints.put("core", stack.core().toString());
    endpoints.put("rca", stack.rca().toString());
    endpoints.put("agentOtlpHttp", stack.agentOtlpHttp().toString());
    ObjectNode extra = json.putObject("info");
    info.forEach(extra::put);
    return json;
  }

  private static ArrayNode scheduleJson(List<PlannedFault> plan) {
    ArrayNode list = JSON.createArrayNode();
    for (PlannedFault p : plan) {
      ObjectNode f = list.addObject();
      f.put("index", p.index());
      f.put("type", p.type().wireName());
      f.put("service", p.service());
      f.put("truth", p.truth());
      f.put("gapBeforeSeconds", p.gapBefore().toSeconds());
      f.put("durationSeconds", p.duration().toSeconds());
      f.set("params", JSON.valueToTree(p.params()));
    }
    return list;
  }

  private static String minutes(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1f min", d.toSeconds() / 60.0);
  }

  private static String range(Duration a, Duration b) {
    return a.toSeconds() + "-" + b.toSeconds();
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
  }

  private static void writeLines(Path file, List<JsonNode> lines) throws IOException {
    StringBuilder text = new StringBuilder();
    lines.forEach(l -> text.append(l).append('\n'));
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
