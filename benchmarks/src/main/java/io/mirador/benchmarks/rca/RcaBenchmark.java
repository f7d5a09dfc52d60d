package io.mirador.benchmarks.rca;

import io.mirador.rca.Finding;
import io.mirador.rca.IsolationForestDetector;
import io.mirador.rca.MetricWindow;
import io.mirador.rca.RootCauseRanker;
import io.mirador.rca.TimeWindow;
import java.time.Instant;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * One RCA over 50 services and 60 one-minute windows (55 baseline, 5 incident, as the issue's
 * 5-minute RCA window), 8 features each, over a layered call graph. Goal: under 2 s per RCA.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RcaBenchmark {
  static final int SERVICES = 50;
  static final int MINUTES = 60;
  static final int INCIDENT_MINUTES = 5;
  static final int SPLIT = MINUTES - INCIDENT_MINUTES;

  private SyntheticServices estate;
  private List<MetricWindow> windows;
  private TimeWindow window;

  @Setup
  public void setUp() {
    estate = SyntheticServices.generate(SERVICES, MINUTES, INCIDENT_MINUTES, 7);
    windows = estate.metricWindows(SPLIT);
    Instant start = Instant.parse("2026-11-21T12:00:00Z").plusSeconds(60L * SPLIT);
    window = new TimeWindow(start, start.plusSeconds(60L * INCIDENT_MINUTES));
    String top = baroPageRank().causes().getFirst().service();
    if (!top.equals(estate.faulty)) {
      throw new IllegalStateException("synthetic fault in " + estate.faulty + " ranked " + top);
    }
  }

  /** The default ranking (BARO robust deviation), no graph. */
  @Benchmark
  public Finding baro() {
    return RootCauseRanker.of(RootCauseRanker.Scoring.ROBUST_DEVIATION)
        .rank(windows, window, Optional.empty());
  }

  /** BARO scores propagated by personalised PageRank over the call graph, with call paths. */
  @Benchmark
  public Finding baroPageRank() {
    return RootCauseRanker.withGraph(RootCauseRanker.Scoring.ROBUST_DEVIATION, estate.graph)
        .rank(windows, window, Optional.empty());
  }

  /**
   * What {@code POST /api/v1/rca} does in full: an Isolation Forest per service fitted on its
   * baseline minutes, the incident minutes scored, the worst one explained per feature, then the
   * BARO + PageRank ranking.
   */
  @Benchmark
  public void detectExplainAndRank(Blackhole sink) {
    for (int s = 0; s < SERVICES; s++) {
      var detector = IsolationForestDetector.fit(estate.rows(s, 0, SPLIT), s);
      double[][] incident = estate.rows(s, SPLIT, MINUTES);
      double[] scores = detector.score(incident);
      int worst = 0;
      for (int i = 1; i < scores.length; i++) {
        if (scores[i] > scores[worst]) {
          worst = i;
        }
      }
      sink.consume(detector.explain(incident[worst], SyntheticServices.FEATURES));
    }
    sink.consume(baroPageRank());
  }

  /** Isolation Forest scoring inside the ranker (fits one forest per service), over the graph. */
  @Benchmark
  public Finding isolationForestPageRank() {
    return RootCauseRanker.withGraph(RootCauseRanker.Scoring.ISOLATION_FOREST, estate.graph)
        .rank(windows, window, Optional.empty());
  }
}
