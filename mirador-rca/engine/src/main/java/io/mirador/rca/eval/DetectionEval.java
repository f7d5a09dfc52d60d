package io.mirador.rca.eval;

import io.mirador.rca.Finding;
import io.mirador.rca.FindingSink;
import io.mirador.rca.Incident;
import io.mirador.rca.IncidentEvent;
import io.mirador.rca.IncidentPolicy;
import io.mirador.rca.MetricWindow;
import io.mirador.rca.TimeWindow;
import io.mirador.rca.online.CallEdge;
import io.mirador.rca.online.DetectionLoop;
import io.mirador.rca.online.FeatureData;
import io.mirador.rca.online.FeatureSource;
import io.mirador.rca.online.ServiceMinute;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * {@code detection-eval DIR} (through {@code DetectionEvalCommand}): runs the online {@link
 * DetectionLoop} over every case of the RCD Sock Shop layout and reports whether it opened an
 * incident for the fault, how late, with which services, and how many incidents it opened on normal
 * data before the fault.
 *
 * <p>Each row of the data (one a second) is one of the loop's minutes: the loop fits on the normal
 * rows before the last {@link #HELD_OUT} (at most its baseline's 180), scores those held-out normal
 * rows (false incidents) and then the anomalous rows (the fault starts at the first). Every column
 * of a container (cpu, mem, and the load and latency columns some services have) is a gauge of its
 * service, databases folded into their owners; the call edges are Sock Shop's documented topology.
 */
public final class DetectionEval {
  /** Normal rows scored before the fault: the false-incident exposure of each case. */
  static final int HELD_OUT = 90;

  private static final String TENANT = "detection-eval";
  private static final Instant T0 = Instant.parse("2000-01-01T00:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  /**
   * A detection set-up measured on the data; {@link #DEFAULT} is what the product uses. Each sets
   * the deviation alarm, the warm start (minutes before a service is scored; 30 is no warm start),
   * the opening rule and the settle time (which moves only the reporting delay: replayed data is
   * complete when it is read).
   */
  public enum Variant {
    /** The calibrated Isolation Forest alone, the rest as the default. */
    FOREST(settings(0, 5, 3, 2, 20)),
    /** The forest, or any feature 5 IQRs from its baseline median; the rest as the default. */
    FOREST_OR_5_IQR(settings(5, 5, 3, 2, 20)),
    /**
     * Sessions 11-12's default: the forest or 10 IQRs, warm start, 3 minutes or one at 2x, a
     * quantile over too few requests not opening alone; the service's own features only.
     */
    FOREST_OR_10_IQR(FOREST_OR_10_IQR_SETTINGS),
    /** The forest, or any feature 20 IQRs from its baseline median; the rest as the default. */
    FOREST_OR_20_IQR(settings(20, 5, 3, 2, 20)),
    /** Session 9's default: 30 minutes before scoring, open after 3, settle 1 minute. */
    SESSION_9(settings(10, 30, 3, 0, 60)),
    /** Session 9 with the warm start (scored from 5 minutes on, widened level). */
    WARM_START(settings(10, 5, 3, 0, 60)),
    /** The warm start, a 20 s settle, open after 3 or at once at 2x the level. */
    WARM_OPEN_3_OR_AT_ONCE(settings(10, 5, 3, 2, 20)),
    /** The warm start, a 20 s settle, open after 2 minutes. */
    WARM_OPEN_2(settings(10, 5, 2, 0, 20)),
    /** The warm start, a 20 s settle, open after 2 or at once at 2x the level. */
    WARM_OPEN_2_OR_AT_ONCE(settings(10, 5, 2, 2, 20)),
    /** The warm start, a 20 s settle, open after 1 minute. */
    WARM_OPEN_1(settings(10, 5, 1, 0, 20)),
    /**
     * Session 11: the default, with a resolved member firing again only after 3 anomalous minutes
     * in a row (not after one at 2x).
     */
    REFIRE_AFTER_STREAK(
        settings(10, 5, 3, 2, 20)
            .policy(p -> p.withFiring(IncidentPolicy.Firing.REFIRE_AFTER_STREAK))),
    /**
     * Session 11: the default, with only minutes of a confirmed streak (3 in a row, or one at 2x)
     * keeping a member firing or making it fire again.
     */
    CONFIRMED_MINUTES(
        settings(10, 5, 3, 2, 20)
            .policy(p -> p.withFiring(IncidentPolicy.Firing.CONFIRMED_MINUTES))),
    /** Session 11: the default, with a member resolved after 3 quiet minutes instead of 5. */
    CLOSE_AFTER_3(settings(10, 5, 3, 2, 20).policy(p -> p.withCloseAfter(3))),
    /** Session 11: {@link #CONFIRMED_MINUTES} and {@link #CLOSE_AFTER_3}. */
    CONFIRMED_MINUTES_CLOSE_AFTER_3(
        settings(10, 5, 3, 2, 20)
            .policy(p -> p.withCloseAfter(3).withFiring(IncidentPolicy.Firing.CONFIRMED_MINUTES))),
    /**
     * Session 11: the default, with a minute at 2x the level opening (or joining) only with one
     * more anomalous minute in its streak: 2 minutes instead of 1.
     */
    STRONG_IN_2(settings(10, 5, 3, 2, 20).policy(p -> p.withStrongMinutes(2))),
    /**
     * Session 11: the default, with a latency quantile counting toward opening in one minute only
     * when at least 5 of the minute's requests lie on either side of it ({@code
     * DetectionLoop.Builder#minTailRequests}): a p99 over fewer than 500 requests is a few
     * requests.
     */
    TAIL_5(settings(10, 5, 3, 2, 20).minTailRequests(5)),
    /**
     * Session 10's default (and the live lab runs of session 11): {@link #FOREST_OR_10_IQR} with
     * every minute's quantiles counting in full, however few requests they summarise.
     */
    SESSION_10(settings(10, 5, 3, 2, 20)),
    /**
     * The product's default since session 13: {@link #FOREST_OR_10_IQR}, each service also scored
     * on the calls into it as its callers see them ({@code DetectionLoop.Builder#inboundCalls}:
     * calls, gap p50 and p95).
     */
    INBOUND_CALLS(FOREST_OR_10_IQR_SETTINGS.inboundCalls(DetectionLoop.InboundRepeats.OFF)),
    /**
     * Session 14, measured and not the default (it lost one Train Ticket fault and added a false
     * finding there): {@link #INBOUND_CALLS}, the calls into a service also counting those that
     * repeat an earlier call from the same caller span to the same operation ({@code
     * DetectionLoop.Builder#inboundRepeats}): the callers' retries.
     */
    INBOUND_REPEATS(
        FOREST_OR_10_IQR_SETTINGS.inboundCalls(DetectionLoop.InboundRepeats.FOREST_AND_ALARM)),
    /**
     * Session 15: {@link #INBOUND_REPEATS} with the repeats in the deviation alarm only, not in the
     * forest ({@code DetectionLoop.InboundRepeats#ALARM_ONLY}).
     */
    INBOUND_REPEATS_ALARM(
        FOREST_OR_10_IQR_SETTINGS.inboundCalls(DetectionLoop.InboundRepeats.ALARM_ONLY)),
    /**
     * Session 15: the repeats as a share of the calls in per cent, in the deviation alarm only
     * ({@code DetectionLoop.InboundRepeats#PERCENT_ALARM_ONLY}).
     */
    INBOUND_REPEATED_PERCENT_ALARM(
        FOREST_OR_10_IQR_SETTINGS.inboundCalls(DetectionLoop.InboundRepeats.PERCENT_ALARM_ONLY));

    /** The product's default since session 13: {@link #INBOUND_CALLS}. */
    public static final Variant DEFAULT = INBOUND_CALLS;

    private final Settings settings;

    Variant(Settings settings) {
      this.settings = settings;
    }

    /** The loop's {@link DetectionLoop.Builder#deviationAlarm}: 0 is the forest alone. */
    public double deviationAlarm() {
      return settings.deviationAlarm;
    }

    /** The loop's settle time: a minute is reported {@link #reportedAfter} its end. */
    public Duration settle() {
      return settings.settle;
    }

    /**
     * When the service's scheduler runs the tick that evaluates a minute, after the minute ends:
     * the settle time plus the scheduler's 5 s offset.
     */
    public Duration reportedAfter() {
      return settings.settle.plus(SCHEDULER_OFFSET);
    }

    /** This variant's loop over {@code source}, reporting to {@code sink}. */
    public DetectionLoop.Builder loop(FeatureSource source, FindingSink sink) {
      return settings.loop(source, sink);
    }
  }

  /**
   * One detection set-up; {@link #settings} gives the oldest variants' defaults (no tail rule, no
   * inbound calls), {@link #policy} changes the incident policy through its own {@code with}
   * methods, and the other methods change one setting each.
   */
  private record Settings(
      double deviationAlarm,
      int minBaselineMinutes,
      Duration settle,
      IncidentPolicy policy,
      int minTailRequests,
      boolean inboundCalls,
      DetectionLoop.InboundRepeats inboundRepeats) {

    Settings policy(UnaryOperator<IncidentPolicy> change) {
      return new Settings(
          deviationAlarm,
          minBaselineMinutes,
          settle,
          change.apply(policy),
          minTailRequests,
          inboundCalls,
          inboundRepeats);
    }

    Settings minTailRequests(int requests) {
      return new Settings(
          deviationAlarm,
          minBaselineMinutes,
          settle,
          policy,
          requests,
          inboundCalls,
          inboundRepeats);
    }

    /** Each service also scored on the calls into it, with the repeated ones as {@code repeats}. */
    Settings inboundCalls(DetectionLoop.InboundRepeats repeats) {
      return new Settings(
          deviationAlarm, minBaselineMinutes, settle, policy, minTailRequests, true, repeats);
    }

    DetectionLoop.Builder loop(FeatureSource source, FindingSink sink) {
      return DetectionLoop.builder(source, sink)
          .deviationAlarm(deviationAlarm)
          .minTailRequests(minTailRequests)
          .inboundCalls(inboundCalls)
          .inboundRepeats(inboundRepeats)
          .policy(policy)
          .settle(settle)
          .minBaselineMinutes(minBaselineMinutes)
          .fullBaselineMinutes(DetectionLoop.DEFAULT_FULL_BASELINE_MINUTES);
    }
  }

  /**
   * The deviation alarm in IQRs (0: the forest alone), minutes before a service is scored, minutes
   * to open, the level that opens at once (0: none), the settle time; the rest as the first
   * variants had them.
   */
  private static Settings settings(
      double deviationAlarm,
      int minBaselineMinutes,
      int openAfter,
      double openAtOnce,
      int settleSeconds) {
    return new Settings(
        deviationAlarm,
        minBaselineMinutes,
        Duration.ofSeconds(settleSeconds),
        IncidentPolicy.withThreshold(1.0)
            .withOpenAfter(openAfter)
            .withOpenAtOnce(openAtOnce > 0 ? openAtOnce : Double.POSITIVE_INFINITY),
        0,
        false,
        DetectionLoop.InboundRepeats.OFF);
  }

  /** Sessions 11-12's default, the base of the later ones. */
  private static final Settings FOREST_OR_10_IQR_SETTINGS =
      settings(10, 5, 3, 2, 20).minTailRequests(DetectionLoop.DEFAULT_MIN_TAIL_REQUESTS);

  /** The service runs its tick this long after the settle time (DetectionService). */
  static final Duration SCHEDULER_OFFSET = Duration.ofSeconds(5);

  /** The {@code q}-quantile of sorted values (nearest rank), "-" when empty. */
  public static String quantile(List<Double> sorted, double q) {
    if (sorted.isEmpty()) {
      return "-";
    }
    int rank = (int) Math.ceil(q * sorted.size());
    return String.format(Locale.ROOT, "%.1f", sorted.get(Math.max(0, rank - 1)));
  }

  private DetectionEval() {}

  public static int run(Path dir, PrintStream out) {
    return run(dir, out, Variant.DEFAULT);
  }

  /** Returns 0 when every case ran, 1 when some failed, 2 when DIR is not usable here. */
  public static int run(Path dir, PrintStream out, Variant variant) {
    Optional<List<Path>> listed =
        SockShopCase.runsForHarness(
            dir, out, "; the Nezha layout has no fault-free stretch per case");
    if (listed.isEmpty()) {
      return 2;
    }
    List<Path> runs = listed.get();
    var summary = new Summary();
    for (Path run : runs) {
      try {
        SockShopCase c = SockShopCase.load(run);
        CaseResult r = evaluate(c, variant);
        summary.add(r);
        out.println(r.line());
      } catch (IOException | RuntimeException e) {
        out.println("case=" + dir.relativize(run) + " error=" + e.getMessage());
        summary.failed++;
      }
    }
    summary.print(out, variant);
    return summary.failed == 0 ? 0 : 1;
  }

  static CaseResult evaluate(SockShopCase c, Variant variant) {
    List<MetricWindow> columns = c.metrics(SockShopCase.Mapping.OWNER, false);
    int normalRows = columns.getFirst().baseline().length;
    int anomalousRows = columns.getFirst().incident().length;
    if (normalRows < HELD_OUT + 30) {
      throw new IllegalArgumentException(
          c.id() + ": " + normalRows + " normal rows, needs " + (HELD_OUT + 30));
    }
    RowSource source = new RowSource(columns, normalRows);
    var events = new ArrayList<TickedEvent>();
    int[] current = {0};
    DetectionLoop loop =
        variant.loop(source, e -> events.add(new TickedEvent(current[0], e))).build();
    int first = normalRows - HELD_OUT;
    int rows = normalRows + anomalousRows;
    for (int i = first; i < rows; i++) {
      current[0] = i;
      // The service's scheduler evaluates the minute a settle time (and 5 s) after it ends.
      loop.tick(TENANT, minute(i).plus(MINUTE).plus(variant.reportedAfter()));
    }
    return CaseResult.of(c, normalRows, events, first);
  }

  static Instant minute(int row) {
    return T0.plus(MINUTE.multipliedBy(row));
  }

  /** The case's rows as per-service gauges, one minute a row, and the documented call edges. */
  private static final class RowSource implements FeatureSource {
    private final List<ServiceMinute> minutes = new ArrayList<>();
    private final List<CallEdge> edges = new ArrayList<>();

    RowSource(List<MetricWindow> columns, int normalRows) {
      int rows = normalRows + columns.getFirst().incident().length;
      for (int i = 0; i < rows; i++) {
        var gauges = new LinkedHashMap<String, Map<String, Double>>();
        for (MetricWindow w : columns) {
          double v = i < normalRows ? w.baseline()[i] : w.incident()[i - normalRows];
          Map<String, Double> g = gauges.computeIfAbsent(w.service(), s -> new HashMap<>());
          if (Double.isFinite(v)) {
            g.put(w.metric(), v);
          }
        }
        Instant m = minute(i);
        gauges.forEach(
            (service, g) ->
                minutes.add(
                    new ServiceMinute(service, m, 0, 0, Double.NaN, Double.NaN, Double.NaN, 0, g)));
      }
      var graph = SockShopCase.topology();
      for (String caller : graph.services()) {
        for (String callee : graph.callees(caller)) {
          edges.add(new CallEdge(caller, callee, 0, 0, Double.NaN, Double.NaN, Double.NaN));
        }
      }
    }

    @Override
    public FeatureData features(String tenant, TimeWindow window) {
      List<ServiceMinute> in =
          minutes.stream()
              .filter(
                  m -> !m.minute().isBefore(window.start()) && m.minute().isBefore(window.end()))
              .toList();
      return new FeatureData(in, edges);
    }
  }

  /**
   * An incident for the harnesses' debug output: its services and its top two causes, each with its
   * two most deviant metrics (baseline median -> observed, deviation).
   */
  public static String describe(Incident incident) {
    return "services="
        + incident.services()
        + " causes="
        + incident.finding().causes().stream()
            .limit(2)
            .map(
                c ->
                    c.service()
                        + c.evidence().stream()
                            .limit(2)
                            .map(
                                e ->
                                    String.format(
                                        Locale.ROOT,
                                        "%s %.3g->%.3g (%.1f)",
                                        e.metric(),
                                        e.baselineMedian(),
                                        e.observed(),
                                        e.deviation()))
                            .toList())
            .toList();
  }

  private record TickedEvent(int row, IncidentEvent event) {}

  /**
   * One case's outcome: incidents opened on the held-out normal rows, and the first row at or after
   * the fault where an incident was opened or updated with the true service, not having held it
   * before the fault (-1: never).
   */
  record CaseResult(
      String id,
      String truth,
      int falseIncidents,
      int heldOut,
      int delay,
      boolean anyIncidentAfterFault,
      String services,
      String topCause) {

    static CaseResult of(SockShopCase c, int faultRow, List<TickedEvent> events, int first) {
      var falseIds = new HashSet<UUID>();
      // An incident that already held the service before the fault does not detect it (as in
      // NezhaDetection).
      var heldBefore = new HashSet<UUID>();
      int delay = -1;
      boolean any = false;
      String services = "-";
      String top = "-";
      Instant fault = minute(faultRow);
      for (TickedEvent t : events) {
        Incident incident = t.event().incident();
        if (t.event() instanceof IncidentEvent.Opened
            && incident.window().start().isBefore(fault)) {
          falseIds.add(incident.id());
          if (Boolean.getBoolean("mirador.eval.debug")) {
            System.err.println("# false " + c.id() + " row=" + t.row() + " " + describe(incident));
          }
        }
        if (t.row() < faultRow) {
          if (incident.services().contains(c.truth())) {
            heldBefore.add(incident.id());
          }
          continue;
        }
        if (t.event() instanceof IncidentEvent.Closed) {
          continue;
        }
        any = true;
        if (delay < 0
            && incident.services().contains(c.truth())
            && !heldBefore.contains(incident.id())) {
          delay = t.row() - faultRow;
          services = String.join(",", incident.services());
          List<Finding.Cause> causes = incident.finding().causes();
          top = causes.isEmpty() ? "-" : causes.getFirst().service();
        }
      }
      return new CaseResult(
          c.id(), c.truth(), falseIds.size(), faultRow - first, delay, any, services, top);
    }

    String line() {
      return "case="
          + id
          + " truth="
          + truth
          + " false_incidents="
          + falseIncidents
          + " detected="
          + (delay >= 0
              ? "yes delay_rows=" + delay
              : anyIncidentAfterFault ? "no (an incident without it)" : "no")
          + " incident="
          + services
          + " top_cause="
          + topCause;
    }
  }

  private static final class Summary {
    int cases;
    int detected;
    int topCauseRight;
    int falseIncidents;
    int casesWithFalse;
    int heldOut;
    int failed;
    final List<Integer> delays = new ArrayList<>();

    void add(CaseResult r) {
      cases++;
      heldOut += r.heldOut();
      falseIncidents += r.falseIncidents();
      if (r.falseIncidents() > 0) {
        casesWithFalse++;
      }
      if (r.delay() >= 0) {
        detected++;
        delays.add(r.delay());
        if (r.truth().equals(r.topCause())) {
          topCauseRight++;
        }
      }
    }

    void print(PrintStream out, Variant variant) {
      List<Integer> sorted = delays.stream().sorted().toList();
      String median = sorted.isEmpty() ? "-" : String.valueOf(sorted.get(sorted.size() / 2));
      String max = sorted.isEmpty() ? "-" : String.valueOf(sorted.getLast());
      // As a person meets it, a row being a minute: the fault starts with its first row, and the
      // finding appears when the tick after the detecting row's end and settle time has run.
      double after = variant.reportedAfter().toMillis() / 60_000.0;
      List<Double> reported = sorted.stream().map(d -> d + 1 + after).toList();
      out.printf(
          Locale.ROOT,
          "variant=%s cases=%d detected=%d top_cause_right=%d false_incidents=%d"
              + " cases_with_false=%d held_out_rows=%d delay_rows_median=%s delay_rows_max=%s"
              + " reported_after_minutes_median=%s reported_after_minutes_p90=%s%n",
          variant,
          cases,
          detected,
          topCauseRight,
          falseIncidents,
          casesWithFalse,
          heldOut,
          median,
          max,
          quantile(reported, 0.5),
          quantile(reported, 0.9));
    }
  }
}
