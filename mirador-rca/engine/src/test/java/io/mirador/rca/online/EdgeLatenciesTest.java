package io.mirador.rca.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mirador.rca.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EdgeLatenciesTest {
  private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
  private static final double MS = 1e6;

  /**
   * A deep estate: gateway -> api -> orders -> {db, cache}, batch -> orders, api -> users -> db.
   * Every edge has a 1-2 ms gap with noise; the server times are fixed per callee.
   */
  private static final List<List<String>> EDGES =
      List.of(
          List.of("gateway", "api"),
          List.of("api", "orders"),
          List.of("api", "users"),
          List.of("batch", "orders"),
          List.of("orders", "db"),
          List.of("orders", "cache"),
          List.of("users", "db"));

  /** A fault that adds {@code addedMs} to the gaps of the edges {@code slow} says. */
  private interface Slow {
    boolean test(String caller, String callee);
  }

  private static List<EdgeMinute> minutes(int from, int to, Slow slow, double addedMs) {
    var out = new ArrayList<EdgeMinute>();
    for (int m = from; m < to; m++) {
      for (List<String> e : EDGES) {
        var r = new SplittableRandom(e.hashCode() * 31L + m);
        double gap = (1.5 + 0.1 * r.nextGaussian()) * MS;
        if (slow.test(e.get(0), e.get(1))) {
          gap += addedMs * MS;
        }
        double server = (10 + e.get(1).length()) * MS * (1 + 0.02 * r.nextGaussian());
        out.add(
            new EdgeMinute(
                e.get(0),
                e.get(1),
                T0.plus(Duration.ofMinutes(m)),
                100,
                gap,
                gap * 2,
                server,
                server * 2,
                "trace-" + e.get(0) + "-" + e.get(1) + "-" + m,
                gap + server + m * 1000));
      }
    }
    return out;
  }

  private static EdgeLatencies fault(Slow slow) {
    return EdgeLatencies.of(minutes(0, 60, (a, b) -> false, 0), minutes(60, 65, slow, 20));
  }

  @Test
  void aSlowNetworkIsChargedToItsServiceNotToItsCallersOrCallees() {
    // orders' network is slow both ways: its callers wait on the wire to it, it waits on its own.
    EdgeLatencies edges =
        fault((caller, callee) -> caller.equals("orders") || callee.equals("orders"));

    Map<String, Double> scores = edges.networkScores();

    assertThat(scores)
        .containsOnlyKeys("gateway", "api", "users", "batch", "orders", "db", "cache");
    double orders = scores.get("orders");
    assertThat(orders).isGreaterThan(10);
    // The callers (api, batch) and callees (db, cache) moved on one edge each, the one to orders:
    // their other edges did not, so that move is charged to orders.
    for (String other : List.of("api", "batch", "db", "cache", "gateway", "users")) {
      assertThat(scores.get(other)).as(other).isLessThan(orders / 5);
    }
  }

  @Test
  void aSlowInboundPathIsChargedToTheServiceTheCallersShare() {
    // Only the traffic into orders is delayed: two callers, whose other edges stay as they were.
    EdgeLatencies edges = fault((caller, callee) -> callee.equals("orders"));

    Map<String, Double> scores = edges.networkScores();

    assertThat(ScoreOrder.first(scores)).isEqualTo("orders");
    assertThat(scores.get("batch")).isLessThan(scores.get("orders") / 5);
  }

  @Test
  void aSlowServerIsNoNetworkFault() {
    // orders' answers take longer (CPU, a slow query): its calls' gaps stay as they were.
    List<EdgeMinute> window = new ArrayList<>();
    for (EdgeMinute m : minutes(60, 65, (a, b) -> false, 0)) {
      window.add(
          m.callee().equals("orders")
              ? new EdgeMinute(
                  m.caller(),
                  m.callee(),
                  m.minute(),
                  m.calls(),
                  m.gapP50Nanos(),
                  m.gapP95Nanos(),
                  m.serverP50Nanos() + 200 * MS,
                  m.serverP95Nanos() + 400 * MS,
                  m.slowestTraceId(),
                  m.slowestNanos() + 400 * MS)
              : m);
    }
    EdgeLatencies edges = EdgeLatencies.of(minutes(0, 60, (a, b) -> false, 0), window);

    assertThat(edges.networkScores().get("orders")).isLessThan(5);
    // The evidence still shows the server time that moved.
    Finding.EdgeEvidence into =
        edges.evidence("orders", 10).stream()
            .filter(e -> e.caller().equals("api"))
            .findFirst()
            .orElseThrow();
    assertThat(into.windowServerP50Nanos() - into.baselineServerP50Nanos())
        .isCloseTo(200 * MS, within(2 * MS));
    assertThat(into.addedGapNanos()).isCloseTo(0, within(0.3 * MS));
  }

  @Test
  void evidenceShowsTheLatencyEachEdgeAddedBaselineAgainstWindow() {
    EdgeLatencies edges =
        fault((caller, callee) -> caller.equals("orders") || callee.equals("orders"));

    List<Finding.EdgeEvidence> evidence = edges.evidence("orders", 3);

    assertThat(evidence).hasSize(3);
    for (Finding.EdgeEvidence e : evidence) {
      assertThat(e.caller().equals("orders") || e.callee().equals("orders")).isTrue();
      assertThat(e.addedGapNanos()).isCloseTo(20 * MS, within(0.5 * MS));
      assertThat(e.windowGapP50Nanos() - e.baselineGapP50Nanos()).isEqualTo(e.addedGapNanos());
      assertThat(e.baselineGapP50Nanos()).isCloseTo(1.5 * MS, within(0.2 * MS));
      assertThat(e.windowGapP95Nanos()).isGreaterThan(e.baselineGapP95Nanos() + 30 * MS);
      // server time unchanged: the callee answered as fast as before
      assertThat(e.windowServerP50Nanos()).isCloseTo(e.baselineServerP50Nanos(), within(1 * MS));
      assertThat(e.gapDeviation()).isGreaterThan(10);
      assertThat(e.share()).isGreaterThan(0.9);
      assertThat(e.calls()).isEqualTo(500);
    }
    // From the caller's side the same edge is charged away from it.
    Finding.EdgeEvidence atApi =
        edges.evidence("api", 5).stream()
            .filter(e -> e.callee().equals("orders"))
            .findFirst()
            .orElseThrow();
    assertThat(atApi.share()).isLessThan(0.1);
  }

  @Test
  void slowCallsAreTheSlowestCallsToTheCauseOnePerTrace() {
    EdgeLatencies edges = fault((caller, callee) -> callee.equals("orders"));

    List<Finding.Example> slow = edges.slowCalls("orders", 3);

    assertThat(slow).hasSize(3);
    assertThat(slow)
        .allSatisfy(x -> assertThat(x.kind()).isEqualTo(Finding.Example.Kind.SLOW_CALL));
    assertThat(slow).allSatisfy(x -> assertThat(x.service()).isEqualTo("orders"));
    assertThat(slow).allSatisfy(x -> assertThat(x.traceId()).contains("-orders-"));
    assertThat(slow).extracting(Finding.Example::traceId).doesNotHaveDuplicates();
    assertThat(slow.getFirst().text()).startsWith("call ").contains(" -> orders took ");
    // gateway is called by nobody: its slowest calls out stand for it.
    assertThat(edges.slowCalls("gateway", 2))
        .extracting(Finding.Example::traceId)
        .allSatisfy(t -> assertThat(t).startsWith("trace-gateway-api-"));
  }

  @Test
  void anEdgeWithoutBaselineAndAnEmptySourceMoveNothing() {
    List<EdgeMinute> window = new ArrayList<>(minutes(60, 65, (a, b) -> false, 0));
    window.add(
        new EdgeMinute("new", "orders", T0.plusSeconds(3600), 5, 900 * MS, 900 * MS, 1, 1, "", 0));
    EdgeLatencies edges = EdgeLatencies.of(minutes(0, 60, (a, b) -> false, 0), window);

    assertThat(edges.networkScores()).doesNotContainKey("new");
    assertThat(EdgeLatencies.NONE.isEmpty()).isTrue();
    assertThat(EdgeLatencies.NONE.networkScores()).isEmpty();
    assertThat(EdgeLatencies.of(List.of(), window).isEmpty()).isTrue();
    assertThat(EdgeLatencies.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
  }

  @Test
  void aGapNearZeroIsScaledByTheWholeCallNotByItself() {
    // Clocks that disagree clamp every baseline gap to 0: a 5 microsecond gap in the window is
    // 0.05 scales of a 10 ms call (1 % floor), not 5,000 scales of a 1 ns fallback.
    double[] zero = new double[60];
    double[] server = new double[60];
    java.util.Arrays.fill(server, 10 * MS);
    assertThat(EdgeLatencies.gapDeviation(zero, server, new double[] {5_000, 5_000, 5_000}))
        .isCloseTo(0.05, within(1e-9));
    // A real move of 5 ms is 50 scales.
    assertThat(EdgeLatencies.gapDeviation(zero, server, new double[] {5 * MS}))
        .isCloseTo(50, within(1e-9));
  }

  /** The highest-scoring key. */
  private static final class ScoreOrder {
    static String first(Map<String, Double> scores) {
      return scores.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
  }
}
