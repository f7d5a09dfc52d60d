package io.mirador.rca.replay;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirador.rca.Finding;
import io.mirador.rca.Incident;
import io.mirador.rca.IncidentEvent;
import io.mirador.rca.eval.DetectionEval;
import io.mirador.rca.lab.schedule.FaultType;
import io.mirador.rca.lab.score.CaseOutcome;
import io.mirador.rca.lab.score.Detection;
import io.mirador.rca.lab.score.FindingTrack;
import io.mirador.rca.lab.score.LabCase;
import io.mirador.rca.lab.score.LabScore;
import io.mirador.rca.lab.score.QuietTime;
import io.mirador.rca.online.DetectionLoop;
import io.mirador.rca.online.FeatureSource;
import io.mirador.rca.online.SettledReadCache;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TelemetryStores;
import io.mirador.store.TenantId;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code LabDetectionEval RUN_DIR [VARIANT[,VARIANT...]]}: the detection loop replayed over a
 * fault-lab run, offline. The run's store ({@code data/}) is read minute by minute from the
 * estate's traffic start to the run's end on a virtual clock: at each minute the service's
 * scheduler would run ({@code settle} + 5 s after the minute ends), the SAME {@link DetectionLoop}
 * the RCA service builds (read cache, policy, baseline and refit of the service's defaults; the
 * variant's detection settings) ticks over a {@link StoreFeatureSource}. Its findings are tracked
 * as the lab's watcher tracks the live ones and scored with the lab's own classes ({@link
 * Detection}, {@link QuietTime}, {@link LabScore}): detected within 10 minutes, within 3, delay,
 * rank in the finding, false findings per quiet hour, first scored minute after traffic started;
 * and, apart, the lab's second figure ({@link Detection#shownBy}: the truth among a finding's
 * services or first 3 causes), at the end of each line. No RCA over the fault windows ({@code
 * LabEval} does that), so no AC@k here.
 *
 * <p>The replay reads complete minutes; the live loop read what the core had stored {@code settle}
 * after each minute, so on a loaded host (ingest behind) the two differ. Exit 0 when the replay
 * ran, 2 when RUN_DIR is not a usable lab run. The store is opened read-write by the engine: replay
 * a finished run (or a copy), never one a lab is writing.
 */
public final class LabDetectionEval {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration MINUTE = Duration.ofMinutes(1);

  /** {@code -Dmirador.eval.debug=true}: every incident opened and closed, to standard error. */
  private static final boolean DEBUG = Boolean.getBoolean("mirador.eval.debug");

  /** Reads of settled windows the loop remembers, as the RCA service (DetectionService). */
  static final int CACHED_READS = 256;

  private LabDetectionEval() {}

  public static void main(String[] args) {
    if (args.length < 1 || args.length > 2) {
      System.err.println(
          "usage: LabDetectionEval RUN_DIR [VARIANT[,VARIANT...]] (variants: "
              + Arrays.toString(DetectionEval.Variant.values())
              + ")");
      System.exit(2);
    }
    List<DetectionEval.Variant> variants;
    try {
      variants = args.length == 2 ? variants(args[1]) : List.of(DetectionEval.Variant.DEFAULT);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(run(Path.of(args[0]), variants, System.out));
  }

  static List<DetectionEval.Variant> variants(String arg) {
    return VariantList.parse(DetectionEval.Variant.class, arg, false);
  }

  /** What the run directory says: tenant, seed, traffic start, end, cases, the live figures. */
  record Run(
      TenantId tenant,
      long seed,
      Instant trafficStart,
      Instant end,
      List<LabCase> cases,
      Path store,
      Optional<String> liveSummary,
      String rcaOptions) {}

  /** From the run that opened an incident to the run that closed it (or the run's end). */
  record OpenSpan(Instant from, Instant to) {}

  /** Replays the run in {@code dir} once per variant; returns the exit code. */
  public static int run(Path dir, List<DetectionEval.Variant> variants, PrintStream out) {
    Run run;
    try {
      run = read(dir);
    } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
      out.println("# not a usable lab run directory: " + e.getMessage());
      return 2;
    }
    out.println(
        "# lab run: tenant="
            + run.tenant().value()
            + " seed="
            + run.seed()
            + " cases="
            + run.cases().size()
            + " traffic "
            + run.trafficStart()
            + " to "
            + run.end()
            + " ("
            + Duration.between(run.trafficStart(), run.end()).toMinutes()
            + " min)"
            + (run.rcaOptions().isBlank() ? "" : " live RCA options: " + run.rcaOptions()));
    run.liveSummary().ifPresent(s -> out.println("# live: " + s));
    try (TelemetryStore store = TelemetryStores.embedded(run.store())) {
      for (DetectionEval.Variant variant : variants) {
        replay(store, run, variant, out);
      }
    }
    return 0;
  }

  /** One replay of the loop with {@code variant}'s settings, scored and printed. */
  static LabScore replay(
      TelemetryStore store, Run run, DetectionEval.Variant variant, PrintStream out) {
    var clock = new VirtualClock(run.trafficStart());
    FeatureSource source =
        SettledReadCache.of(
            new StoreFeatureSource(store, run.tenant()), clock, variant.settle(), CACHED_READS);
    var tracks = new LinkedHashMap<String, FindingTrack>();
    var opened = new ArrayList<Incident>();
    var closed = new ArrayList<IncidentEvent.Closed>();
    var openSpans = new ArrayList<OpenSpan>();
    var openSince = new LinkedHashMap<String, Instant>();
    DetectionLoop loop =
        variant
            .loop(
                source,
                e -> {
                  Instant at = clock.instant();
                  Incident i = e.incident();
                  String id = i.id().toString();
                  // As the lab's watcher sees a finding: opened (incident start), detected (the run
                  // that opened it), and which services it held when, with their rank.
                  FindingTrack track =
                      tracks.computeIfAbsent(
                          id, k -> new FindingTrack(k, i.window().start(), at, at));
                  track.saw(
                      at,
                      List.copyOf(i.services()),
                      i.finding().causes().stream().map(Finding.Cause::service).toList());
                  if (DEBUG && !(e instanceof IncidentEvent.Updated)) {
                    System.err.println(
                        "# "
                            + at
                            + " "
                            + e.getClass().getSimpleName()
                            + (e instanceof IncidentEvent.Closed c ? " " + c.resolution() : "")
                            + " "
                            + i.window()
                            + " "
                            + DetectionEval.describe(i));
                  }
                  switch (e) {
                    case IncidentEvent.Opened o -> {
                      opened.add(i);
                      openSince.put(id, at);
                    }
                    case IncidentEvent.Closed c -> {
                      closed.add(c);
                      Instant since = openSince.remove(id);
                      if (since != null) {
                        openSpans.add(new OpenSpan(since, at));
                      }
                    }
                    case IncidentEvent.Updated u -> {}
                  }
                })
            .build();
    String tenant = run.tenant().value();
    Instant firstWatching = null;
    long started = System.nanoTime();
    int ticks = 0;
    for (Instant minute = run.trafficStart().truncatedTo(ChronoUnit.MINUTES); ; ) {
      // The service's scheduler evaluates a minute its settle time (and 5 s) after it ends.
      Instant now = minute.plus(MINUTE).plus(variant.reportedAfter());
      if (now.isAfter(run.end())) {
        break;
      }
      clock.set(now);
      loop.tick(tenant, now);
      ticks++;
      if (firstWatching == null && loop.status(tenant).services() > 0) {
        firstWatching = now;
      }
      minute = minute.plus(MINUTE);
    }
    openSince.values().forEach(since -> openSpans.add(new OpenSpan(since, run.end())));
    double seconds = (System.nanoTime() - started) / 1e9;

    List<CaseOutcome> outcomes =
        run.cases().stream().map(c -> CaseOutcome.of(c, tracks.values(), List.of(), null)).toList();
    LabScore score =
        LabScore.of(
            outcomes, tracks.values(), run.trafficStart(), firstWatching, run.end(), run.seed());

    out.println("# variant: " + variant);
    for (CaseOutcome o : outcomes) {
      out.println(caseLine(o));
    }
    for (FindingTrack f : score.falseFindings()) {
      out.println(
          "# false finding "
              + f.id()
              + " opened "
              + f.openedAt()
              + " services "
              + new TreeSet<>(f.held().keySet()));
    }
    long quietOpen =
        firstWatching == null
            ? 0
            : quietMinutesOpen(
                openSpans,
                new QuietTime(firstWatching, run.end(), run.cases()),
                firstWatching,
                run.end());
    out.printf(
        Locale.ROOT,
        "# %d ticks in %.1f s; incidents opened=%d closed recovered=%d unwatched=%d;"
            + " quiet minutes with an incident open=%d of %d%n",
        ticks,
        seconds,
        opened.size(),
        closed.stream().filter(c -> c.resolution() == IncidentEvent.Resolution.RECOVERED).count(),
        closed.stream().filter(c -> c.resolution() == IncidentEvent.Resolution.UNWATCHED).count(),
        quietOpen,
        score.quiet().toMinutes());
    for (LabScore.Row r : score.rows()) {
      out.println("type=" + r.label() + " " + figures(r) + LabScore.shownFigures(r));
    }
    out.println(
        "all "
            + figures(score.all())
            + " false_findings="
            + score.falseFindings().size()
            + String.format(Locale.ROOT, " quiet_hours=%.2f", score.quiet().toMinutes() / 60.0)
            + " false_findings_per_quiet_hour="
            + format(score.falseFindingsPerQuietHour(), "%.2f")
            + " quiet_minutes_with_an_incident_open="
            + quietOpen
            + " first_scored_minute_after_s="
            + (score.firstScoredAfter() == null
                ? "-"
                : Long.toString(score.firstScoredAfter().toSeconds()))
            + " variant="
            + variant
            + " seed="
            + run.seed()
            + LabScore.shownFigures(score.all()));
    return score;
  }

  /**
   * One case: the primary figure ({@code detected}: a finding gained the truth among its services),
   * then the second ({@code shown}: among its services or first 3 causes), each with its delay.
   */
  static String caseLine(CaseOutcome o) {
    LabCase c = o.labCase();
    return "case="
        + c.id()
        + " truth="
        + c.truth()
        + " type="
        + c.type().wireName()
        + o.detection()
            .map(
                d ->
                    " detected=yes delay_s="
                        + d.delay().toSeconds()
                        + " rank_in_finding="
                        + d.rank()
                        + " finding="
                        + d.findingId())
            .orElse(" detected=no")
        + o.shown()
            .map(
                d ->
                    " shown=yes shown_delay_s="
                        + d.delay().toSeconds()
                        + " rank_when_shown="
                        + d.rank()
                        + " shown_by="
                        + d.findingId())
            .orElse(" shown=no");
  }

  private static String figures(LabScore.Row r) {
    return "cases="
        + r.cases()
        + " detected="
        + r.detected()
        + " detected_within_3_min="
        + r.detectedWithin3Minutes()
        + " delay_median_s="
        + format(r.delayMedianSeconds(), "%.0f");
  }

  private static String format(Double value, String pattern) {
    return value == null ? "-" : String.format(Locale.ROOT, pattern, value);
  }

  /**
   * Whole minutes of [{@code from}, {@code to}) that are quiet and in which at least one incident
   * was open (from the run that opened it to the run that closed it).
   */
  static long quietMinutesOpen(List<OpenSpan> spans, QuietTime quiet, Instant from, Instant to) {
    long n = 0;
    for (Instant m = from; m.plus(MINUTE).compareTo(to) <= 0; m = m.plus(MINUTE)) {
      Instant at = m;
      if (quiet.isQuiet(at)
          && spans.stream().anyMatch(s -> !at.isBefore(s.from()) && at.isBefore(s.to()))) {
        n++;
      }
    }
    return n;
  }

  /** The run directory's files; a missing or malformed part is an error naming it. */
  static Run read(Path dir) throws IOException {
    Path runJson = dir.resolve("run.json");
    Path casesFile = dir.resolve("cases.jsonl");
    if (!Files.isRegularFile(runJson) || !Files.isRegularFile(casesFile)) {
      throw new IOException("run.json and cases.jsonl are needed in " + dir);
    }
    JsonNode r = JSON.readTree(runJson.toFile());
    TenantId tenant = TenantId.of(r.path("tenant").asText(""));
    Instant trafficStart =
        instant(r, "trafficStart")
            .or(() -> instant(r, "start"))
            .orElseThrow(() -> missing("trafficStart"));
    Instant end = instant(r, "end").orElseThrow(() -> missing("end (the run did not finish)"));
    if (!end.isAfter(trafficStart)) {
      throw new IllegalArgumentException("run.json: end is not after the traffic start");
    }
    if (Duration.between(trafficStart, end).compareTo(Duration.ofDays(7)) > 0) {
      throw new IllegalArgumentException("run.json: a run longer than 7 days is not replayed");
    }
    Path store =
        LabEval.store(dir.resolve("data"))
            .orElseThrow(() -> new IOException("no store under " + dir.resolve("data")));
    return new Run(
        tenant,
        r.path("seed").asLong(0),
        trafficStart,
        end,
        cases(casesFile),
        store,
        liveSummary(dir.resolve("report.md")),
        r.path("info").path("rcaOptions").asText(""));
  }

  private static IllegalArgumentException missing(String field) {
    return new IllegalArgumentException("run.json: missing " + field);
  }

  private static Optional<Instant> instant(JsonNode n, String field) {
    JsonNode v = n.path(field);
    if (!v.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(v.asText()));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("run.json: " + field + " is not an instant", e);
    }
  }

  /** The cases of {@code cases.jsonl} as the lab scores them; a bad line names its number. */
  static List<LabCase> cases(Path file) throws IOException {
    var out = new ArrayList<LabCase>();
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      try {
        JsonNode n = JSON.readTree(line);
        String service = text(n, "service");
        out.add(
            new LabCase(
                n.path("index").asInt(out.size() + 1),
                text(n, "id"),
                FaultType.fromWire(text(n, "type")),
                service,
                n.hasNonNull("truth") ? text(n, "truth") : service,
                Instant.parse(text(n, "start")),
                Instant.parse(text(n, "end"))));
      } catch (IOException | RuntimeException e) {
        throw new IOException(file.getFileName() + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return List.copyOf(out);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException("missing " + field);
    }
    return v.asText();
  }

  /** The live run's {@code all ...} summary line from its report, if it has one. */
  private static Optional<String> liveSummary(Path report) throws IOException {
    if (!Files.isRegularFile(report)) {
      return Optional.empty();
    }
    return Files.readAllLines(report).stream()
        .map(String::strip)
        .filter(l -> l.startsWith("all cases="))
        .reduce((a, b) -> b);
  }

  /** The replay's clock: the read cache asks it which windows have settled. */
  static final class VirtualClock extends Clock {
    private Instant now;

    VirtualClock(Instant start) {
      this.now = requireNonNull(start, "start");
    }

    void set(Instant at) {
      this.now = requireNonNull(at, "at");
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the replay's clock is UTC");
    }
  }
}
