package io.mirador.rca.replay;

import io.mirador.rca.CallGraph;
import io.mirador.rca.CodePathFirst;
import io.mirador.rca.CpuStarved;
import io.mirador.rca.Finding;
import io.mirador.rca.LatencyRise;
import io.mirador.rca.MemoryGrowth;
import io.mirador.rca.MetricWindow;
import io.mirador.rca.PatternShift;
import io.mirador.rca.RootCauseRanker;
import io.mirador.rca.ScoreFusion;
import io.mirador.rca.TimeWindow;
import io.mirador.rca.eval.TopKAccuracy;
import io.mirador.rca.online.EventPairShift;
import io.mirador.rca.online.SpanEventShift;
import io.mirador.store.DependencyEdge;
import io.mirador.store.FeatureQuery;
import io.mirador.store.Retention;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TelemetryStores;
import io.mirador.store.TenantId;
import io.mirador.store.TimeRange;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@code rca-eval DIR} for the Nezha layout: replays DIR as OTLP into a fresh embedded store in a
 * temporary directory, then ranks each fault's services from the store's features over the 5
 * minutes from its injection and compares them with the injected pod's service.
 */
public final class NezhaEval {
  static final TenantId TENANT = TenantId.of("nezha");
  static final Duration INCIDENT = Duration.ofMinutes(5);

  /** Rows of 2022/2023 must outlive the store's TTL for the run: the longest retention there is. */
  static final Retention RETENTION = Retention.days(Retention.MAX_DAYS);

  /**
   * System property naming a directory where the replayed store is kept, and reused by the next run
   * of the same day (measurements of variants; the default run keeps nothing).
   */
  static final String KEEP_STORE = "mirador.eval.keepStore";

  private static final String REPLAYED = "replayed-from";

  private NezhaEval() {}

  /** Whether DIR has the Nezha layout. */
  public static boolean accepts(Path dir) {
    return Files.isRegularFile(dir.resolve("fault_list.json"));
  }

  /** Runs the evaluation with the default variant; returns the exit code. */
  public static int run(Path dir, PrintStream out) {
    return run(dir, out, NezhaFeatures.Variant.DEFAULT);
  }

  public static int run(Path dir, PrintStream out, NezhaFeatures.Variant variant) {
    return run(dir, out, List.of(variant));
  }

  /** One replay, then each variant's ranking (a measurement run: one summary line per variant). */
  static int run(Path dir, PrintStream out, List<NezhaFeatures.Variant> variants) {
    return withReplay(
        dir,
        out,
        name -> true,
        (store, faults) -> {
          int code = 0;
          for (NezhaFeatures.Variant variant : variants) {
            out.println("# variant: " + variant);
            code = Math.max(code, rank(store, faults, variant, out));
          }
          return code;
        },
        true);
  }

  /**
   * Every file of the day (metrics, traces, logs) replayed, as the ranking's replay, which may be
   * kept and reused ({@link #KEEP_STORE}).
   */
  static int withFullReplay(Path dir, PrintStream out, ReplayedRun body) {
    return withReplay(dir, out, name -> true, body, true);
  }

  /** What runs on the replayed store; returns the exit code. */
  @FunctionalInterface
  interface ReplayedRun {
    int run(TelemetryStore store, List<NezhaFault> faults);
  }

  /**
   * Replays the files of DIR that {@code files} accepts into a fresh embedded store in a temporary
   * directory (through the core's ingest pipeline), runs {@code body} on it and deletes the store.
   */
  static int withReplay(Path dir, PrintStream out, Predicate<String> files, ReplayedRun body) {
    return withReplay(dir, out, files, body, false);
  }

  /**
   * {@link #withReplay(Path, PrintStream, Predicate, ReplayedRun)}; with {@code keepable} a full
   * replay may be kept and reused ({@link #KEEP_STORE}).
   */
  private static int withReplay(
      Path dir, PrintStream out, Predicate<String> files, ReplayedRun body, boolean keepable) {
    List<NezhaFault> faults;
    try {
      faults = NezhaFault.read(dir.resolve("fault_list.json"));
    } catch (IOException | RuntimeException e) {
      out.println("error: " + e.getMessage());
      return 2;
    }
    String keep = System.getProperty(KEEP_STORE, "");
    if (keepable && !keep.isBlank()) {
      return withKeptStore(dir, Path.of(keep), out, files, faults, body);
    }
    Path data;
    try {
      data = Files.createTempDirectory("mirador-rca-eval-");
    } catch (IOException e) {
      out.println("error: cannot create a temporary store directory: " + e.getMessage());
      return 2;
    }
    try {
      return replayAndRun(dir, data, out, files, faults, body);
    } finally {
      deleteTree(data);
    }
  }

  /**
   * A measurement aid ({@value #KEEP_STORE}): the store of a replay is kept in {@code keep} and a
   * later run with the same directory ranks it again without replaying (the replay is most of a
   * run's time). {@code keep} records which day it holds; a different day is refused.
   */
  private static int withKeptStore(
      Path dir,
      Path keep,
      PrintStream out,
      Predicate<String> files,
      List<NezhaFault> faults,
      ReplayedRun body) {
    Path marker = keep.resolve(REPLAYED);
    String day = dir.toAbsolutePath().normalize().toString();
    try {
      if (Files.isRegularFile(marker)) {
        String held = Files.readString(marker).strip();
        if (!held.equals(day)) {
          out.println("error: " + keep + " holds the replay of " + held + ", not of " + day);
          return 2;
        }
        out.println("# replay: reused from " + keep);
        try (TelemetryStore store = TelemetryStores.embedded(keep.resolve("store"))) {
          return body.run(store, faults);
        }
      }
      if (Files.exists(keep) && !isEmptyDirectory(keep)) {
        out.println("error: " + keep + " is neither empty nor a kept replay");
        return 2;
      }
      Files.createDirectories(keep);
      int code =
          replayAndRun(
              dir,
              keep,
              out,
              files,
              faults,
              (store, f) -> {
                try {
                  Files.writeString(marker, day + "\n");
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
                return body.run(store, f);
              });
      return code;
    } catch (IOException | RuntimeException e) {
      out.println("error: " + e.getMessage());
      return 2;
    }
  }

  private static boolean isEmptyDirectory(Path p) throws IOException {
    if (!Files.isDirectory(p)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(p)) {
      return entries.findAny().isEmpty();
    }
  }

  private static int replayAndRun(
      Path dir,
      Path data,
      PrintStream out,
      Predicate<String> files,
      List<NezhaFault> faults,
      ReplayedRun body) {
    try (TelemetryStore store = TelemetryStores.embedded(data.resolve("store"));
        IngestSink sink = IngestSink.open(data.resolve("core"), store, TENANT, RETENTION)) {
      out.println("# replay: " + sink.describe());
      long started = System.nanoTime();
      NezhaReplay.Result replayed;
      try {
        replayed = NezhaReplay.replay(dir, TENANT, sink, files);
      } catch (IOException | RuntimeException e) {
        out.println("error: replay failed: " + e.getMessage());
        return 2;
      }
      out.printf(
          Locale.ROOT,
          "# replayed files=%d spans=%d logs=%d points=%d orphan_spans=%d bad_rows=%d"
              + " rejected_by_core=%d in %.1f s%n",
          replayed.files(),
          replayed.spans(),
          replayed.logs(),
          replayed.points(),
          replayed.orphanSpans(),
          replayed.errors().count(),
          sink.rejected(),
          (System.nanoTime() - started) / 1e9);
      replayed.errors().first().forEach(e -> out.println("# bad row " + e));
      return body.run(store, faults);
    } catch (IOException | RuntimeException e) {
      out.println("error: " + e.getMessage());
      return 2;
    }
  }

  static int rank(
      TelemetryStore store,
      List<NezhaFault> faults,
      NezhaFeatures.Variant variant,
      PrintStream out) {
    TopKAccuracy accuracy = new TopKAccuracy();
    TopKAccuracy withTraces = new TopKAccuracy();
    List<Long> millis = new ArrayList<>();
    for (NezhaFault fault : faults) {
      try {
        Instant t = fault.injected();
        // Earlier injections' windows are not baseline: the engine keeps the windows of its
        // earlier findings out of its baselines.
        List<Instant> earlier =
            faults.stream().map(NezhaFault::injected).filter(a -> a.isBefore(t)).toList();
        TimeWindow window = new TimeWindow(t, t.plus(INCIDENT));
        boolean traces =
            !store
                .operationFeatures(FeatureQuery.of(TENANT, TimeRange.of(t, t.plus(INCIDENT))))
                .isEmpty();
        long start = System.nanoTime();
        List<String> ranked = ranked(store, window, earlier, variant);
        millis.add((System.nanoTime() - start) / 1_000_000);
        String fallback = "";
        if (ranked.isEmpty() && variant != NezhaFeatures.Variant.SERVICE) {
          // Nothing this variant reads is in the window (no traces): the service features
          // (metrics) still rank it.
          ranked = ranked(store, window, earlier, NezhaFeatures.Variant.SERVICE);
          fallback = " fallback=SERVICE";
        }
        List<String> top5 = accuracy.record(fault.service(), ranked);
        if (traces) {
          withTraces.record(fault.service(), ranked);
        }
        out.println(
            "case="
                + fault.id()
                + " truth="
                + fault.service()
                + " top5="
                + String.join(",", top5)
                + " type="
                + fault.type()
                + " traces="
                + (traces ? "yes" : "no")
                + fallback);
      } catch (RuntimeException e) {
        out.println("case=" + fault.id() + " error=" + e.getMessage());
        accuracy.failed();
      }
    }
    if (!millis.isEmpty()) {
      List<Long> sorted = millis.stream().sorted().toList();
      // Every read of the window and its baseline hour from the store, and the ranking: what one
      // RCA costs on this data, the core's HTTP left out.
      out.printf(
          java.util.Locale.ROOT,
          "# rca per case (store reads and ranking): p50 %d ms, max %d ms, %d cases%n",
          sorted.get((sorted.size() - 1) / 2),
          sorted.getLast(),
          sorted.size());
    }
    out.print("# faults with traces in their window: ");
    withTraces.printSummary(out);
    return accuracy.printSummary(out);
  }

  /** Which named callees pass the blame down ({@code CodePathFirst}). */
  private static Predicate<String> descend(
      TelemetryStore store,
      TenantId tenant,
      TimeWindow window,
      List<Instant> earlier,
      NezhaFeatures.Variant variant) {
    if (variant.namedDown()) {
      return service -> true;
    }
    if (!variant.namedSlow()) {
      return service -> false;
    }
    Set<String> slowed =
        LatencyRise.services(
            NezhaFeatures.windows(store, tenant, window, earlier, NezhaFeatures.Variant.SERVICE));
    return slowed::contains;
  }

  /** The services of one incident, most likely cause first. */
  static List<String> ranked(
      TelemetryStore store,
      TimeWindow window,
      List<Instant> earlier,
      NezhaFeatures.Variant variant) {
    return ranked(store, TENANT, window, earlier, variant);
  }

  /** The same for any tenant's store (a lab run's, {@link LabEval}). */
  static List<String> ranked(
      TelemetryStore store,
      TenantId tenant,
      TimeWindow window,
      List<Instant> earlier,
      NezhaFeatures.Variant variant) {
    if (variant.codePathFirst()) {
      List<PatternShift.Counts> read =
          NezhaFeatures.pairs(store, tenant, window, earlier, variant.pairLookback());
      List<PatternShift.Counts> pairs =
          variant.withoutRecoveries() ? EventPairShift.withoutRecoveries(read) : read;
      if (Boolean.getBoolean("mirador.eval.debug")) {
        debugPairs(window, pairs);
      }
      EventPairShift.Changes tested = EventPairShift.changes(pairs, variant.test());
      CallGraph calls =
          graph(store.dependencies(tenant, TimeRange.of(window.start(), window.end())));
      return CodePathFirst.order(
          tested.largest(variant.byShare() ? EventPairShift.Size.SHARE : EventPairShift.Size.Z),
          variant.failingFirst() ? tested.failing() : Set.of(),
          variant.namedCallees() ? tested.named(calls::callees) : Map.of(),
          descend(store, tenant, window, earlier, variant),
          variant.slowCallees(),
          calls,
          ranked(store, tenant, window, earlier, variant.metricOrder()));
    }
    Map<String, Double> service = Map.of();
    var metrics =
        variant.metrics()
            ? NezhaFeatures.windows(store, tenant, window, earlier, variant)
            : List.<MetricWindow>of();
    if (!metrics.isEmpty()) {
      RootCauseRanker ranker =
          variant.pagerank
              ? RootCauseRanker.withGraph(
                  RootCauseRanker.Scoring.ROBUST_DEVIATION,
                  graph(store.dependencies(tenant, TimeRange.of(window.start(), window.end()))))
              : RootCauseRanker.of(RootCauseRanker.Scoring.ROBUST_DEVIATION);
      Finding finding = ranker.rank(metrics, window, Optional.empty());
      service = new HashMap<>();
      for (Finding.Cause cause : finding.causes()) {
        service.put(cause.service(), cause.score());
      }
    }
    // The service features' windows, read once for the CPU-starved callers and the memory growth.
    List<MetricWindow> serviceWindows =
        variant.starvedCallers() || variant.memory()
            ? NezhaFeatures.windows(store, tenant, window, earlier, NezhaFeatures.Variant.SERVICE)
            : List.of();
    Map<String, Double> network = Map.of();
    if (variant.network() || variant.networkSum()) {
      Set<String> starved =
          variant.starvedCallers() ? CpuStarved.services(serviceWindows) : Set.of();
      network =
          NezhaFeatures.edges(store, tenant, window, earlier, variant.attribution(), starved)
              .networkScores();
      if (variant.network()) {
        Map<String, Double> merged = new HashMap<>(service);
        network.forEach((s, v) -> merged.merge(s, v, Math::max));
        service = merged;
      }
    }
    // As online: memory raises a self-time score; without self times (no traces) the order falls
    // back on the service features, memory among them.
    if (variant.memory() && !service.isEmpty()) {
      Map<String, Double> merged = new HashMap<>(service);
      MemoryGrowth.scores(serviceWindows).forEach((s, v) -> merged.merge(s, v, Math::max));
      service = merged;
    }
    Map<String, Double> patterns = Map.of();
    if (variant.pairs()) {
      patterns = EventPairShift.scores(NezhaFeatures.pairs(store, tenant, window, earlier));
    } else if (variant.patterns()) {
      patterns =
          SpanEventShift.scores(
              NezhaFeatures.patterns(store, tenant, window, earlier, variant::accepts));
    }
    if (Boolean.getBoolean("mirador.eval.debug")) {
      System.err.println(
          "# debug "
              + window.start()
              + " patterns="
              + top(patterns)
              + " metrics="
              + top(service)
              + " network="
              + top(network));
    }
    Map<String, Double> scores;
    if (variant.networkAlone()) {
      scores = network;
    } else if (!variant.patterns()) {
      scores = service;
    } else if (!variant.metrics()) {
      scores = patterns;
    } else {
      scores = new HashMap<>();
      Map<String, Double> a = fused(patterns, variant);
      Map<String, Double> b = fused(service, variant);
      for (String s : union(a.keySet(), b.keySet())) {
        double x = a.getOrDefault(s, 0.0);
        double y = b.getOrDefault(s, 0.0);
        scores.put(s, variant.larger() ? Math.max(x, y) : x + y);
      }
      if (variant.networkSum()) {
        ScoreFusion.byMedian(network).forEach((s, v) -> scores.merge(s, v, Double::sum));
      }
    }
    return sorted(scores);
  }

  /** Every pair change of |z| >= 2 with its counts, to standard error. */
  private static void debugPairs(TimeWindow window, List<PatternShift.Counts> pairs) {
    pairs.stream()
        .filter(
            c ->
                c.baselineSpans() >= EventPairShift.MIN_OCCURRENCES
                    && c.incidentSpans() >= EventPairShift.MIN_OCCURRENCES
                    && Math.abs(c.z()) >= 2)
        .sorted(Comparator.comparingDouble((PatternShift.Counts c) -> -Math.abs(c.z())))
        .limit(40)
        .forEach(
            c ->
                System.err.printf(
                    Locale.ROOT,
                    "# pair %s %s z=%.2f %d/%d -> %d/%d %s | %s%n",
                    window.start(),
                    c.service(),
                    c.z(),
                    c.baselineWithEvent(),
                    c.baselineSpans(),
                    c.incidentWithEvent(),
                    c.incidentSpans(),
                    c.operation(),
                    c.event()));
  }

  private static String top(Map<String, Double> scores) {
    return sorted(scores).stream()
        .limit(4)
        .map(k -> k + ":" + String.format("%.2f", scores.get(k)))
        .toList()
        .toString();
  }

  private static Map<String, Double> fused(
      Map<String, Double> scores, NezhaFeatures.Variant variant) {
    if (variant.reciprocalRank()) {
      return reciprocalRanks(scores);
    }
    return variant.medianScaled() ? ScoreFusion.byMedian(scores) : normalised(scores);
  }

  /** 1 / (1 + rank), rank 1 the highest score: fuses rankings whose scores are not comparable. */
  private static Map<String, Double> reciprocalRanks(Map<String, Double> scores) {
    List<String> order = sorted(scores);
    Map<String, Double> out = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      out.put(order.get(i), 1.0 / (2 + i));
    }
    return out;
  }

  private static List<String> sorted(Map<String, Double> scores) {
    return ScoreFusion.order(scores);
  }

  /** Scores divided by the largest (negative scores count as 0). */
  private static Map<String, Double> normalised(Map<String, Double> scores) {
    double max = scores.values().stream().mapToDouble(v -> v).max().orElse(0);
    Map<String, Double> out = new HashMap<>();
    scores.forEach((k, v) -> out.put(k, max > 0 ? Math.max(0, v) / max : 0));
    return out;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(a);
    out.addAll(b);
    return out;
  }

  private static CallGraph graph(List<DependencyEdge> edges) {
    CallGraph.Builder graph = CallGraph.builder();
    edges.forEach(e -> graph.addCall(e.caller(), e.callee()));
    return graph.build();
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the temporary store " + dir, e);
    }
  }
}
