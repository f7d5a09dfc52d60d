package io.mirador.benchmarks.rca;

import io.mirador.rca.CalibratedDetector;
import io.mirador.rca.Finding;
import io.mirador.rca.IncidentEvent;
import io.mirador.rca.IncidentPolicy;
import io.mirador.rca.IncidentTracker;
import io.mirador.rca.MetricWindow;
import io.mirador.rca.RootCauseRanker;
import io.mirador.rca.TimeWindow;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-minute detection loop of one tenant with 100 services: each service's current minute (8
 * features) scored by its Isolation Forest against its own alarm level, anomalous ones explained,
 * the scores fed to the {@link IncidentTracker}, whose analyzer re-ranks (BARO + PageRank over 60
 * minutes) every minute an incident is open. A 20-minute cycle repeats: 10 minutes with one back
 * end faulty, 10 normal, so incidents open, update and close. {@link #refitAll} is the periodic
 * retraining of all 100 forests on a day of baseline, alarm levels included (every baseline minute
 * scored). Goal: the loop uses under 10 % of a core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DetectionLoopBenchmark {
  static final int SERVICES = 100;
  static final int BASELINE_MINUTES = 1440;
  static final int CYCLE = 20;
  static final int FAULT_MINUTES = 10;

  /** Relative scores: 1 is the service's own alarm level. */
  static final double THRESHOLD = 1.0;

  private static final Instant T0 = Instant.parse("2026-11-21T00:00:00Z");

  private SyntheticServices estate;
  private CalibratedDetector[] detectors;
  private double[][][] cycle;
  private IncidentTracker tracker;
  private long minute;
  private long opened;

  @Setup
  public void setUp() {
    estate = SyntheticServices.generate(SERVICES, BASELINE_MINUTES + CYCLE, CYCLE, 11);
    detectors = fitAll();
    cycle = new double[SERVICES][CYCLE][];
    for (int s = 0; s < SERVICES; s++) {
      for (int c = 0; c < CYCLE; c++) {
        int source = c < FAULT_MINUTES ? BASELINE_MINUTES + c : BASELINE_MINUTES - CYCLE + c;
        cycle[s][c] = estate.values[s][source].clone();
      }
    }
    List<MetricWindow> windows = SyntheticServices.generate(SERVICES, 60, 5, 11).metricWindows(55);
    RootCauseRanker ranker =
        RootCauseRanker.withGraph(RootCauseRanker.Scoring.ROBUST_DEVIATION, estate.graph);
    tracker =
        new IncidentTracker(
            IncidentPolicy.withThreshold(THRESHOLD),
            (tenant, services, window) -> rank(ranker, windows, window));
  }

  private static Finding rank(RootCauseRanker ranker, List<MetricWindow> windows, TimeWindow w) {
    return ranker.rank(windows, w, Optional.empty());
  }

  private CalibratedDetector[] fitAll() {
    var fitted = new CalibratedDetector[SERVICES];
    for (int s = 0; s < SERVICES; s++) {
      fitted[s] =
          CalibratedDetector.fit(
              estate.rows(s, 0, BASELINE_MINUTES), s, CalibratedDetector.DEFAULT_QUANTILE);
    }
    return fitted;
  }

  /** One minute of one tenant: score, explain, track. */
  @Benchmark
  public List<IncidentEvent> detectMinute(Blackhole sink) {
    int c = (int) (minute % CYCLE);
    var scores = new HashMap<String, Double>(2 * SERVICES);
    for (int s = 0; s < SERVICES; s++) {
      double[] x = cycle[s][c];
      double score = detectors[s].relativeScore(x);
      scores.put(estate.services.get(s), score);
      if (score >= THRESHOLD) {
        sink.consume(detectors[s].explain(x, SyntheticServices.FEATURES));
      }
    }
    List<IncidentEvent> events =
        tracker.observe(
            "tenant-a", T0.plusSeconds(60 * minute++), scores, Optional.of(estate.graph));
    for (IncidentEvent e : events) {
      if (e instanceof IncidentEvent.Opened) {
        opened++;
      }
    }
    return events;
  }

  /** Retraining every service's forest on a day of minutes. */
  @Benchmark
  public CalibratedDetector[] refitAll() {
    return fitAll();
  }

  @TearDown
  public void report() {
    if (minute > 0) {
      System.out.printf(
          "%n[detectMinute] %d minutes fed, %d incidents opened (one per %d-minute cycle"
              + " expected)%n",
          minute, opened, CYCLE);
    }
  }
}
