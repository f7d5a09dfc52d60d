package io.mirador.benchmarks.rca;

import io.mirador.rca.IncidentEvent;
import io.mirador.rca.TimeWindow;
import io.mirador.rca.online.CallEdge;
import io.mirador.rca.online.DetectionLoop;
import io.mirador.rca.online.FeatureData;
import io.mirador.rca.online.FeatureSource;
import io.mirador.rca.online.ServiceMinute;
import io.mirador.rca.online.Tick;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The service's detection loop as it runs: {@link DetectionLoop#tick} of one tenant with 100
 * services, one call per simulated minute, over an in-memory {@link FeatureSource} that builds the
 * per-service-minute records the core's client would (so the cost of turning rows into feature
 * tables is included, the HTTP call and the core's query are not). Each tick reads its minute,
 * scores every service, feeds the tracker; the RCA (baseline hour + incident window, BARO) runs
 * every minute an incident is open; the forests are refitted on 3 hours every simulated hour, so
 * the average per tick includes the refits. A 20-minute cycle repeats after 3 hours of normal data:
 * 10 minutes with one back end faulty, 10 normal. The teardown prints the process CPU time per tick
 * (all threads, JIT and GC included), which is the "share of a core" of the goal.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OnlineDetectionLoopBenchmark {
  static final int SERVICES = 100;
  static final int NORMAL_MINUTES = 180;
  static final int CYCLE = 20;
  static final int FAULT_MINUTES = 10;
  static final int HORIZON = 6000;
  private static final Instant T0 = Instant.parse("2026-11-21T00:00:00Z");

  private SyntheticServices estate;
  private int faulty;
  private boolean[] callsFaulty;
  private List<CallEdge> edges;
  private DetectionLoop loop;
  private long minute;
  private long opened;
  private long closed;
  private long fallbacks;
  private long ticks;
  private long cpuAtStart;

  @Setup(Level.Trial)
  public void setUp() {
    estate = SyntheticServices.generate(SERVICES, HORIZON, 0, 11);
    faulty = estate.services.indexOf(estate.faulty);
    callsFaulty = new boolean[SERVICES];
    for (int s = 0; s < SERVICES; s++) {
      callsFaulty[s] =
          estate.graph.callees(estate.services.get(s)).contains(estate.services.get(faulty));
    }
    edges = new ArrayList<>();
    for (String caller : estate.graph.services()) {
      for (String callee : estate.graph.callees(caller)) {
        edges.add(new CallEdge(caller, callee, 100, 1, 1e6, 2e6, 3e6));
      }
    }
    loop =
        DetectionLoop.builder(this::features, this::record)
            .baseline(Duration.ofHours(3))
            .refitEvery(Duration.ofHours(1))
            .build();
    minute = NORMAL_MINUTES;
    cpuAtStart = processCpuNanos();
  }

  /** Whether simulated minute {@code m} is in the faulty half of a cycle. */
  private static boolean faultyMinute(long m) {
    return m >= NORMAL_MINUTES && (m - NORMAL_MINUTES) % CYCLE < FAULT_MINUTES;
  }

  /** Service {@code s} in minute {@code m}, with the fault applied in faulty minutes. */
  private double[] values(int s, long m) {
    double[] v = estate.values[s][(int) (m % HORIZON)].clone();
    if (faultyMinute(m) && s == faulty) {
      v[6] = Math.min(1, v[6] + 0.4);
      v[4] *= 4;
      v[3] *= 2.5;
      v[1] *= 5;
    } else if (faultyMinute(m) && callsFaulty[s]) {
      v[4] *= 2;
      v[3] *= 1.5;
    }
    return v;
  }

  private FeatureData features(String tenant, TimeWindow window) {
    var rows = new ArrayList<ServiceMinute>();
    for (Instant t = window.start(); t.isBefore(window.end()); t = t.plusSeconds(60)) {
      long m = Duration.between(T0, t).toMinutes();
      if (m < 0) {
        continue;
      }
      for (int s = 0; s < SERVICES; s++) {
        double[] v = values(s, m);
        long requests = Math.round(v[0] * 60);
        rows.add(
            new ServiceMinute(
                estate.services.get(s),
                t,
                requests,
                Math.round(requests * v[1]),
                v[2] * 1e6,
                v[3] * 1e6,
                v[4] * 1e6,
                Math.round(v[5]),
                Map.of("container.cpu.utilization", v[6], "container.memory.usage", v[7])));
      }
    }
    return new FeatureData(rows, rows.isEmpty() ? List.of() : edges);
  }

  private void record(IncidentEvent event) {
    if (event instanceof IncidentEvent.Opened) {
      opened++;
    } else if (event instanceof IncidentEvent.Closed) {
      closed++;
    }
  }

  /** One minute of one tenant with 100 services, as the scheduler runs it. */
  @Benchmark
  public Tick tick() {
    ticks++;
    // The wall clock at which simulated minute `minute` has settled: two minutes later.
    Tick tick = loop.tick("tenant-a", T0.plus(Duration.ofMinutes(minute++ + 2)).plusSeconds(5));
    fallbacks += tick.fallbacks();
    return tick;
  }

  @TearDown(Level.Trial)
  public void report() {
    double cpuMsPerTick = (processCpuNanos() - cpuAtStart) / 1e6 / Math.max(1, ticks);
    System.out.printf(
        "%n[tick] %d ticks (%d refits, %d fault cycles of %d minutes), %d incidents opened, %d"
            + " closed, %d findings from the detectors' fallback; process CPU %.2f ms per tick ="
            + " %.3f %% of one core at one tick per minute%n",
        ticks,
        ticks / 60 + 1,
        ticks / CYCLE,
        CYCLE,
        opened,
        closed,
        fallbacks,
        cpuMsPerTick,
        cpuMsPerTick / 600);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
