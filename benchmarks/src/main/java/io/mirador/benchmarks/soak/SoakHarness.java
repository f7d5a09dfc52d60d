package io.mirador.benchmarks.soak;

import io.mirador.benchmarks.ProcFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The soak under faults (issue 18): the packaged core and agent as child processes, open-loop
 * OTLP/HTTP load for {@code --seconds}, faults on a schedule, a ledger of every span sent and
 * whether the agent acknowledged it, then every stored span id read back from the store. Prints the
 * ledger's verdict, the faults as they ran, and the growth of RSS, threads and open fds per process
 * ({@link GrowthCheck}); exits 1 when a span was lost or duplicated or a process grows.
 *
 * <pre>
 * java -Dmirador.chdb.library=$LIB -cp ... io.mirador.benchmarks.soak.SoakHarness \
 *   --seconds 1800 --rate 20000 [--faults agent-kill@120,core-kill@300,core-pause@480:60,budget@660:60]
 * </pre>
 */
public final class SoakHarness {
  /** A fault as it ran: planned and actual start, end, in seconds since the load started. */
  record FaultRun(FaultPlan.Fault fault, double startedSecond, double endedSecond, String note) {}

  /** What a run found. */
  record Result(
      SoakOptions options,
      SoakVerdict verdict,
      List<FaultRun> faults,
      List<GrowthCheck.Trend> trends,
      List<ResourceSampler.Sample> samples,
      double loadSeconds,
      double drainSeconds,
      long behindSchedule,
      String lastSenderFailure,
      double loadAverageStart,
      double loadAverageEnd) {

    /** The processes whose growth is beyond its bound by more than the noise. */
    List<String> growing() {
      return trends.stream()
          .filter(GrowthCheck.Trend::growing)
          .map(t -> t.role() + " pid " + t.pid())
          .toList();
    }

    /** The ledger's verdict and no growth trend. */
    boolean passed() {
      return verdict.passed() && growing().isEmpty();
    }

    String report() {
      StringBuilder out = new StringBuilder();
      SoakOptions o = options;
      out.append(
          String.format(
              Locale.ROOT,
              "soak: %.0f s of load (planned %d) at %,d spans/s (%d spans per OTLP/HTTP request,"
                  + " <= %d in flight), load average %.2f -> %.2f%n",
              loadSeconds,
              o.seconds(),
              o.spansPerSecond(),
              o.spansPerRequest(),
              o.maxInFlight(),
              loadAverageStart,
              loadAverageEnd));
      for (FaultRun f : faults) {
        out.append(
            String.format(
                Locale.ROOT,
                "fault %-18s ran %6.1f -> %6.1f s%s%n",
                f.fault(),
                f.startedSecond(),
                f.endedSecond(),
                f.note().isEmpty() ? "" : " (" + f.note() + ")"));
      }
      out.append(
          String.format(
              Locale.ROOT,
              "sender: %d requests waited for an in-flight slot; last failure: %s%n"
                  + "agent queue drained %.1f s after the load ended%n",
              behindSchedule,
              lastSenderFailure.isEmpty() ? "none" : lastSenderFailure,
              drainSeconds));
      out.append(verdict.describe());
      Map<String, long[]> ranges = new LinkedHashMap<>();
      for (ResourceSampler.Sample s : samples) {
        long[] r =
            ranges.computeIfAbsent(s.role(), k -> new long[] {Long.MAX_VALUE, 0, 1 << 30, 0});
        r[0] = Math.min(r[0], s.rssBytes());
        r[1] = Math.max(r[1], s.rssBytes());
        r[2] = Math.min(r[2], s.fds());
        r[3] = Math.max(r[3], s.fds());
      }
      for (var e : ranges.entrySet()) {
        long[] r = e.getValue();
        out.append(
            String.format(
                Locale.ROOT,
                "%s: RSS %.0f-%.0f MiB, open fds %d-%d over the run%n",
                e.getKey(),
                r[0] / 1048576.0,
                r[1] / 1048576.0,
                r[2],
                r[3]));
      }
      out.append(
          String.format(
              Locale.ROOT,
              "growth (per process, the last half of its longest steady stretch: %.0f s after its"
                  + " start and after each fault; fails when slope - %.0f standard errors > bound):"
                  + "%n",
              GrowthCheck.WARM_UP_SECONDS,
              GrowthCheck.NOISE_SIGMAS));
      for (GrowthCheck.Trend t : trends) {
        out.append("  ").append(t.describe()).append('\n');
      }
      out.append(
          String.format(
              Locale.ROOT,
              "no growth trend: %s%n",
              growing().isEmpty() ? "yes" : "NO, growing: " + growing()));
      return out.toString();
    }
  }

  /** Load after the last fault: its backlog drains while new spans still arrive. */
  private static final int TAIL_SECONDS = 20;

  private SoakHarness() {}

  public static void main(String[] args) throws Exception {
    SoakOptions options;
    try {
      options = SoakOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("soak: " + e.getMessage());
      System.exit(2);
      return;
    }
    Result result = run(options);
    System.out.print(result.report());
    System.exit(result.passed() ? 0 : 1);
  }

  static Result run(SoakOptions o) throws IOException, InterruptedException {
    Path work = o.work().toAbsolutePath();
    ChildProcesses.deleteTree(work);
    Files.createDirectories(work);
    double loadStart = ProcFs.loadAverage();
    // Room for the load to go on while faults overrun their schedule on a slow machine.
    int maxRequests =
        (int)
            Math.min(
                Integer.MAX_VALUE / o.spansPerRequest() - 16,
                3L * o.seconds() * o.spansPerSecond() / o.spansPerRequest() + 16);
    SpanLedger ledger =
        new SpanLedger(1 + new SecureRandom().nextInt(0xfffe), o.spansPerRequest(), maxRequests);
    CoreChild core =
        new CoreChild(
            work.resolve("core"), o.coreApp(), SoakOptions.TENANT, o.coreHeap(), o.chdbLibrary());
    AgentChild agent = null;
    try {
      core.start();
      agent =
          new AgentChild(
              work.resolve("agent"), o.agentApp(), SoakOptions.AGENT_ID, SoakOptions.TENANT, core);
      agent.start(o.queueBytes());
      core.registerAgent(SoakOptions.TENANT, SoakOptions.AGENT_ID, agent.publicKeyBase64());
      log("core and agent ready; load starts");

      long start = System.nanoTime();
      AgentChild a = agent;
      Map<String, LongSupplier> pids = new LinkedHashMap<>();
      pids.put("core", core::pid);
      pids.put("agent", a::pid);
      List<FaultRun> runs = new ArrayList<>();
      List<SoakVerdict.BudgetWindow> windows = new ArrayList<>();
      double drained;
      long behind;
      String lastFailure;
      Map<Integer, Double> dropMetric = new ConcurrentHashMap<>();
      try (ResourceSampler sampler = new ResourceSampler(pids, start, o.sampleSeconds());
          LoadSender sender =
              new LoadSender(ledger, a::tracesUri, o.spansPerSecond(), o.maxInFlight(), start)) {
        sampler.start();
        sender.start();
        Thread dropWatch =
            Thread.ofPlatform()
                .daemon()
                .start(
                    () -> {
                      while (!Thread.currentThread().isInterrupted()) {
                        watchDrops(a, dropMetric);
                        try {
                          Thread.sleep(2000);
                        } catch (InterruptedException e) {
                          return;
                        }
                      }
                    });
        for (FaultPlan.Fault fault : o.faults().faults()) {
          long due = start + TimeUnit.SECONDS.toNanos(fault.atSecond());
          long wait = due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          double began = seconds(start);
          log("fault " + fault + " starts at " + String.format(Locale.ROOT, "%.1f s", began));
          watchDrops(a, dropMetric);
          String note = inject(fault, core, a, o, start, windows);
          runs.add(new FaultRun(fault, began, seconds(start), note));
          log("fault " + fault + " done" + (note.isEmpty() ? "" : ": " + note));
        }
        // The load goes on for --seconds, and at least TAIL_SECONDS after the last fault ended
        // (restarts on a loaded machine can push the schedule past the planned end).
        long end =
            Math.max(
                start + TimeUnit.SECONDS.toNanos(o.seconds()),
                System.nanoTime() + TimeUnit.SECONDS.toNanos(TAIL_SECONDS));
        TimeUnit.NANOSECONDS.sleep(Math.max(0, end - System.nanoTime()));
        sender.finish();
        double loadEnded = seconds(start);
        log("load ended; draining the agent's queue");
        awaitEmptyQueue(a, o.drainSeconds());
        drained = seconds(start) - loadEnded;
        watchDrops(a, dropMetric);
        dropWatch.interrupt();
        sampler.sampleNow();
        behind = sender.behindSchedule();
        lastFailure = sender.lastFailure();
        List<GrowthCheck.Disturbance> disturbances =
            runs.stream()
                .map(r -> new GrowthCheck.Disturbance(r.startedSecond(), r.endedSecond()))
                .toList();
        List<GrowthCheck.Trend> trends =
            GrowthCheck.judge(sampler.samples(), disturbances, loadEnded);
        a.stop();
        core.stop();
        log("core and agent stopped; reading the store");
        StoredSpans.Counts stored =
            StoredSpans.read(core.clickhouseDir(), SoakOptions.TENANT, ledger);
        long inWindows = 0;
        long elsewhere = 0;
        for (int s = 1; s <= a.starts(); s++) {
          long dropped = a.droppedSpansLogged(s);
          final int startNumber = s;
          if (windows.stream().anyMatch(w -> w.agentStart() == startNumber)) {
            inWindows += dropped;
          } else {
            elsewhere += dropped;
          }
          if (dropped > 0 || dropMetric.getOrDefault(s, 0.0) > 0) {
            log(
                String.format(
                    Locale.ROOT,
                    "agent start %d: %d spans dropped in its log, %.0f in its counter when last read",
                    s,
                    dropped,
                    dropMetric.getOrDefault(s, -1.0)));
          }
        }
        SoakVerdict verdict = SoakVerdict.of(ledger, stored, windows, inWindows, elsewhere);
        Result result =
            new Result(
                o,
                verdict,
                runs,
                trends,
                sampler.samples(),
                loadEnded,
                drained,
                behind,
                lastFailure,
                loadStart,
                ProcFs.loadAverage());
        writeSamples(work.resolve("resources.csv"), result.samples());
        return result;
      }
    } finally {
      if (agent != null) {
        agent.stop();
      }
      core.stop();
    }
  }

  private static String inject(
      FaultPlan.Fault fault,
      CoreChild core,
      AgentChild agent,
      SoakOptions o,
      long start,
      List<SoakVerdict.BudgetWindow> windows)
      throws IOException, InterruptedException {
    switch (fault.kind()) {
      case AGENT_KILL -> {
        agent.kill();
        long t = System.nanoTime();
        agent.start(o.queueBytes());
        return String.format(Locale.ROOT, "agent back in %.1f s", (System.nanoTime() - t) / 1e9);
      }
      case CORE_KILL -> {
        core.kill();
        long t = System.nanoTime();
        core.start();
        return String.format(Locale.ROOT, "core back in %.1f s", (System.nanoTime() - t) / 1e9);
      }
      case CORE_PAUSE -> {
        core.pause();
        Thread.sleep(fault.seconds() * 1000L);
        core.resume();
        return "";
      }
      case BUDGET -> {
        // What the normal agent still queues may be dropped under the small budget; that is a
        // drop of this window too (the verdict checks totals), but a short wait keeps it rare.
        boolean empty = awaitEmptyQueue(agent, 30);
        agent.stop();
        int from = (int) ((System.nanoTime() - start) / 1_000_000);
        agent.start(o.budgetBytes());
        int small = agent.starts();
        core.pause();
        Thread.sleep(fault.seconds() * 1000L);
        core.resume();
        // A queue not drained yet goes on under the normal budget: no drop after the switch.
        boolean drained = awaitEmptyQueue(agent, 30);
        double counted = agent.droppedSpansMetric();
        agent.stop();
        int to = (int) ((System.nanoTime() - start) / 1_000_000);
        windows.add(new SoakVerdict.BudgetWindow(small, from, to));
        agent.start(o.queueBytes());
        return String.format(
            Locale.ROOT,
            "agent start %d with a %d-byte queue; %.0f spans counted dropped%s%s",
            small,
            o.budgetBytes(),
            counted,
            empty ? "" : "; queue not empty before the switch",
            drained ? "" : "; queue not drained after the pause");
      }
    }
    throw new IllegalStateException("unknown fault " + fault);
  }

  private static void watchDrops(AgentChild agent, Map<Integer, Double> dropMetric) {
    int s = agent.starts();
    double v = agent.droppedSpansMetric();
    if (v >= 0) {
      dropMetric.merge(s, v, Math::max);
    }
  }

  /** Waits until the agent's queue holds no segment; false when {@code seconds} passed first. */
  private static boolean awaitEmptyQueue(AgentChild agent, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (agent.queueSegments() == 0) {
        return true;
      }
      Thread.sleep(500);
    }
    return false;
  }

  private static void writeSamples(Path file, List<ResourceSampler.Sample> samples)
      throws IOException {
    Files.writeString(file, samplesCsv(samples));
  }

  /**
   * Every sample as a CSV row, with every column the growth check reads (its RSS outside the heap
   * and code cache is {@code rss_bytes - capped_rss_bytes}; -1 when their ranges were unknown).
   */
  static String samplesCsv(List<ResourceSampler.Sample> samples) {
    StringBuilder csv =
        new StringBuilder(
            "role,pid,seconds,rss_bytes,capped_rss_bytes,threads,fds,thread_handles,fd_kinds\n");
    for (ResourceSampler.Sample s : samples) {
      csv.append(
          String.format(
              Locale.ROOT,
              "%s,%d,%.1f,%d,%d,%d,%d,%d,%s%n",
              s.role(),
              s.pid(),
              s.seconds(),
              s.rssBytes(),
              s.cappedRssBytes(),
              s.threads(),
              s.fds(),
              s.threadHandles(),
              s.fdKinds()));
    }
    return csv.toString();
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static void log(String message) {
    System.out.println("[soak " + java.time.LocalTime.now().withNano(0) + "] " + message);
  }
}
