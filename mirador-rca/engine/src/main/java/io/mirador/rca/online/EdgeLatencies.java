package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

import io.mirador.rca.CpuStarved;
import io.mirador.rca.Finding;
import io.mirador.rca.RobustBaseline;
import io.mirador.rca.ScoreFusion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The calls of an incident decomposed per edge, baseline against window, and the move of each
 * edge's wire gap charged to the end that explains it.
 *
 * <p>A call's gap (the caller's client span minus the callee's server span) is time on the wire and
 * in the network paths of both ends: the caller's way out and the callee's way in. When a service's
 * network is slow, every edge it has moves: its callers wait longer on the wire to it, and its own
 * client calls wait longer on the wire to its callees. Its callers' other calls and its callees'
 * other callers do not. How an edge's move is split between its two ends is the {@link
 * Attribution}; by default ({@link Attribution#IN_OUT}) each service has a way in and a way out, an
 * edge's added gap is the caller's way out plus the callee's way in, and the delays of all ways are
 * fitted to all edges at once (non-negative least squares, each edge weighted by its own noise): an
 * edge whose move another edge already explains is not charged to the end that has nothing else to
 * show, and an end with no other edge is unknown, not clean. A service's network score is the mean
 * over its edges of the move charged to it. Deviations are robust (the median over the window's
 * minutes against the baseline minutes' median, in IQRs floored at 1 % of the whole call, {@link
 * #gapDeviation}), the scale of the self-time ranking they are combined with.
 */
public final class EdgeLatencies {
  /** One edge's baseline against window. */
  private record Edge(
      String caller,
      String callee,
      long calls,
      double[] baselineGapP50,
      double[] baselineGapP95,
      double[] baselineServerP50,
      double[] baselineServerP95,
      double[] windowGapP50,
      double[] windowGapP95,
      double[] windowServerP50,
      double[] windowServerP95,
      double deviation,
      double scale,
      double baselineRepeatShare,
      double windowRepeatShare) {
    double moved() {
      return Double.isFinite(deviation) ? Math.max(0, deviation) : 0;
    }
  }

  /** How an edge's gap move is split between its caller and its callee. */
  public enum Attribution {
    /**
     * Session 10: in proportion to the mean positive move of each end's other edges (half each when
     * neither moved); an end without other edges counts as clean (0). Measured and not kept: a lone
     * callee gave its whole edge to a caller whose other edges barely moved.
     */
    OTHER_EDGES,
    /**
     * The same, an end without other edges counted as moved as the edge itself (unknown, not
     * clean). Measured and not kept: an inbound-only delay at a service with a lone caller is
     * charged to that caller (its one edge against the service's unmoved outbound edges).
     */
    LONE_AS_EDGE,
    /**
     * Each service has a way in and a way out; an edge's added gap (nanoseconds) is the caller's
     * way out plus the callee's way in. The non-negative delays of all ways are fitted to every
     * edge at once (least squares weighted by 1 / scale squared, so each edge counts in its own
     * IQRs), and an edge is split in proportion to its two ends' fitted delays (half each when both
     * are 0). A way that appears in one edge only, with nothing else to tell, shares that edge
     * evenly with its other end ({@link #TIE_BREAK}).
     */
    IN_OUT
  }

  /**
   * The ridge term of the {@link Attribution#IN_OUT} fit, relative to each way's own weight: it
   * only decides between ways that the edges cannot tell apart (they then share evenly), and
   * shrinks every fitted delay alike, which leaves the shares nearly as they are. Not fitted to
   * data.
   */
  static final double TIE_BREAK = 0.01;

  /** Relative precision of the fitted delays (the descent stops a thousand times below it). */
  private static final double FIT_PRECISION = 1e-6;

  /** Sweeps of the coordinate descent at most; it stops earlier once no delay moves. */
  private static final int MAX_SWEEPS = 5_000;

  private final List<Edge> edges;
  private final Map<String, List<Edge>> byService;
  private final List<EdgeMinute> window;
  private final Map<Edge, double[]> shares = new HashMap<>();

  private EdgeLatencies(
      List<Edge> edges, List<EdgeMinute> window, Attribution attribution, Set<String> starved) {
    this.edges = edges;
    this.window = window;
    this.byService = new TreeMap<>();
    for (Edge e : edges) {
      byService.computeIfAbsent(e.caller(), k -> new ArrayList<>()).add(e);
      byService.computeIfAbsent(e.callee(), k -> new ArrayList<>()).add(e);
    }
    if (attribution == Attribution.IN_OUT) {
      Ways ways = Ways.fit(edges);
      for (Edge e : edges) {
        double out = ways.out(e.caller());
        double in = ways.in(e.callee());
        double toCaller = out + in > 0 ? out / (out + in) : 0.5;
        shares.put(e, new double[] {toCaller, 1 - toCaller});
      }
      chargeStarvedCallers(starved);
      return;
    }
    boolean loneMoved = attribution == Attribution.LONE_AS_EDGE;
    for (Edge e : edges) {
      double atCaller = otherEdgesMoved(e.caller(), e, loneMoved);
      double atCallee = otherEdgesMoved(e.callee(), e, loneMoved);
      double sum = atCaller + atCallee;
      double toCaller = sum > 0 ? atCaller / sum : 0.5;
      shares.put(e, new double[] {toCaller, 1 - toCaller});
    }
    chargeStarvedCallers(starved);
  }

  /**
   * A caller starved of CPU stretches its own client spans: its calls' gap moves are its own, as
   * the self-time read has them ({@link CpuStarved}).
   */
  private void chargeStarvedCallers(Set<String> starved) {
    for (Edge e : edges) {
      if (starved.contains(e.caller())) {
        shares.put(e, new double[] {1, 0});
      }
    }
  }

  /** No edges: a source without the feature, or a window without calls. */
  public static final EdgeLatencies NONE =
      new EdgeLatencies(List.of(), List.of(), Attribution.IN_OUT, Set.of());

  /**
   * The edges seen in both the baseline and the window (at least one minute each; an edge without a
   * baseline has nothing to move against), attributed {@link Attribution#IN_OUT}.
   */
  public static EdgeLatencies of(List<EdgeMinute> baseline, List<EdgeMinute> window) {
    return of(baseline, window, Attribution.IN_OUT, Set.of());
  }

  /** The same with another attribution (the evaluation measures them side by side). */
  public static EdgeLatencies of(
      List<EdgeMinute> baseline, List<EdgeMinute> window, Attribution attribution) {
    return of(baseline, window, attribution, Set.of());
  }

  /**
   * The same, the calls of the callers in {@code starved} (CPU-starved, {@link CpuStarved}) charged
   * to them whole: their own client spans waited.
   */
  public static EdgeLatencies of(
      List<EdgeMinute> baseline,
      List<EdgeMinute> window,
      Attribution attribution,
      Set<String> starved) {
    requireNonNull(baseline, "baseline");
    requireNonNull(window, "window");
    requireNonNull(attribution, "attribution");
    requireNonNull(starved, "starved");
    Map<List<String>, List<EdgeMinute>> base = byEdge(baseline);
    var edges = new ArrayList<Edge>();
    byEdge(window)
        .forEach(
            (key, now) -> {
              List<EdgeMinute> before = base.get(key);
              if (before == null || before.isEmpty() || now.isEmpty()) {
                return;
              }
              double[] baseGap = values(before, EdgeMinute::gapP50Nanos);
              double[] nowGap = values(now, EdgeMinute::gapP50Nanos);
              if (baseGap.length == 0 || nowGap.length == 0) {
                return;
              }
              edges.add(
                  new Edge(
                      key.get(0),
                      key.get(1),
                      now.stream().mapToLong(EdgeMinute::calls).sum(),
                      baseGap,
                      values(before, EdgeMinute::gapP95Nanos),
                      values(before, EdgeMinute::serverP50Nanos),
                      values(before, EdgeMinute::serverP95Nanos),
                      nowGap,
                      values(now, EdgeMinute::gapP95Nanos),
                      values(now, EdgeMinute::serverP50Nanos),
                      values(now, EdgeMinute::serverP95Nanos),
                      gapDeviation(baseGap, values(before, EdgeMinute::serverP50Nanos), nowGap),
                      gapScale(baseGap, values(before, EdgeMinute::serverP50Nanos)),
                      repeatShare(before),
                      repeatShare(now)));
            });
    return new EdgeLatencies(
        List.copyOf(edges), List.copyOf(window), attribution, Set.copyOf(starved));
  }

  /** The share of the calls that repeated an earlier one (retries); NaN without calls. */
  static double repeatShare(List<EdgeMinute> minutes) {
    long calls = 0;
    long repeats = 0;
    for (EdgeMinute m : minutes) {
      calls += m.calls();
      repeats += m.repeats();
    }
    return calls == 0 ? Double.NaN : (double) repeats / calls;
  }

  public boolean isEmpty() {
    return edges.isEmpty();
  }

  /**
   * Per service with an edge, the mean over its edges of the gap move charged to it (robust
   * deviations, 0 when nothing moved).
   */
  public Map<String, Double> networkScores() {
    var out = new TreeMap<String, Double>();
    byService.forEach(
        (service, own) ->
            out.put(
                service,
                own.stream().mapToDouble(e -> e.moved() * share(e, service)).sum() / own.size()));
    return out;
  }

  /**
   * The services whose own calls' gap moves are charged to them more than to their callees, by at
   * least {@link CpuStarved#MIN_DEVIATION} IQRs on the mean over their calls: their way out is slow
   * (a slow network, or a caller starved of CPU whose client spans wait), so the self-time read
   * should keep their call gaps instead of charging them to the callees ({@link
   * FeatureSource#selfTimes}). The largest charge first.
   */
  public Set<String> gapsToCaller() {
    Map<String, double[]> charged = new TreeMap<>();
    for (Edge e : edges) {
      double[] c = charged.computeIfAbsent(e.caller(), k -> new double[3]);
      double toCaller = shares.get(e)[0];
      c[0] += e.moved() * toCaller;
      c[1] += e.moved() * (1 - toCaller);
      c[2]++;
    }
    Map<String, Double> kept = new HashMap<>();
    charged.forEach(
        (service, c) -> {
          // An even split (a way that only one edge shows) is no majority: the fit's own
          // precision decides nothing.
          if (c[0] > c[1] * (1 + FIT_PRECISION) && c[0] / c[2] >= CpuStarved.MIN_DEVIATION) {
            kept.put(service, c[0] / c[2]);
          }
        });
    return new LinkedHashSet<>(ScoreFusion.order(kept));
  }

  /**
   * The edges of {@code service} as evidence, the largest move charged to it first, at most {@code
   * limit}.
   */
  public List<Finding.EdgeEvidence> evidence(String service, int limit) {
    requireNonNull(service, "service");
    return byService.getOrDefault(service, List.of()).stream()
        .sorted(
            Comparator.comparingDouble((Edge e) -> -e.moved() * share(e, service))
                .thenComparing(
                    e -> -Math.abs(median(e.windowGapP50()) - median(e.baselineGapP50())))
                .thenComparing(Edge::caller)
                .thenComparing(Edge::callee))
        .limit(limit)
        .map(e -> evidence(e, service))
        .toList();
  }

  /**
   * The slowest calls to {@code service} in the window (each the slowest of its edge and minute),
   * slowest first, one per trace; at an entry service, which nothing calls, its slowest calls out.
   */
  public List<Finding.Example> slowCalls(String service, int limit) {
    requireNonNull(service, "service");
    List<EdgeMinute> in = window.stream().filter(m -> m.callee().equals(service)).toList();
    List<EdgeMinute> rows =
        in.isEmpty() ? window.stream().filter(m -> m.caller().equals(service)).toList() : in;
    Set<String> traces = new HashSet<>();
    return rows.stream()
        .filter(m -> !m.slowestTraceId().isEmpty() && Double.isFinite(m.slowestNanos()))
        .sorted(Comparator.comparingDouble(EdgeMinute::slowestNanos).reversed())
        .filter(m -> traces.add(m.slowestTraceId()))
        .limit(limit)
        .map(
            m ->
                new Finding.Example(
                    service,
                    Finding.Example.Kind.SLOW_CALL,
                    m.minute(),
                    m.slowestTraceId(),
                    String.format(
                        Locale.ROOT,
                        "call %s -> %s took %.1f ms (that minute: gap p50 %.1f ms, server p50 %.1f"
                            + " ms)",
                        m.caller(),
                        m.callee(),
                        m.slowestNanos() / 1e6,
                        m.gapP50Nanos() / 1e6,
                        m.serverP50Nanos() / 1e6)))
        .toList();
  }

  private double share(Edge e, String service) {
    double[] s = shares.get(e);
    return e.caller().equals(service) ? s[0] : s[1];
  }

  /**
   * The mean positive gap deviation of the edges of {@code service} other than {@code except}; for
   * a service without other edges, {@code except}'s own move when {@code loneMoved}, else 0.
   */
  private double otherEdgesMoved(String service, Edge except, boolean loneMoved) {
    List<Edge> own = byService.get(service);
    double sum = 0;
    int n = 0;
    for (Edge e : own) {
      if (e != except) {
        sum += e.moved();
        n++;
      }
    }
    if (n == 0) {
      return loneMoved ? except.moved() : 0;
    }
    return sum / n;
  }

  /**
   * The fitted delays of every service's way in and way out ({@link Attribution#IN_OUT}):
   * non-negative ridge least squares by cyclic coordinate descent, each edge's positive added gap
   * (nanoseconds) weighted by 1 / its scale squared.
   */
  private static final class Ways {
    private final Map<String, Integer> outIndex = new HashMap<>();
    private final Map<String, Integer> inIndex = new HashMap<>();
    private double[] delay = new double[0];

    private double out(String service) {
      Integer i = outIndex.get(service);
      return i == null ? 0 : delay[i];
    }

    private double in(String service) {
      Integer i = inIndex.get(service);
      return i == null ? 0 : delay[i];
    }

    static Ways fit(List<Edge> edges) {
      Ways w = new Ways();
      int n = edges.size();
      int[] out = new int[n];
      int[] in = new int[n];
      double[] added = new double[n];
      double[] weight = new double[n];
      for (int k = 0; k < n; k++) {
        Edge e = edges.get(k);
        out[k] = w.outIndex.computeIfAbsent(e.caller(), s -> w.outIndex.size() + w.inIndex.size());
        in[k] = w.inIndex.computeIfAbsent(e.callee(), s -> w.outIndex.size() + w.inIndex.size());
        added[k] = e.moved() * e.scale();
        weight[k] = e.scale() > 0 ? 1 / (e.scale() * e.scale()) : 0;
      }
      int ways = w.outIndex.size() + w.inIndex.size();
      double[] x = new double[ways];
      double[] total = new double[ways];
      List<List<Integer>> at = new ArrayList<>();
      for (int j = 0; j < ways; j++) {
        at.add(new ArrayList<>());
      }
      for (int k = 0; k < n; k++) {
        at.get(out[k]).add(k);
        at.get(in[k]).add(k);
        total[out[k]] += weight[k];
        total[in[k]] += weight[k];
      }
      double largest = Arrays.stream(added).max().orElse(0);
      for (int sweep = 0; sweep < MAX_SWEEPS && largest > 0; sweep++) {
        double change = 0;
        for (int j = 0; j < ways; j++) {
          if (total[j] == 0) {
            continue;
          }
          double sum = 0;
          for (int k : at.get(j)) {
            int other = out[k] == j ? in[k] : out[k];
            sum += weight[k] * (added[k] - x[other]);
          }
          double next = Math.max(0, sum / (total[j] * (1 + TIE_BREAK)));
          change = Math.max(change, Math.abs(next - x[j]));
          x[j] = next;
        }
        if (change <= FIT_PRECISION * 1e-3 * largest) {
          break;
        }
      }
      w.delay = x;
      return w;
    }
  }

  private Finding.EdgeEvidence evidence(Edge e, String service) {
    double baseGap = median(e.baselineGapP50());
    double nowGap = median(e.windowGapP50());
    return new Finding.EdgeEvidence(
        e.caller(),
        e.callee(),
        e.calls(),
        baseGap,
        nowGap,
        median(e.baselineGapP95()),
        median(e.windowGapP95()),
        median(e.baselineServerP50()),
        median(e.windowServerP50()),
        median(e.baselineServerP95()),
        median(e.windowServerP95()),
        nowGap - baseGap,
        Double.isFinite(e.deviation()) ? e.deviation() : 0,
        share(e, service),
        e.baselineRepeatShare(),
        e.windowRepeatShare());
  }

  /**
   * The window's median gap against the baseline's, in IQRs of the baseline minutes, the scale
   * floored at {@link RobustBaseline#RELATIVE_FLOOR} of the whole call (gap plus server time)
   * rather than of the gap alone: a gap is often near 0 (or clamped to 0 where the two hosts'
   * clocks disagree), and a floor relative to it would turn a microsecond into hundreds of scales.
   * A move counts by what it adds to the call a caller waits for.
   */
  static double gapDeviation(double[] baselineGap, double[] baselineServer, double[] windowGap) {
    return (median(windowGap) - RobustBaseline.of(baselineGap).median())
        / gapScale(baselineGap, baselineServer);
  }

  /** The scale of {@link #gapDeviation}: never 0 (1 ns when the baseline is all zeros). */
  static double gapScale(double[] baselineGap, double[] baselineServer) {
    RobustBaseline gap = RobustBaseline.of(baselineGap);
    double server = baselineServer.length == 0 ? 0 : median(baselineServer);
    double call = Math.abs(gap.median()) + Math.max(0, server);
    double scale = Math.max(gap.iqr(), RobustBaseline.RELATIVE_FLOOR * call);
    return scale > 0 ? scale : 1.0;
  }

  private static Map<List<String>, List<EdgeMinute>> byEdge(List<EdgeMinute> rows) {
    var out = new TreeMap<List<String>, List<EdgeMinute>>(EdgeLatencies::compareKeys);
    for (EdgeMinute m : rows) {
      if (!m.caller().equals(m.callee())) {
        out.computeIfAbsent(List.of(m.caller(), m.callee()), k -> new ArrayList<>()).add(m);
      }
    }
    return out;
  }

  private static int compareKeys(List<String> a, List<String> b) {
    int c = a.get(0).compareTo(b.get(0));
    return c != 0 ? c : a.get(1).compareTo(b.get(1));
  }

  private static double[] values(List<EdgeMinute> rows, ToDoubleFunction<EdgeMinute> value) {
    return rows.stream().mapToDouble(value).filter(Double::isFinite).toArray();
  }

  /** The median (the mean of the middle two of an even count); NaN when empty. */
  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
