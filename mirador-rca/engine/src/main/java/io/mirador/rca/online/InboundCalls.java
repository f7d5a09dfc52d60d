package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls into each service as its callers see them, joined to the service's own minutes as three
 * more features: how many calls, and the calls-weighted mean over its inbound edges of their gap
 * p50 and p95 (client span minus the service's server span: the time on the wire and in both ends'
 * network paths, {@link EdgeMinute}). A service whose network is slow, or whose answers are lost
 * and sent again, can look healthy from inside (its server spans end on time) while every caller
 * waits: these features put that wait on the service itself, where the detection loop scores it.
 * The fourth, the inbound calls that repeated an earlier call from the same caller span to the same
 * operation, does the same for answers the callers retry: a service that answers wrongly (callers
 * check and ask again) can look healthy from inside and from its callers' latency alike.
 */
final class InboundCalls {
  static final String CALLS = "inbound_calls";
  static final String GAP_P50 = "inbound_gap_p50";
  static final String GAP_P95 = "inbound_gap_p95";
  static final String REPEATS = "inbound_repeats";
  static final String REPEATED_PERCENT = "inbound_repeated_percent";

  /** The gap quantiles over the minute's inbound calls, for the thin-quantile rule. */
  static final List<TailQuantile> TAIL_QUANTILES =
      List.of(new TailQuantile(GAP_P50, 0.50, CALLS, 1), new TailQuantile(GAP_P95, 0.95, CALLS, 1));

  private InboundCalls() {}

  /**
   * {@code rows} with each service's inbound calls of the same minute in {@code edges} added to its
   * gauges, and the repeated ones as {@code repeats} says: none, their count ({@link #REPEATS}) or
   * their share of the calls in per cent ({@link #REPEATED_PERCENT}); a service or minute without
   * inbound calls keeps its row as it is (no calls is not a measured 0: a leaf's callers may not be
   * instrumented).
   */
  static List<ServiceMinute> join(
      List<ServiceMinute> rows, List<EdgeMinute> edges, DetectionLoop.InboundRepeats repeats) {
    requireNonNull(rows, "rows");
    requireNonNull(edges, "edges");
    requireNonNull(repeats, "repeats");
    if (edges.isEmpty()) {
      return rows;
    }
    Map<Key, double[]> sums = new HashMap<>();
    for (EdgeMinute e : edges) {
      if (e.calls() == 0
          || !Double.isFinite(e.gapP50Nanos())
          || !Double.isFinite(e.gapP95Nanos())) {
        continue;
      }
      double[] s = sums.computeIfAbsent(new Key(e.callee(), e.minute()), k -> new double[4]);
      s[0] += e.calls();
      s[1] += e.calls() * e.gapP50Nanos();
      s[2] += e.calls() * e.gapP95Nanos();
      s[3] += e.repeats();
    }
    var out = new ArrayList<ServiceMinute>(rows.size());
    for (ServiceMinute r : rows) {
      double[] s = sums.get(new Key(r.service(), r.minute()));
      if (s == null) {
        out.add(r);
        continue;
      }
      Map<String, Double> added = new HashMap<>();
      added.put(CALLS, s[0]);
      added.put(GAP_P50, s[1] / s[0]);
      added.put(GAP_P95, s[2] / s[0]);
      switch (repeats) {
        case OFF -> {}
        case FOREST_AND_ALARM, ALARM_ONLY -> added.put(REPEATS, s[3]);
        case PERCENT_ALARM_ONLY -> added.put(REPEATED_PERCENT, 100 * s[3] / s[0]);
      }
      out.add(r.withGauges(added));
    }
    return out;
  }

  private record Key(String service, Instant minute) {}
}
