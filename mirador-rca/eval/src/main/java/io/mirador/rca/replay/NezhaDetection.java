package io.mirador.rca.replay;

import io.mirador.rca.Incident;
import io.mirador.rca.IncidentEvent;
import io.mirador.rca.TimeWindow;
import io.mirador.rca.eval.DetectionEval;
import io.mirador.rca.online.DetectionLoop;
import io.mirador.rca.online.EdgeMinute;
import io.mirador.rca.online.FeatureData;
import io.mirador.rca.online.FeatureSource;
import io.mirador.rca.online.ServiceMinute;
import io.mirador.rca.online.TailQuantile;
import io.mirador.rca.online.Tick;
import io.mirador.store.FeatureQuery;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TimeRange;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * {@code detection-eval DIR} for the Nezha layout: replays the pod metrics alone (one row a minute
 * for the whole day, unlike the traces and logs, which the data holds only around faults) into a
 * fresh store, runs the online {@link DetectionLoop} minute by minute over the day and compares its
 * incidents with the fault list.
 *
 * <p>A fault is detected when, within {@link #DETECTED_WITHIN} of its injection, an incident is
 * opened or updated with the injected service among its services, and that incident did not hold
 * the service before the injection. An incident is false when it opened with no injection between
 * {@link #LEAD} before and {@link #DETECTED_WITHIN} after its first anomalous minute. The quiet
 * stretch, from {@link #QUIET_AFTER} past the last fault to the end of the data, gives false
 * incidents per hour of normal operation.
 */
final class NezhaDetection {
  /** The resource gauges and the pods' own server-side metrics the detectors are fitted on. */
  static final List<String> GAUGES =
      List.of(
          MetricConverter.CPU,
          MetricConverter.MEMORY,
          MetricConverter.name("PodServerLatencyP90(s)"),
          MetricConverter.name("PodServerLatencyP99(s)"),
          MetricConverter.name("PodWorkload(Ops)"),
          MetricConverter.name("PodSuccessRate(%)"));

  /**
   * The pods' server latency quantiles and what counts their requests: {@code PodWorkload(Ops)} is
   * requests per second (60 times it is within the span counts of the traces around faults: Online
   * Boutique's adservice 4.9 ops, about 190 GetAds server spans a minute in the traces of 04:02, of
   * which some are unsampled), so a minute holds 60 times it.
   */
  static final List<TailQuantile> TAIL_QUANTILES =
      List.of(
          new TailQuantile(
              MetricConverter.name("PodServerLatencyP90(s)"),
              0.90,
              MetricConverter.name("PodWorkload(Ops)"),
              60),
          new TailQuantile(
              MetricConverter.name("PodServerLatencyP99(s)"),
              0.99,
              MetricConverter.name("PodWorkload(Ops)"),
              60));

  static final Duration DETECTED_WITHIN = Duration.ofMinutes(10);
  static final Duration LEAD = Duration.ofMinutes(2);
  static final Duration QUIET_AFTER = Duration.ofMinutes(30);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private NezhaDetection() {}

  /**
   * A measurement aid: with this property {@code true} the day is replayed with its traces and logs
   * too (the ranking's replay, which {@code mirador.eval.keepStore} can keep), so that the loop's
   * inbound calls have edges to read; the service minutes then carry the spans' requests and
   * latency beside the pods' metrics. Without it, metrics only, the figures of the README.
   */
  static final String WITH_TRACES = "mirador.eval.detectionWithTraces";

  /** Replays the day once and runs the loop over it with each variant in turn. */
  static int run(Path dir, PrintStream out, List<DetectionEval.Variant> variants) {
    NezhaEval.ReplayedRun body =
        (store, faults) -> {
          int rc = 0;
          for (DetectionEval.Variant variant : variants) {
            rc = Math.max(rc, detect(store, faults, variant, out));
          }
          return rc;
        };
    if (Boolean.getBoolean(WITH_TRACES)) {
      out.println("# replay: metrics, traces and logs (" + WITH_TRACES + ")");
      return NezhaEval.withFullReplay(dir, out, body);
    }
    return NezhaEval.withReplay(dir, out, name -> name.endsWith("_metric.csv.gz"), body);
  }

  static int detect(
      TelemetryStore store,
      List<NezhaFault> faults,
      DetectionEval.Variant variant,
      PrintStream out) {
    if (faults.isEmpty()) {
      out.println("error: the fault list is empty");
      return 2;
    }
    FeatureSource source =
        new FeatureSource() {
          @Override
          public FeatureData features(String tenant, TimeWindow window) {
            return new FeatureData(
                store
                    .serviceFeatures(
                        new FeatureQuery(
                            NezhaEval.TENANT, TimeRange.of(window.start(), window.end()), GAUGES))
                    .stream()
                    .map(NezhaFeatures::online)
                    .toList(),
                List.of());
          }

          /**
           * The traces' calls per edge, for the loop's inbound calls (when the variant reads them).
           */
          @Override
          public List<EdgeMinute> edges(String tenant, TimeWindow window) {
            return store
                .edgeLatencies(
                    FeatureQuery.of(NezhaEval.TENANT, TimeRange.of(window.start(), window.end())))
                .stream()
                .map(NezhaFeatures::online)
                .toList();
          }
        };
    Instant day = faults.getFirst().injected().truncatedTo(ChronoUnit.DAYS);
    List<Instant> minutes =
        source
            .features("nezha", new TimeWindow(day, day.plus(Duration.ofDays(1))))
            .minutes()
            .stream()
            .map(ServiceMinute::minute)
            .distinct()
            .sorted()
            .toList();
    if (minutes.isEmpty()) {
      out.println("error: no metric minutes in the store for " + day);
      return 2;
    }
    var events = new ArrayList<Ticked>();
    Instant[] current = {null};
    DetectionLoop loop =
        variant
            .loop(source, e -> events.add(new Ticked(current[0], e)))
            .tailQuantiles(TAIL_QUANTILES)
            .build();
    long started = System.nanoTime();
    Instant first = minutes.getFirst();
    Instant last = minutes.getLast();
    Instant firstScored = null;
    for (Instant m = first; !m.isAfter(last); m = m.plus(MINUTE)) {
      current[0] = m;
      // The service's scheduler evaluates a minute its settle time (and 5 s) after it ends.
      Tick tick = loop.tick("nezha", reportedAt(m, variant));
      if (firstScored == null && tick.scored() > 0) {
        firstScored = m;
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    if (Boolean.getBoolean("mirador.eval.debug")) {
      for (Ticked t : events) {
        if (!(t.event() instanceof IncidentEvent.Updated)) {
          Incident i = t.event().incident();
          System.err.println(
              "# "
                  + t.minute()
                  + " "
                  + t.event().getClass().getSimpleName()
                  + (t.event() instanceof IncidentEvent.Closed c ? " " + c.resolution() : "")
                  + " "
                  + i.window()
                  + " "
                  + DetectionEval.describe(i));
        }
      }
    }

    int detected = 0;
    int within3 = 0;
    var delays = new ArrayList<Long>();
    // From the injection (to the second) to the tick that reported it, as a person meets it.
    var reported = new ArrayList<Double>();
    for (NezhaFault fault : faults) {
      Instant at = fault.injected().truncatedTo(ChronoUnit.MINUTES);
      Long delay = null;
      boolean any = false;
      // An incident that already held the service before the injection does not detect it.
      var heldBefore = new HashSet<UUID>();
      for (Ticked t : events) {
        Incident incident = t.event().incident();
        if (t.minute().isBefore(at)) {
          if (incident.services().contains(fault.service())) {
            heldBefore.add(incident.id());
          }
          continue;
        }
        if (!t.minute().isBefore(at.plus(DETECTED_WITHIN))) {
          break;
        }
        if (t.event() instanceof IncidentEvent.Closed) {
          continue;
        }
        any = true;
        if (incident.services().contains(fault.service()) && !heldBefore.contains(incident.id())) {
          delay = Duration.between(at, t.minute()).toMinutes();
          break;
        }
      }
      Double after = null;
      if (delay != null) {
        detected++;
        delays.add(delay);
        after =
            Duration.between(
                        fault.injected(), reportedAt(at.plus(Duration.ofMinutes(delay)), variant))
                    .toMillis()
                / 60_000.0;
        reported.add(after);
        if (after <= 3) {
          within3++;
        }
      }
      out.println(
          "case="
              + fault.id()
              + " truth="
              + fault.service()
              + " type="
              + fault.type()
              + " detected="
              + (delay != null
                  ? "yes delay_minutes="
                      + delay
                      + String.format(Locale.ROOT, " reported_after_minutes=%.1f", after)
                  : any ? "no (an incident without it)" : "no"));
    }
    Instant quietFrom = faults.getLast().injected().plus(QUIET_AFTER);
    var falseIds = new HashSet<UUID>();
    var quietFalse = new HashSet<UUID>();
    for (Ticked t : events) {
      if (!(t.event() instanceof IncidentEvent.Opened)) {
        continue;
      }
      Incident incident = t.event().incident();
      Instant start = incident.window().start();
      boolean explained =
          faults.stream()
              .anyMatch(
                  f ->
                      !start.isBefore(f.injected().minus(LEAD))
                          && start.isBefore(f.injected().plus(DETECTED_WITHIN)));
      if (!explained) {
        falseIds.add(incident.id());
        if (!start.isBefore(quietFrom)) {
          quietFalse.add(incident.id());
        }
      }
    }
    long quietOpenMinutes = quietMinutesWithAnIncidentOpen(events, quietFrom, last);
    double quietHours =
        Math.max(0, Duration.between(quietFrom, last.plus(MINUTE)).toMinutes()) / 60.0;
    List<Long> sorted = delays.stream().sorted().toList();
    out.printf(
        Locale.ROOT,
        "# detection loop over %d minutes (%s to %s) in %.1f s, %d incidents opened%n",
        Duration.between(first, last).toMinutes() + 1,
        first,
        last,
        seconds,
        events.stream().filter(t -> t.event() instanceof IncidentEvent.Opened).count());
    out.printf(
        Locale.ROOT,
        "# incidents closed: recovered=%d unwatched=%d%n",
        closed(events, IncidentEvent.Resolution.RECOVERED),
        closed(events, IncidentEvent.Resolution.UNWATCHED));
    out.printf(
        Locale.ROOT,
        "# first scored minute: %s (traffic from %s; scored %.1f minutes after traffic began)%n",
        firstScored,
        first,
        firstScored == null
            ? Double.NaN
            : Duration.between(first, reportedAt(firstScored, variant)).toMillis() / 60_000.0);
    List<Double> reportedSorted = reported.stream().sorted().toList();
    out.printf(
        Locale.ROOT,
        "variant=%s cases=%d detected=%d delay_minutes_median=%s"
            + " reported_after_minutes_median=%s reported_after_minutes_p90=%s"
            + " detected_within_3_minutes=%d false_incidents=%d"
            + " quiet_hours=%.1f quiet_false_incidents=%d quiet_false_per_hour=%.2f"
            + " quiet_minutes_with_an_incident_open=%d%n",
        variant,
        faults.size(),
        detected,
        sorted.isEmpty() ? "-" : sorted.get(sorted.size() / 2),
        DetectionEval.quantile(reportedSorted, 0.5),
        DetectionEval.quantile(reportedSorted, 0.9),
        within3,
        falseIds.size(),
        quietHours,
        quietFalse.size(),
        quietHours > 0 ? quietFalse.size() / quietHours : 0.0,
        quietOpenMinutes);
    return 0;
  }

  /** When the service's tick that evaluates {@code minute} runs. */
  static Instant reportedAt(Instant minute, DetectionEval.Variant variant) {
    return minute.plus(MINUTE).plus(variant.reportedAfter());
  }

  private static long closed(List<Ticked> events, IncidentEvent.Resolution resolution) {
    return events.stream()
        .filter(t -> t.event() instanceof IncidentEvent.Closed c && c.resolution() == resolution)
        .count();
  }

  /**
   * Minutes from {@code quietFrom} to {@code last} (inclusive) in which at least one incident was
   * open, from the minute it opened to the minute it closed (or the end of the data). A minute with
   * two incidents open counts once, and an incident that never closes opens nothing new.
   */
  static long quietMinutesWithAnIncidentOpen(List<Ticked> events, Instant quietFrom, Instant last) {
    // Whole minutes only: the quiet stretch starts at the first minute that starts in it.
    Instant start = quietFrom.truncatedTo(ChronoUnit.MINUTES);
    if (start.isBefore(quietFrom)) {
      start = start.plus(MINUTE);
    }
    Instant end = last.plus(MINUTE);
    var openedAt = new HashMap<UUID, Instant>();
    var open = new TreeSet<Instant>();
    for (Ticked t : events) {
      UUID id = t.event().incident().id();
      if (t.event() instanceof IncidentEvent.Opened) {
        openedAt.put(id, t.minute());
      } else if (t.event() instanceof IncidentEvent.Closed && openedAt.containsKey(id)) {
        addMinutes(open, openedAt.remove(id), t.minute(), start, end);
      }
    }
    for (Instant from : openedAt.values()) {
      addMinutes(open, from, end, start, end);
    }
    return open.size();
  }

  /** Adds the minutes of [{@code from}, {@code to}) that lie in [{@code start}, {@code end}). */
  private static void addMinutes(
      Set<Instant> minutes, Instant from, Instant to, Instant start, Instant end) {
    Instant a = from.isAfter(start) ? from : start;
    Instant b = to.isBefore(end) ? to : end;
    for (Instant m = a; m.isBefore(b); m = m.plus(MINUTE)) {
      minutes.add(m);
    }
  }

  /** An incident event and the minute of the tick that produced it. */
  record Ticked(Instant minute, IncidentEvent event) {}
}
