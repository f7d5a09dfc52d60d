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
    return minutes(EDGES, from, to, slow, addedMs);
  }

  private static List<EdgeMinute> minutes(
      List<List<String>> calls, int from, int to, Slow slow, double addedMs) {
    var out = new ArrayList<EdgeMinute>();
    for (int m = from; m < to; m++) {
      for (List<String> e : calls) {
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
                0,
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
    // Only the traffic into orders is delayed: two callers, api (whose other edge stays as it
    // was) and batch (which calls nothing else). api's edge shows that orders' way in is slow, and
    // that explains batch's edge too: batch, with nothing else to show, is not charged.
    EdgeLatencies edges = fault((caller, callee) -> callee.equals("orders"));

    Map<String, Double> scores = edges.networkScores();

    assertThat(ScoreOrder.first(scores)).isEqualTo("orders");
    assertThat(scores.get("batch")).isLessThan(scores.get("orders") / 5);
    assertThat(share(edges, "batch", "batch", "orders")).isLessThan(0.05);
    // Its way out did not move: orders keeps no call gaps, its callees' self time is theirs.
    assertThat(edges.gapsToCaller()).isEmpty();
  }

  @Test
  void theRuleThatCountsALoneEndAsMovedAsItsEdgeChargesAnInboundDelayToTheLoneCaller() {
    // Why the ways are fitted instead (LONE_AS_EDGE, measured and not kept): batch's one edge
    // weighs against the mean of orders' other edges, two of which (its way out) did not move.
    List<EdgeMinute> window = minutes(60, 65, (caller, callee) -> callee.equals("orders"), 20);
    List<EdgeMinute> baseline = minutes(0, 60, (a, b) -> false, 0);

    Map<String, Double> lone =
        EdgeLatencies.of(baseline, window, EdgeLatencies.Attribution.LONE_AS_EDGE).networkScores();

    assertThat(lone.get("batch")).isGreaterThan(lone.get("orders"));
  }

  @Test
  void aLoneCalleeIsUnknownNotClean() {
    // Online Boutique 05:27: currency's network is slow, and in the window only frontend calls it.
    // frontend's other calls moved a little (its own noise), their callees' other callers did not.
    List<List<String>> calls =
        List.of(
            List.of("frontend", "currency"),
            List.of("frontend", "cart"),
            List.of("frontend", "catalog"),
            List.of("frontend", "ads"),
            List.of("checkout", "cart"),
            List.of("checkout", "catalog"),
            List.of("checkout", "shipping"));
    List<EdgeMinute> baseline = minutes(calls, 0, 60, (a, b) -> false, 0);
    List<EdgeMinute> window = new ArrayList<>();
    for (EdgeMinute m : minutes(calls, 60, 65, (a, b) -> b.equals("currency"), 20)) {
      boolean frontendNoise = m.caller().equals("frontend") && !m.callee().equals("currency");
      window.add(frontendNoise ? withGap(m, m.gapP50Nanos() + 0.3 * MS) : m);
    }

    EdgeLatencies edges = EdgeLatencies.of(baseline, window);
    Map<String, Double> scores = edges.networkScores();

    assertThat(ScoreOrder.first(scores)).isEqualTo("currency");
    assertThat(share(edges, "currency", "frontend", "currency")).isGreaterThan(0.8);
    assertThat(scores.get("frontend")).isLessThan(scores.get("currency") / 3);
    // Session 10's rule counted currency as clean (no other edge) and charged frontend.
    Map<String, Double> clean =
        EdgeLatencies.of(baseline, window, EdgeLatencies.Attribution.OTHER_EDGES).networkScores();
    assertThat(clean.get("frontend")).isGreaterThan(clean.get("currency"));
  }

  @Test
  void aLoneLeafSharesItsCallersEdgeAndTheCallerLeadsThroughItsOtherEdges() {
    // orders' network is slow both ways and its only callee, audit, has no other caller: the one
    // edge between them cannot say which end is slow, so it is shared; orders' way in (the edges
    // from its callers, whose other calls did not move) makes it the cause.
    List<List<String>> calls =
        List.of(
            List.of("api", "orders"),
            List.of("api", "users"),
            List.of("batch", "orders"),
            List.of("batch", "users"),
            List.of("orders", "audit"));
    EdgeLatencies edges =
        EdgeLatencies.of(
            minutes(calls, 0, 60, (a, b) -> false, 0),
            minutes(
                calls,
                60,
                65,
                (caller, callee) -> caller.equals("orders") || callee.equals("orders"),
                20));

    Map<String, Double> scores = edges.networkScores();

    assertThat(share(edges, "audit", "orders", "audit")).isCloseTo(0.5, within(0.05));
    assertThat(ScoreOrder.first(scores)).isEqualTo("orders");
    assertThat(scores.get("audit")).isGreaterThan(scores.get("api")).isGreaterThan(1);
    assertThat(scores.get("orders")).isGreaterThan(scores.get("audit") * 1.2);
    // An even split gives neither end the edge's gap in the self-time read.
    assertThat(edges.gapsToCaller()).isEmpty();
  }

  @Test
  void aServiceWhoseWayOutIsSlowKeepsItsCallGaps() {
    // orders slow both ways: its calls to db and cache moved, and db's other caller (users) did
    // not, so the gaps of orders' calls are its own.
    EdgeLatencies both =
        fault((caller, callee) -> caller.equals("orders") || callee.equals("orders"));
    assertThat(both.gapsToCaller()).containsExactly("orders");
    // A caller starved of CPU stretches its client spans only (its way out): the same.
    EdgeLatencies out = fault((caller, callee) -> caller.equals("orders"));
    assertThat(out.gapsToCaller()).containsExactly("orders");
    assertThat(ScoreOrder.first(out.networkScores())).isEqualTo("orders");
    // A slow server is no slow way out.
    assertThat(fault((caller, callee) -> false).gapsToCaller()).isEmpty();
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
                  0,
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
  void evidenceShowsTheShareOfCallsRepeatedBaselineAgainstWindow() {
    Instant w0 = T0.plusSeconds(3600);
    List<EdgeMinute> baseline = new ArrayList<>();
    for (int m = 0; m < 60; m++) {
      baseline.add(edge("api", "orders", T0.plusSeconds(60L * m), 100, m % 2));
    }
    // The window retries a quarter of its calls: 25 + 35 of 240.
    List<EdgeMinute> window =
        List.of(
            edge("api", "orders", w0, 100, 25), edge("api", "orders", w0.plusSeconds(60), 140, 35));

    Finding.EdgeEvidence e = EdgeLatencies.of(baseline, window).evidence("orders", 1).getFirst();

    assertThat(e.baselineRepeatShare()).isCloseTo(30.0 / 6000, within(1e-12));
    assertThat(e.windowRepeatShare()).isCloseTo(0.25, within(1e-12));
    assertThat(EdgeLatencies.repeatShare(List.of())).isNaN();
  }

  private static EdgeMinute edge(
      String caller, String callee, Instant m, long calls, long repeats) {
    return new EdgeMinute(caller, callee, m, calls, repeats, MS, 2 * MS, MS, 2 * MS, "ab", 3 * MS);
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
        new EdgeMinute(
            "new", "orders", T0.plusSeconds(3600), 5, 0, 900 * MS, 900 * MS, 1, 1, "", 0));
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

  @Test
  void theCallsOfACpuStarvedCallerAreChargedToItWhole() {
    // orders is starved of CPU: its client spans wait, those to cache (which only orders calls)
    // longer than those to db. The fit charges orders' way out what db's edge shows and leaves the
    // rest of cache's edge to cache's way in; knowing orders is starved, its calls are its own.
    List<EdgeMinute> baseline = minutes(0, 60, (a, b) -> false, 0);
    List<EdgeMinute> window = new ArrayList<>();
    for (EdgeMinute m : minutes(60, 65, (caller, callee) -> caller.equals("orders"), 20)) {
      window.add(m.callee().equals("cache") ? withGap(m, m.gapP50Nanos() + 20 * MS) : m);
    }

    EdgeLatencies unknown = EdgeLatencies.of(baseline, window);
    EdgeLatencies starved =
        EdgeLatencies.of(
            baseline, window, EdgeLatencies.Attribution.IN_OUT, java.util.Set.of("orders"));

    assertThat(share(unknown, "cache", "orders", "cache")).isGreaterThan(0.3);
    assertThat(share(starved, "cache", "orders", "cache")).isZero();
    assertThat(share(starved, "orders", "orders", "db")).isEqualTo(1.0);
    assertThat(starved.networkScores().get("cache")).isZero();
  }

  /** The share of the edge caller -> callee charged to {@code service}, from its evidence. */
  private static double share(EdgeLatencies edges, String service, String caller, String callee) {
    return edges.evidence(service, 100).stream()
        .filter(e -> e.caller().equals(caller) && e.callee().equals(callee))
        .findFirst()
        .orElseThrow()
        .share();
  }

  private static EdgeMinute withGap(EdgeMinute m, double gap) {
    return new EdgeMinute(
        m.caller(),
        m.callee(),
        m.minute(),
        m.calls(),
        0,
        gap,
        2 * gap,
        m.serverP50Nanos(),
        m.serverP95Nanos(),
        m.slowestTraceId(),
        m.slowestNanos());
  }

  /** The highest-scoring key. */
  private static final class ScoreOrder {
    static String first(Map<String, Double> scores) {
      return scores.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
  }
}
