package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

import io.mirador.rca.Finding;
import io.mirador.rca.RobustBaseline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
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
 * in the network paths of both ends. When a service's network is slow, every edge it has moves: its
 * callers wait longer on the wire to it, and its own client calls wait longer on the wire to its
 * callees. Its callers' other edges and its callees' other edges do not. So the move of an edge is
 * split between its two ends in proportion to how much each end's <em>other</em> edges moved (the
 * mean of their positive gap deviations; half each when neither moved), and a service's network
 * score is the mean over its edges of the move charged to it. A service with one edge only gets
 * nothing for an edge whose other end moved elsewhere too. Deviations are robust (the median over
 * the window's minutes against the baseline minutes' median, in IQRs floored at 1 % of the whole
 * call, {@link #gapDeviation}), the scale of the self-time ranking they are combined with.
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
      double deviation) {
    double moved() {
      return Double.isFinite(deviation) ? Math.max(0, deviation) : 0;
    }
  }

  private final List<Edge> edges;
  private final Map<String, List<Edge>> byService;
  private final List<EdgeMinute> window;
  private final Map<Edge, double[]> shares = new HashMap<>();

  private EdgeLatencies(List<Edge> edges, List<EdgeMinute> window) {
    this.edges = edges;
    this.window = window;
    this.byService = new TreeMap<>();
    for (Edge e : edges) {
      byService.computeIfAbsent(e.caller(), k -> new ArrayList<>()).add(e);
      byService.computeIfAbsent(e.callee(), k -> new ArrayList<>()).add(e);
    }
    for (Edge e : edges) {
      double atCaller = otherEdgesMoved(e.caller(), e);
      double atCallee = otherEdgesMoved(e.callee(), e);
      double sum = atCaller + atCallee;
      double toCaller = sum > 0 ? atCaller / sum : 0.5;
      shares.put(e, new double[] {toCaller, 1 - toCaller});
    }
  }

  /** No edges: a source without the feature, or a window without calls. */
  public static final EdgeLatencies NONE = new EdgeLatencies(List.of(), List.of());

  /**
   * The edges seen in both the baseline and the window (at least one minute each; an edge without a
   * baseline has nothing to move against).
   */
  public static EdgeLatencies of(List<EdgeMinute> baseline, List<EdgeMinute> window) {
    requireNonNull(baseline, "baseline");
    requireNonNull(window, "window");
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
                      gapDeviation(baseGap, values(before, EdgeMinute::serverP50Nanos), nowGap)));
            });
    return new EdgeLatencies(List.copyOf(edges), List.copyOf(window));
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

  /** The mean positive gap deviation of the edges of {@code service} other than {@code except}. */
  private double otherEdgesMoved(String service, Edge except) {
    List<Edge> own = byService.get(service);
    double sum = 0;
    int n = 0;
    for (Edge e : own) {
      if (e != except) {
        sum += e.moved();
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
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
        share(e, service));
  }

  /**
   * The window's median gap against the baseline's, in IQRs of the baseline minutes, the scale
   * floored at {@link RobustBaseline#RELATIVE_FLOOR} of the whole call (gap plus server time)
   * rather than of the gap alone: a gap is often near 0 (or clamped to 0 where the two hosts'
   * clocks disagree), and a floor relative to it would turn a microsecond into hundreds of scales.
   * A move counts by what it adds to the call a caller waits for.
   */
  static double gapDeviation(double[] baselineGap, double[] baselineServer, double[] windowGap) {
    RobustBaseline gap = RobustBaseline.of(baselineGap);
    double server = baselineServer.length == 0 ? 0 : median(baselineServer);
    double call = Math.abs(gap.median()) + Math.max(0, server);
    double scale = Math.max(gap.iqr(), RobustBaseline.RELATIVE_FLOOR * call);
    return (median(windowGap) - gap.median()) / (scale > 0 ? scale : 1.0);
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
