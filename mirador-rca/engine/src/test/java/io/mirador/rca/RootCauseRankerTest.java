package io.mirador.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RootCauseRankerTest {
  private static final TimeWindow WINDOW =
      new TimeWindow(Instant.ofEpochSecond(1000), Instant.ofEpochSecond(1300));

  private static double[] noise(int n, double level, double spread, long seed) {
    var random = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = level + spread * random.nextGaussian();
    }
    return v;
  }

  private static List<MetricWindow> incident() {
    return List.of(
        new MetricWindow("front-end", "latency", noise(300, 50, 2, 1), noise(60, 54, 2, 2)),
        new MetricWindow("carts", "cpu", noise(300, 10, 1, 3), noise(60, 90, 1, 4)),
        new MetricWindow("carts", "memory", noise(300, 1e8, 1e5, 5), noise(60, 1e8, 1e5, 6)),
        new MetricWindow("user", "cpu", noise(300, 20, 1, 7), noise(60, 20, 1, 8)));
  }

  @Test
  void largestRiseRanksFirstWithMeasuredEvidence() {
    Finding finding =
        RootCauseRanker.of(RootCauseRanker.Scoring.ROBUST_DEVIATION)
            .rank(incident(), WINDOW, Optional.of("front-end"));
    assertThat(finding.causes()).extracting(Finding.Cause::service).first().isEqualTo("carts");
    Finding.Cause top = finding.causes().getFirst();
    Finding.MetricEvidence evidence = top.evidence().getFirst();
    assertThat(evidence.metric()).isEqualTo("cpu");
    assertThat(evidence.baselineMedian()).isBetween(9.5, 10.5);
    assertThat(evidence.observed()).isGreaterThan(88);
    assertThat(evidence.deviation()).isGreaterThan(40);
    assertThat(finding.symptom().service()).isEqualTo("front-end");
    assertThat(finding.symptom().metric()).isEqualTo("latency");
    assertThat(finding.causes().stream().mapToDouble(Finding.Cause::confidence).sum())
        .isBetween(0.99, 1.01);
    assertThat(top.confidence()).isGreaterThan(0.5);
  }

  @Test
  void aMovedErrorRateIsAmongTheEvidenceAndEvidenceIsSortedByMagnitude() {
    List<MetricWindow> metrics =
        List.of(
            new MetricWindow("carts", "latency_p50", noise(300, 10, 1, 11), noise(60, 90, 1, 12)),
            new MetricWindow("carts", "latency_p95", noise(300, 10, 1, 13), noise(60, 80, 1, 14)),
            new MetricWindow("carts", "latency_p99", noise(300, 10, 1, 15), noise(60, 70, 1, 16)),
            new MetricWindow(
                "carts", "error_rate", noise(300, 0.01, 0.002, 17), noise(60, 0.05, 0.002, 18)),
            new MetricWindow("carts", "requests", noise(300, 100, 5, 19), noise(60, 100, 5, 20)));
    Finding.Cause carts =
        RootCauseRanker.of(RootCauseRanker.Scoring.ROBUST_DEVIATION)
            .rank(metrics, WINDOW, Optional.empty())
            .causes()
            .getFirst();
    assertThat(carts.evidence())
        .extracting(Finding.MetricEvidence::metric)
        .startsWith("latency_p50")
        .contains("error_rate")
        .doesNotContain("requests");
    assertThat(carts.evidence())
        .extracting(e -> Math.abs(e.deviation()))
        .isSortedAccordingTo(java.util.Comparator.reverseOrder());
  }

  @Test
  void eachCauseAppearsOnceTheBestRankedKept() {
    Finding.Symptom symptom = new Finding.Symptom("front-end", "latency", WINDOW);
    Finding finding =
        new Finding(
            symptom,
            List.of(
                new Finding.Cause("carts", 3, 0.5, List.of(), List.of()),
                new Finding.Cause("db", 2, 0.3, List.of(), List.of()),
                new Finding.Cause("carts", 1, 0.2, List.of(), List.of())));
    assertThat(finding.causes()).extracting(Finding.Cause::service).containsExactly("carts", "db");
    assertThat(finding.causes().getFirst().score()).isEqualTo(3);
  }

  @Test
  void everyScoringRanksEveryService() {
    for (var scoring : RootCauseRanker.Scoring.values()) {
      Finding finding = RootCauseRanker.of(scoring).rank(incident(), WINDOW, Optional.empty());
      assertThat(finding.causes())
          .extracting(Finding.Cause::service)
          .containsExactlyInAnyOrder("front-end", "carts", "user");
      assertThat(finding.causes().getFirst().service()).as(scoring.name()).isEqualTo("carts");
    }
  }

  @Test
  void calleeThatExplainsItsCallerRanksAboveIt() {
    // The caller's own deviation is larger (its latency adds up the callee's), but the call graph
    // shows that the anomalous callee explains it.
    Map<String, Double> scores = Map.of("gateway", 5.0, "orders", 4.0, "db", 0.1);
    CallGraph graph =
        CallGraph.builder().addCall("gateway", "orders").addCall("orders", "db").build();
    Map<String, Double> ranked = PersonalizedPageRank.rank(graph, scores);
    assertThat(ranked.get("orders")).isGreaterThan(ranked.get("gateway"));
    assertThat(ranked.get("gateway")).isGreaterThan(ranked.get("db"));

    List<MetricWindow> metrics =
        List.of(
            new MetricWindow("gateway", "latency", noise(300, 10, 1, 1), noise(60, 60, 1, 2)),
            new MetricWindow("orders", "latency", noise(300, 8, 1, 3), noise(60, 50, 1, 4)),
            new MetricWindow("db", "latency", noise(300, 2, 1, 5), noise(60, 2, 1, 6)));
    var scoring = RootCauseRanker.Scoring.ROBUST_DEVIATION;
    assertThat(RootCauseRanker.of(scoring).rank(metrics, WINDOW, Optional.empty()).causes())
        .first()
        .extracting(Finding.Cause::service)
        .isEqualTo("gateway");
    Finding withGraph =
        RootCauseRanker.withGraph(scoring, graph).rank(metrics, WINDOW, Optional.empty());
    assertThat(withGraph.causes().getFirst().service()).isEqualTo("orders");
    assertThat(withGraph.causes().getFirst().callPath()).containsExactly("gateway", "orders");
  }

  @Test
  void healthyCalleeDoesNotTakeTheBlame() {
    Map<String, Double> scores = Map.of("gateway", 5.0, "orders", 0.1);
    CallGraph graph = CallGraph.builder().addCall("gateway", "orders").build();
    Map<String, Double> ranked = PersonalizedPageRank.rank(graph, scores);
    assertThat(ranked.get("gateway")).isGreaterThan(ranked.get("orders"));
  }

  @Test
  void rejectsBadInput() {
    var ranker = RootCauseRanker.of(RootCauseRanker.Scoring.ROBUST_DEVIATION);
    assertThatThrownBy(() -> ranker.rank(List.of(), WINDOW, Optional.empty()))
        .hasMessageContaining("no metrics");
    assertThatThrownBy(() -> ranker.rank(incident(), WINDOW, Optional.of("nope")))
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> new MetricWindow("a", "b", new double[0], new double[] {1}))
        .hasMessageContaining("empty baseline");
  }
}
