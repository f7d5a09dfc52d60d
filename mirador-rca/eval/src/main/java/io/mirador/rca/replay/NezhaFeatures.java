package io.mirador.rca.replay;

import io.mirador.rca.CpuStarved;
import io.mirador.rca.MetricWindow;
import io.mirador.rca.PatternShift;
import io.mirador.rca.TimeWindow;
import io.mirador.rca.online.EdgeLatencies;
import io.mirador.rca.online.EdgeMinute;
import io.mirador.rca.online.EventPairShift;
import io.mirador.rca.online.SelfTimes;
import io.mirador.rca.online.ServiceWindows;
import io.mirador.rca.online.SpanEventShift;
import io.mirador.store.EdgeLatencyMinute;
import io.mirador.store.EventPairMinute;
import io.mirador.store.FeatureQuery;
import io.mirador.store.OperationMinute;
import io.mirador.store.SelfTimeMinute;
import io.mirador.store.ServiceMinute;
import io.mirador.store.SpanEventMinute;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TenantId;
import io.mirador.store.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * Per-service metric windows for one incident, read from the store's features: the incident window,
 * and a baseline of the minutes before it that had data, without the windows of earlier incidents.
 */
final class NezhaFeatures {
  static final Duration LOOKBACK = Duration.ofHours(1);
  static final long MINUTE = 60_000_000_000L;

  /** Which features feed the ranking; {@link #DEFAULT} is what {@code rca-eval} runs. */
  enum Variant {
    /** BARO over the service features (requests, latency, error logs, CPU, memory). */
    SERVICE(true, false, false, Events.NONE),
    /** The same through personalised PageRank on the incident's call graph. */
    SERVICE_PAGERANK(true, false, true, Events.NONE),
    /** BARO over each service's span self time (p50, p95). */
    SELF(false, true, false, Events.NONE),
    /** BARO over the service features and self time together. */
    SERVICE_SELF(true, true, false, Events.NONE),
    /** {@link PatternShift} over calls and log patterns per operation. */
    PATTERNS(false, false, false, Events.ALL),
    /** PatternShift over log patterns only. */
    PATTERNS_LOGS(false, false, false, Events.LOGS),
    /** PatternShift over calls only. */
    PATTERNS_CALLS(false, false, false, Events.CALLS),
    /** BARO (service features) and PatternShift, each divided by the case's largest, summed. */
    SERVICE_PLUS_PATTERNS(true, false, false, Events.ALL),
    /** BARO (self time) and PatternShift, normalised and summed. */
    SELF_PLUS_PATTERNS(false, true, false, Events.ALL),
    /** BARO (service features and self time) and PatternShift, normalised and summed. */
    SERVICE_SELF_PLUS_PATTERNS(true, true, false, Events.ALL),
    /**
     * BARO (self time) and PatternShift, each divided by its median over the case's services (a
     * signal whose top stands out of its own noise weighs more), summed.
     */
    SELF_PLUS_PATTERNS_MEDIAN(false, true, false, Events.ALL),
    /** The same with the service features as well. */
    SERVICE_SELF_PLUS_PATTERNS_MEDIAN(true, true, false, Events.ALL),
    /** Each divided by its median as above, the larger of the two instead of the sum. */
    SELF_MAX_PATTERNS_MEDIAN(false, true, false, Events.ALL),
    /** BARO (self time) and PatternShift by reciprocal rank: 1 / (1 + rank) summed. */
    SELF_RRF_PATTERNS(false, true, false, Events.ALL),
    /** BARO (service features and self time) and PatternShift by reciprocal rank. */
    SERVICE_SELF_RRF_PATTERNS(true, true, false, Events.ALL),
    /**
     * {@link PatternShift} over event pairs inside spans ({@link
     * io.mirador.store.EventPairMinute}): for each service and event, the share of each next event,
     * incident against baseline.
     */
    PAIRS(false, false, false, Events.PAIRS),
    /** BARO (self time) and the event-pair shift, each divided by the case's largest, summed. */
    SELF_PLUS_PAIRS(false, true, false, Events.PAIRS),
    /** BARO (self time) and the event-pair shift, each divided by its median, summed. */
    SELF_PLUS_PAIRS_MEDIAN(false, true, false, Events.PAIRS),
    /** Each divided by its median, the larger of the two. */
    SELF_MAX_PAIRS_MEDIAN(false, true, false, Events.PAIRS),
    /** BARO (service features and self time) and the event-pair shift, each by its median. */
    SERVICE_SELF_PLUS_PAIRS_MEDIAN(true, true, false, Events.PAIRS),
    /** BARO (self time) and the event-pair shift by reciprocal rank. */
    SELF_RRF_PAIRS(false, true, false, Events.PAIRS),
    /**
     * {@link io.mirador.rca.CodePathFirst}: services with a significant event-pair change first,
     * the larger |z| first (callees that explain their callers ahead of them), then {@link
     * #SELF_PLUS_PATTERNS_MEDIAN}'s order.
     */
    CODE_PATH_FIRST(false, false, false, Events.PAIRS),
    /** The same, the larger change of share first among the significant ones. */
    CODE_PATH_FIRST_SHARE(false, false, false, Events.PAIRS),
    /**
     * {@link #CODE_PATH_FIRST} over {@link #SERVICE}'s order: what the online {@code RcaAnalyzer}
     * does with the core's service features.
     */
    CODE_PATH_FIRST_SERVICE(false, false, false, Events.PAIRS),
    /** {@link #CODE_PATH_FIRST} over {@link #SELF}'s order. */
    CODE_PATH_FIRST_SELF(false, false, false, Events.PAIRS),
    /** {@link #CODE_PATH_FIRST} over {@link #SERVICE_SELF}'s order. */
    CODE_PATH_FIRST_SERVICE_SELF(false, false, false, Events.PAIRS),
    /**
     * {@link #CODE_PATH_FIRST} with the pairs' baseline reaching a day back (every earlier minute
     * outside earlier incidents' windows) instead of an hour.
     */
    CODE_PATH_FIRST_DAY(false, false, false, Events.PAIRS),
    /** {@link #CODE_PATH_FIRST}, a change significant by Fisher's exact test at three sigma. */
    CODE_PATH_FIRST_FISHER(false, false, false, Events.PAIRS),
    /** {@link #CODE_PATH_FIRST}, z with Yates' continuity correction. */
    CODE_PATH_FIRST_CORRECTED(false, false, false, Events.PAIRS),
    /** {@link #CODE_PATH_FIRST_DAY} and {@link #CODE_PATH_FIRST_FISHER} together. */
    CODE_PATH_FIRST_DAY_FISHER(false, false, false, Events.PAIRS),
    /**
     * {@link #CODE_PATH_FIRST_FISHER} without the minimum of 5 occurrences per window: the exact
     * test judges small counts itself.
     */
    CODE_PATH_FIRST_FISHER_ANY_COUNT(false, false, false, Events.PAIRS),
    /**
     * {@link #CODE_PATH_FIRST_FISHER_ANY_COUNT} over {@link #SELF}'s order (the online analyzer's).
     */
    CODE_PATH_FIRST_SELF_FISHER_ANY_COUNT(false, false, false, Events.PAIRS),
    /**
     * {@link #CODE_PATH_FIRST_FISHER_ANY_COUNT} without the events that recovered ({@link
     * EventPairShift#withoutRecoveries}: an error after them in the baseline, none in the window).
     */
    CODE_PATH_FIRST_FISHER_NO_RECOVERY(false, false, false, Events.PAIRS),
    /** {@link #CODE_PATH_FIRST_FISHER_NO_RECOVERY} over {@link #SELF}'s order. */
    CODE_PATH_FIRST_SELF_FISHER_NO_RECOVERY(false, false, false, Events.PAIRS),
    /** {@link #CODE_PATH_FIRST} (z, 5 occurrences) without the events that recovered. */
    CODE_PATH_FIRST_NO_RECOVERY(false, false, false, Events.PAIRS),
    /**
     * {@link #SELF_PLUS_PATTERNS_MEDIAN}, a caller whose CPU rose in the window keeping its call
     * gaps ({@link CpuStarved}) instead of charging them to its callees.
     */
    SELF_CPU_GAPS_PLUS_PATTERNS_MEDIAN(false, true, false, Events.ALL),
    /** {@link #CODE_PATH_FIRST_FISHER_NO_RECOVERY} over that order. */
    CODE_PATH_FIRST_CPU_GAPS_FISHER_NO_RECOVERY(false, false, false, Events.PAIRS),
    /** The same, the larger change of share first among the significant services. */
    CODE_PATH_FIRST_SHARE_CPU_GAPS_FISHER_NO_RECOVERY(false, false, false, Events.PAIRS),
    /**
     * {@link #CODE_PATH_FIRST_CPU_GAPS_FISHER_NO_RECOVERY}, the services whose code now fails or
     * stops short ({@link EventPairShift.Changes#failing}) first among the unexplained and the
     * explained.
     */
    CODE_PATH_FIRST_FAILING_CPU_GAPS_FISHER_NO_RECOVERY(false, false, false, Events.PAIRS),
    /**
     * The network score alone ({@link EdgeLatencies#networkScores}: each edge's gap move charged to
     * the end whose other edges moved too, the mean per service).
     */
    NET(false, false, false, Events.NONE),
    /**
     * {@link #SELF_CPU_GAPS_PLUS_PATTERNS_MEDIAN} with each service's self-time score at least its
     * network score (the larger of the two robust deviations, as BARO takes a service's largest).
     */
    SELF_CPU_GAPS_NET_PLUS_PATTERNS_MEDIAN(false, true, false, Events.ALL),
    /** {@link #CODE_PATH_FIRST_FAILING_CPU_GAPS_FISHER_NO_RECOVERY} over that order. */
    CODE_PATH_FIRST_FAILING_CPU_GAPS_NET_FISHER_NO_RECOVERY(false, false, false, Events.PAIRS),
    /**
     * {@link #SELF_CPU_GAPS_PLUS_PATTERNS_MEDIAN} plus the network score as a third signal, each
     * divided by its median over the services.
     */
    SELF_CPU_GAPS_NETSUM_PLUS_PATTERNS_MEDIAN(false, true, false, Events.ALL),
    /** {@link #CODE_PATH_FIRST_FAILING_CPU_GAPS_FISHER_NO_RECOVERY} over that order. */
    CODE_PATH_FIRST_FAILING_CPU_GAPS_NETSUM_FISHER_NO_RECOVERY(false, false, false, Events.PAIRS),
    /** {@link #NET}, an end without other edges counted as moved as the edge (session 11). */
    NET_LONE(false, false, false, Events.NONE),
    /** {@link #NET}, the ways in and out of every service fitted to all edges (session 11). */
    NET_INOUT(false, false, false, Events.NONE),
    /** {@link #SELF_CPU_GAPS_NET_PLUS_PATTERNS_MEDIAN} with {@link #NET_LONE}'s attribution. */
    SELF_CPU_GAPS_LONE_NET_PLUS_PATTERNS_MEDIAN(false, true, false, Events.ALL),
    /** {@link #CODE_PATH_FIRST_FAILING_CPU_GAPS_FISHER_NO_RECOVERY} over that order. */
    CODE_PATH_FIRST_FAILING_CPU_GAPS_LONE_NET_FISHER_NO_RECOVERY(false, false, false, Events.PAIRS),
    /** {@link #SELF_CPU_GAPS_NET_PLUS_PATTERNS_MEDIAN} with {@link #NET_INOUT}'s attribution. */
    SELF_CPU_GAPS_INOUT_NET_PLUS_PATTERNS_MEDIAN(false, true, false, Events.ALL),
    /** {@link #CODE_PATH_FIRST_FAILING_CPU_GAPS_FISHER_NO_RECOVERY} over that order. */
    CODE_PATH_FIRST_FAILING_CPU_GAPS_INOUT_NET_FISHER_NO_RECOVERY(
        false, false, false, Events.PAIRS),
    /**
     * {@link #SELF_CPU_GAPS_PLUS_PATTERNS_MEDIAN}, the callers whose own calls' gap moves are
     * charged to them ({@link EdgeLatencies#gapsToCaller}, {@link #NET_INOUT}'s attribution)
     * keeping their call gaps as the CPU-starved ones do; no network score.
     */
    SELF_CPU_EDGE_GAPS_INOUT_PLUS_PATTERNS_MEDIAN(false, true, false, Events.ALL),
    /** {@link #CODE_PATH_FIRST_FAILING_CPU_GAPS_FISHER_NO_RECOVERY} over that order. */
    CODE_PATH_FIRST_FAILING_CPU_EDGE_GAPS_INOUT_FISHER_NO_RECOVERY(
        false, false, false, Events.PAIRS),
    /** Both: the network score and the edge-charged gaps, {@link #NET_LONE}'s attribution. */
    SELF_CPU_EDGE_GAPS_LONE_NET_PLUS_PATTERNS_MEDIAN(false, true, false, Events.ALL),
    /** {@link #CODE_PATH_FIRST_FAILING_CPU_GAPS_FISHER_NO_RECOVERY} over that order. */
    CODE_PATH_FIRST_FAILING_CPU_EDGE_GAPS_LONE_NET_FISHER_NO_RECOVERY(
        false, false, false, Events.PAIRS),
    /**
     * Both with {@link #NET_INOUT}'s attribution: what the online {@code RcaAnalyzer} does with
     * {@code networkScore(true)}.
     */
    SELF_CPU_EDGE_GAPS_INOUT_NET_PLUS_PATTERNS_MEDIAN(false, true, false, Events.ALL),
    /** {@link #CODE_PATH_FIRST_FAILING_CPU_GAPS_FISHER_NO_RECOVERY} over that order. */
    CODE_PATH_FIRST_FAILING_CPU_EDGE_GAPS_INOUT_NET_FISHER_NO_RECOVERY(
        false, false, false, Events.PAIRS),
    /** {@link #NET_INOUT}, the calls of CPU-starved callers ({@link CpuStarved}) theirs whole. */
    NET_INOUT_STARVED(false, false, false, Events.NONE),
    /** {@link #SELF_CPU_GAPS_INOUT_NET_PLUS_PATTERNS_MEDIAN} with {@link #NET_INOUT_STARVED}. */
    SELF_CPU_GAPS_INOUT_STARVED_NET_PLUS_PATTERNS_MEDIAN(false, true, false, Events.ALL),
    /** {@link #CODE_PATH_FIRST_FAILING_CPU_GAPS_FISHER_NO_RECOVERY} over that order. */
    CODE_PATH_FIRST_FAILING_CPU_GAPS_INOUT_STARVED_NET_FISHER_NO_RECOVERY(
        false, false, false, Events.PAIRS),
    /**
     * {@link #SELF_CPU_EDGE_GAPS_INOUT_NET_PLUS_PATTERNS_MEDIAN} with {@link #NET_INOUT_STARVED}:
     * what the online {@code RcaAnalyzer} does with {@code networkScore(true)} (session 11).
     */
    SELF_CPU_EDGE_GAPS_INOUT_STARVED_NET_PLUS_PATTERNS_MEDIAN(false, true, false, Events.ALL),
    /** {@link #CODE_PATH_FIRST_FAILING_CPU_GAPS_FISHER_NO_RECOVERY} over that order. */
    CODE_PATH_FIRST_FAILING_CPU_EDGE_GAPS_INOUT_STARVED_NET_FISHER_NO_RECOVERY(
        false, false, false, Events.PAIRS),
    /**
     * {@link #CODE_PATH_FIRST_FAILING_CPU_GAPS_INOUT_STARVED_NET_FISHER_NO_RECOVERY}, a failing
     * service's callees named in its new errors ahead of it ({@code CodePathFirst}, session 12).
     */
    CODE_PATH_FIRST_FAILING_NAMED_CPU_GAPS_INOUT_STARVED_NET_FISHER_NO_RECOVERY(
        false, false, false, Events.PAIRS),
    /**
     * {@link #CODE_PATH_FIRST_FAILING_NAMED_CPU_GAPS_INOUT_STARVED_NET_FISHER_NO_RECOVERY}, a named
     * callee without a change of its own passing the blame down to the first of it and what it
     * reaches in the metric order (session 12).
     */
    CODE_PATH_FIRST_FAILING_NAMED_DOWN_CPU_GAPS_INOUT_STARVED_NET_FISHER_NO_RECOVERY(
        false, false, false, Events.PAIRS),
    /**
     * {@link #CODE_PATH_FIRST_FAILING_NAMED_DOWN_CPU_GAPS_INOUT_STARVED_NET_FISHER_NO_RECOVERY}
     * only for a named callee whose own latency rose ({@code LatencyRise}); one that answered on
     * time keeps the blame (session 12).
     */
    CODE_PATH_FIRST_FAILING_NAMED_SLOW_CPU_GAPS_INOUT_STARVED_NET_FISHER_NO_RECOVERY(
        false, false, false, Events.PAIRS),
    /**
     * {@link #SELF_CPU_GAPS_INOUT_STARVED_NET_PLUS_PATTERNS_MEDIAN} with each service's self-time
     * score at least the growth of its own memory ({@code MemoryGrowth}, session 13).
     */
    SELF_CPU_GAPS_INOUT_STARVED_NET_MEM_PLUS_PATTERNS_MEDIAN(false, true, false, Events.ALL),
    /**
     * {@link #CODE_PATH_FIRST_FAILING_NAMED_SLOW_CPU_GAPS_INOUT_STARVED_NET_FISHER_NO_RECOVERY}
     * over that order.
     */
    CODE_PATH_FIRST_FAILING_NAMED_SLOW_CPU_GAPS_INOUT_STARVED_NET_MEM_FISHER_NO_RECOVERY(
        false, false, false, Events.PAIRS),
    /**
     * {@link #DEFAULT} with a changed service's slow callees (their own latency rose, {@code
     * LatencyRise}) explaining it, named or not ({@code CodePathFirst}, session 15).
     */
    CODE_PATH_FIRST_FAILING_NAMED_SLOW_CALLEES_CPU_GAPS_INOUT_STARVED_NET_MEM_FISHER_NO_RECOVERY(
        false, false, false, Events.PAIRS);

    /**
     * Since session 13 the session-12 default (the session-11 default with the callees named in a
     * failing service's new errors ahead of it, passing the blame down when their latency rose)
     * with each self-time score at least the growth of the service's own memory: Train Ticket
     * identical, Online Boutique and the lab better, Sock Shop (no traces) unchanged
     * (mirador-rca/eval/README.md).
     */
    static final Variant DEFAULT =
        CODE_PATH_FIRST_FAILING_NAMED_SLOW_CPU_GAPS_INOUT_STARVED_NET_MEM_FISHER_NO_RECOVERY;

    enum Events {
      NONE,
      ALL,
      LOGS,
      CALLS,
      PAIRS
    }

    final boolean serviceFeatures;
    final boolean selfTime;
    final boolean pagerank;
    final Events events;

    Variant(boolean serviceFeatures, boolean selfTime, boolean pagerank, Events events) {
      this.serviceFeatures = serviceFeatures;
      this.selfTime = selfTime;
      this.pagerank = pagerank;
      this.events = events;
    }

    boolean medianScaled() {
      return name().endsWith("_MEDIAN");
    }

    boolean larger() {
      return name().contains("_MAX_");
    }

    boolean reciprocalRank() {
      return name().contains("_RRF_");
    }

    boolean metrics() {
      return serviceFeatures || selfTime;
    }

    boolean patterns() {
      return events != Events.NONE;
    }

    boolean pairs() {
      return events == Events.PAIRS;
    }

    /** Whether a {@link #codePathFirst} variant orders changes by share instead of strength. */
    boolean byShare() {
      return name().startsWith("CODE_PATH_FIRST_SHARE");
    }

    /** Whether a failing service's callees named in its new errors go ahead of it. */
    boolean namedCallees() {
      return name().contains("_NAMED");
    }

    /** Whether a named callee without a change passes the blame down the metric order. */
    boolean namedDown() {
      return name().contains("_NAMED_DOWN");
    }

    /** Whether a named callee passes the blame down only when its own latency rose. */
    boolean namedSlow() {
      return name().contains("_NAMED_SLOW");
    }

    /** Whether a changed service's slow callees explain it, named or not. */
    boolean slowCallees() {
      return name().contains("_SLOW_CALLEES");
    }

    /** Whether a {@link #codePathFirst} variant puts failing services first. */
    boolean failingFirst() {
      return name().contains("_FAILING");
    }

    boolean cpuGaps() {
      return name().contains("_CPU_GAPS") || name().contains("_CPU_EDGE_GAPS");
    }

    /** Whether the callers charged with their own calls' gap moves keep their call gaps. */
    boolean edgeGaps() {
      return name().contains("_EDGE_GAPS");
    }

    /** Whether the network score alone ranks. */
    boolean networkAlone() {
      return this == NET || name().startsWith("NET_");
    }

    /** Whether a service's self-time score is at least its network score. */
    boolean network() {
      return networkAlone() || name().contains("_NET_");
    }

    /** Whether a service's self-time score is at least the growth of its own memory. */
    boolean memory() {
      return name().contains("_MEM_");
    }

    /** Whether the calls of CPU-starved callers are charged to them whole in the network score. */
    boolean starvedCallers() {
      return name().contains("_STARVED");
    }

    /** How the network variants split an edge's move between its ends. */
    EdgeLatencies.Attribution attribution() {
      if (name().contains("_INOUT")) {
        return EdgeLatencies.Attribution.IN_OUT;
      }
      return name().contains("_LONE")
          ? EdgeLatencies.Attribution.LONE_AS_EDGE
          : EdgeLatencies.Attribution.OTHER_EDGES;
    }

    /** Whether the network score is a third signal of the median-scaled sum. */
    boolean networkSum() {
      return name().contains("_NETSUM_");
    }

    boolean codePathFirst() {
      return name().startsWith("CODE_PATH_FIRST");
    }

    /** How far back the event pairs' baseline reaches. */
    Duration pairLookback() {
      return name().contains("_DAY") ? FeatureQuery.MAX_RANGE : LOOKBACK;
    }

    /** Whether a {@link #codePathFirst} variant leaves out the events that recovered. */
    boolean withoutRecoveries() {
      return name().endsWith("_NO_RECOVERY");
    }

    /** How a {@link #codePathFirst} variant tests a change of share. */
    EventPairShift.Test test() {
      if (name().endsWith("_FISHER_ANY_COUNT") || name().endsWith("_FISHER_NO_RECOVERY")) {
        return EventPairShift.Test.FISHER_ANY_COUNT;
      }
      if (name().contains("_FISHER")) {
        return EventPairShift.Test.FISHER;
      }
      return name().contains("_CORRECTED")
          ? EventPairShift.Test.Z_CORRECTED
          : EventPairShift.Test.Z;
    }

    /** The metric ranking a {@link #codePathFirst} variant falls back on. */
    Variant metricOrder() {
      return switch (this) {
        case CODE_PATH_FIRST_SERVICE -> SERVICE;
        case CODE_PATH_FIRST_SELF,
            CODE_PATH_FIRST_SELF_FISHER_ANY_COUNT,
            CODE_PATH_FIRST_SELF_FISHER_NO_RECOVERY ->
            SELF;
        case CODE_PATH_FIRST_SERVICE_SELF -> SERVICE_SELF;
        case CODE_PATH_FIRST_CPU_GAPS_FISHER_NO_RECOVERY,
            CODE_PATH_FIRST_SHARE_CPU_GAPS_FISHER_NO_RECOVERY,
            CODE_PATH_FIRST_FAILING_CPU_GAPS_FISHER_NO_RECOVERY ->
            SELF_CPU_GAPS_PLUS_PATTERNS_MEDIAN;
        case CODE_PATH_FIRST_FAILING_CPU_GAPS_NET_FISHER_NO_RECOVERY ->
            SELF_CPU_GAPS_NET_PLUS_PATTERNS_MEDIAN;
        case CODE_PATH_FIRST_FAILING_CPU_GAPS_NETSUM_FISHER_NO_RECOVERY ->
            SELF_CPU_GAPS_NETSUM_PLUS_PATTERNS_MEDIAN;
        case CODE_PATH_FIRST_FAILING_CPU_GAPS_LONE_NET_FISHER_NO_RECOVERY ->
            SELF_CPU_GAPS_LONE_NET_PLUS_PATTERNS_MEDIAN;
        case CODE_PATH_FIRST_FAILING_CPU_GAPS_INOUT_NET_FISHER_NO_RECOVERY ->
            SELF_CPU_GAPS_INOUT_NET_PLUS_PATTERNS_MEDIAN;
        case CODE_PATH_FIRST_FAILING_CPU_EDGE_GAPS_INOUT_FISHER_NO_RECOVERY ->
            SELF_CPU_EDGE_GAPS_INOUT_PLUS_PATTERNS_MEDIAN;
        case CODE_PATH_FIRST_FAILING_CPU_EDGE_GAPS_LONE_NET_FISHER_NO_RECOVERY ->
            SELF_CPU_EDGE_GAPS_LONE_NET_PLUS_PATTERNS_MEDIAN;
        case CODE_PATH_FIRST_FAILING_CPU_EDGE_GAPS_INOUT_NET_FISHER_NO_RECOVERY ->
            SELF_CPU_EDGE_GAPS_INOUT_NET_PLUS_PATTERNS_MEDIAN;
        case CODE_PATH_FIRST_FAILING_CPU_GAPS_INOUT_STARVED_NET_FISHER_NO_RECOVERY,
            CODE_PATH_FIRST_FAILING_NAMED_CPU_GAPS_INOUT_STARVED_NET_FISHER_NO_RECOVERY,
            CODE_PATH_FIRST_FAILING_NAMED_DOWN_CPU_GAPS_INOUT_STARVED_NET_FISHER_NO_RECOVERY,
            CODE_PATH_FIRST_FAILING_NAMED_SLOW_CPU_GAPS_INOUT_STARVED_NET_FISHER_NO_RECOVERY ->
            SELF_CPU_GAPS_INOUT_STARVED_NET_PLUS_PATTERNS_MEDIAN;
        case CODE_PATH_FIRST_FAILING_NAMED_SLOW_CPU_GAPS_INOUT_STARVED_NET_MEM_FISHER_NO_RECOVERY,
            CODE_PATH_FIRST_FAILING_NAMED_SLOW_CALLEES_CPU_GAPS_INOUT_STARVED_NET_MEM_FISHER_NO_RECOVERY ->
            SELF_CPU_GAPS_INOUT_STARVED_NET_MEM_PLUS_PATTERNS_MEDIAN;
        case CODE_PATH_FIRST_FAILING_CPU_EDGE_GAPS_INOUT_STARVED_NET_FISHER_NO_RECOVERY ->
            SELF_CPU_EDGE_GAPS_INOUT_STARVED_NET_PLUS_PATTERNS_MEDIAN;
        default -> SELF_PLUS_PATTERNS_MEDIAN;
      };
    }

    boolean accepts(String event) {
      return switch (events) {
        case NONE -> false;
        case ALL -> true;
        case LOGS -> event.startsWith("log ");
        case CALLS -> event.startsWith("call ");
        case PAIRS -> false;
      };
    }
  }

  private NezhaFeatures() {}

  /**
   * The calls of the incident window and of the baseline minutes (earlier incidents left out) per
   * edge, with the engine's own decomposition and attribution.
   */
  static EdgeLatencies edges(
      TelemetryStore store,
      TenantId tenant,
      TimeWindow window,
      List<Instant> earlierIncidents,
      EdgeLatencies.Attribution attribution,
      Set<String> starved) {
    Instant t = window.start();
    return EdgeLatencies.of(
        store.edgeLatencies(FeatureQuery.of(tenant, TimeRange.of(t.minus(LOOKBACK), t))).stream()
            .filter(m -> !disturbed(m.minuteStartUnixNano(), earlierIncidents, window))
            .map(NezhaFeatures::online)
            .toList(),
        store.edgeLatencies(FeatureQuery.of(tenant, TimeRange.of(t, window.end()))).stream()
            .map(NezhaFeatures::online)
            .toList(),
        attribution,
        starved);
  }

  static EdgeMinute online(EdgeLatencyMinute m) {
    return new EdgeMinute(
        m.caller(),
        m.callee(),
        Instant.ofEpochSecond(0, m.minuteStartUnixNano()),
        m.calls(),
        m.repeats(),
        m.gapP50Nanos(),
        m.gapP95Nanos(),
        m.serverP50Nanos(),
        m.serverP95Nanos(),
        m.slowestTraceId(),
        m.slowestNanos());
  }

  static List<MetricWindow> windows(
      TelemetryStore store,
      TenantId tenant,
      TimeWindow window,
      List<Instant> earlierIncidents,
      Variant variant) {
    Instant t = window.start();
    FeatureQuery baseQuery = FeatureQuery.of(tenant, TimeRange.of(t.minus(LOOKBACK), t));
    FeatureQuery incidentQuery = FeatureQuery.of(tenant, TimeRange.of(t, window.end()));
    List<MetricWindow> out = new ArrayList<>();
    List<ServiceMinute> incident = List.of();
    List<ServiceMinute> baseline = List.of();
    if (variant.serviceFeatures || variant.cpuGaps()) {
      incident = store.serviceFeatures(incidentQuery);
      baseline =
          store.serviceFeatures(baseQuery).stream()
              .filter(m -> !disturbed(m.minuteStartUnixNano(), earlierIncidents, window))
              .toList();
    }
    // The online RCA's own conversion, so that both rank the same series.
    List<MetricWindow> services =
        ServiceWindows.windows(
            baseline.stream().map(NezhaFeatures::online).toList(),
            incident.stream().map(NezhaFeatures::online).toList());
    if (variant.serviceFeatures) {
      out.addAll(services);
    }
    if (variant.selfTime) {
      Set<String> toCaller =
          new LinkedHashSet<>(variant.cpuGaps() ? CpuStarved.services(services) : Set.of());
      if (variant.edgeGaps()) {
        Set<String> starved = variant.starvedCallers() ? CpuStarved.services(services) : Set.of();
        toCaller.addAll(
            edges(store, tenant, window, earlierIncidents, variant.attribution(), starved)
                .gapsToCaller());
      }
      if (Boolean.getBoolean("mirador.eval.debug")) {
        System.err.println("# cpu-starved " + window.start() + " " + toCaller);
      }
      // The online RCA's own conversion, so that both rank the same series.
      out.addAll(
          SelfTimes.windows(
              store.selfTimes(baseQuery, toCaller).stream()
                  .filter(m -> !disturbed(m.minuteStartUnixNano(), earlierIncidents, window))
                  .map(NezhaFeatures::online)
                  .toList(),
              store.selfTimes(incidentQuery, toCaller).stream()
                  .map(NezhaFeatures::online)
                  .toList()));
    }
    return out;
  }

  /**
   * Per operation and event: spans with the event, and all spans, summed over the incident window
   * and over the baseline minutes.
   */
  static List<PatternShift.Counts> patterns(
      TelemetryStore store,
      TenantId tenant,
      TimeWindow window,
      List<Instant> earlierIncidents,
      Predicate<String> events) {
    Instant t = window.start();
    FeatureQuery base = FeatureQuery.of(tenant, TimeRange.of(t.minus(LOOKBACK), t));
    FeatureQuery incident = FeatureQuery.of(tenant, TimeRange.of(t, window.end()));
    LongPredicate kept = minute -> !disturbed(minute, earlierIncidents, window);
    // The online RCA's own computation, so that both measure the same shift.
    return SpanEventShift.counts(
        store.operationFeatures(base).stream()
            .filter(m -> kept.test(m.minuteStartUnixNano()))
            .map(NezhaFeatures::online)
            .toList(),
        store.spanEvents(base).stream()
            .filter(e -> events.test(e.event()) && kept.test(e.minuteStartUnixNano()))
            .map(NezhaFeatures::online)
            .toList(),
        store.operationFeatures(incident).stream().map(NezhaFeatures::online).toList(),
        store.spanEvents(incident).stream()
            .filter(e -> events.test(e.event()))
            .map(NezhaFeatures::online)
            .toList());
  }

  /**
   * A store row as the engine's online types have it (the core client's conversion, in-process).
   */
  static io.mirador.rca.online.ServiceMinute online(ServiceMinute m) {
    return new io.mirador.rca.online.ServiceMinute(
        m.service(),
        Instant.ofEpochSecond(0, m.minuteStartUnixNano()),
        m.requests(),
        m.errors(),
        m.latencyP50Nanos(),
        m.latencyP95Nanos(),
        m.latencyP99Nanos(),
        m.errorLogs(),
        m.gauges());
  }

  private static io.mirador.rca.online.OperationSpansMinute online(OperationMinute m) {
    return new io.mirador.rca.online.OperationSpansMinute(
        m.service(), m.operation(), Instant.ofEpochSecond(0, m.minuteStartUnixNano()), m.spans());
  }

  private static io.mirador.rca.online.SpanEventMinute online(SpanEventMinute e) {
    return new io.mirador.rca.online.SpanEventMinute(
        e.service(),
        e.operation(),
        e.event(),
        Instant.ofEpochSecond(0, e.minuteStartUnixNano()),
        e.spans());
  }

  /**
   * Per service, event and next event: how often the pair occurred, and how often the event
   * occurred at all (the sum over its next events), in the incident window and the baseline
   * minutes. A pair seen in one window only counts 0 in the other.
   */
  static List<PatternShift.Counts> pairs(
      TelemetryStore store, TenantId tenant, TimeWindow window, List<Instant> earlierIncidents) {
    return pairs(store, tenant, window, earlierIncidents, LOOKBACK);
  }

  /**
   * The same with the baseline reaching {@code lookback} back, read an hour at a time (each read
   * stays far below the store's row limit).
   */
  static List<PatternShift.Counts> pairs(
      TelemetryStore store,
      TenantId tenant,
      TimeWindow window,
      List<Instant> earlierIncidents,
      Duration lookback) {
    Instant t = window.start();
    List<io.mirador.rca.online.EventPairMinute> baseline = new ArrayList<>();
    for (Instant from = t.minus(lookback); from.isBefore(t); from = from.plus(LOOKBACK)) {
      Instant to = from.plus(LOOKBACK).isBefore(t) ? from.plus(LOOKBACK) : t;
      List<EventPairMinute> read =
          store.eventPairs(FeatureQuery.of(tenant, TimeRange.of(from, to)));
      if (read.size() >= TelemetryStore.MAX_LOG_PATTERN_ROWS) {
        throw new IllegalStateException(
            "event pairs of " + from + " reached the store's row limit");
      }
      read.stream()
          .filter(p -> !disturbed(p.minuteStartUnixNano(), earlierIncidents, window))
          .map(NezhaFeatures::online)
          .forEach(baseline::add);
    }
    FeatureQuery incident = FeatureQuery.of(tenant, TimeRange.of(t, window.end()));
    return EventPairShift.counts(
        baseline, store.eventPairs(incident).stream().map(NezhaFeatures::online).toList());
  }

  private static io.mirador.rca.online.SelfTimeMinute online(SelfTimeMinute m) {
    return new io.mirador.rca.online.SelfTimeMinute(
        m.service(),
        Instant.ofEpochSecond(0, m.minuteStartUnixNano()),
        m.spans(),
        m.p50Nanos(),
        m.p95Nanos());
  }

  private static io.mirador.rca.online.EventPairMinute online(EventPairMinute p) {
    return new io.mirador.rca.online.EventPairMinute(
        p.service(),
        p.source(),
        p.target(),
        Instant.ofEpochSecond(0, p.minuteStartUnixNano()),
        p.count());
  }

  /**
   * Whether most of a minute (its midpoint) lies in an earlier incident's window. Faults follow
   * each other closely in the data, so dropping every minute that merely touches a window would
   * drop the minute just before the next fault, the best baseline there is.
   */
  static boolean disturbed(long minuteNanos, List<Instant> earlier, TimeWindow window) {
    long length = Duration.between(window.start(), window.end()).toNanos();
    long midpoint = minuteNanos + MINUTE / 2;
    for (Instant a : earlier) {
      long start = a.getEpochSecond() * 1_000_000_000L + a.getNano();
      if (midpoint >= start && midpoint < start + length) {
        return true;
      }
    }
    return false;
  }
}
