package io.mirador.rca;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Turns a tenant's per-minute service anomaly scores into incidents: opens one when services stay
 * anomalous for {@link IncidentPolicy#openAfter()} minutes (or score at least {@link
 * IncidentPolicy#openAtOnce()} in a minute of their anomalous streak), updates it every minute a
 * firing member is anomalous, closes it when no member fires any more. The finding is ranked again
 * when the members change and as the window grows (every minute at first, then less often: {@link
 * #REANALYSE_GROWTH}); the closing incident always carries a finding over its whole window.
 *
 * <p>Grouping: services anomalous for the opening minutes that are neighbours in the call graph
 * belong to one incident; such a service next to a service of an open incident joins it (the
 * oldest, if several) instead of opening another; a service is in at most one open incident.
 * Without a call graph every service counts as a neighbour of every other, so a tenant has at most
 * one open incident.
 *
 * <p>Each member resolves on its own, like an alert in a group: it fires from the minute it joins,
 * stops firing after {@link IncidentPolicy#closeAfter()} minutes without an anomalous minute, and
 * fires again only after {@link IncidentPolicy#openAfter()} anomalous minutes in a row. A resolved
 * member's one-minute blips therefore do not keep a large incident open (see RATIONALE.md).
 *
 * <p>Not thread-safe; the result depends only on the calls made (time is passed in).
 */
public final class IncidentTracker {
  /** Share of its length an open incident's window grows by before its finding is re-ranked. */
  static final double REANALYSE_GROWTH = 0.1;

  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final IncidentPolicy policy;
  private final IncidentAnalyzer analyzer;
  private final Map<String, TenantState> tenants = new HashMap<>();

  public IncidentTracker(IncidentPolicy policy, IncidentAnalyzer analyzer) {
    this.policy = requireNonNull(policy, "policy");
    this.analyzer = requireNonNull(analyzer, "analyzer");
  }

  /**
   * Feeds one minute of one tenant. {@code minute} must be whole and later than the tenant's
   * previous one; a skipped minute counts as a minute without anomalies. Services absent from
   * {@code scores} are not anomalous.
   */
  public List<IncidentEvent> observe(
      String tenant, Instant minute, Map<String, Double> scores, Optional<CallGraph> graph) {
    requireNonNull(tenant, "tenant");
    requireNonNull(minute, "minute");
    requireNonNull(scores, "scores");
    requireNonNull(graph, "graph");
    if (!minute.truncatedTo(ChronoUnit.MINUTES).equals(minute)) {
      throw new IllegalArgumentException("minute must be a whole minute, got " + minute);
    }
    TenantState state = tenants.computeIfAbsent(tenant, k -> new TenantState());
    if (state.lastMinute != null && !minute.isAfter(state.lastMinute)) {
      throw new IllegalArgumentException(
          "minute " + minute + " is not after tenant's previous minute " + state.lastMinute);
    }
    Set<String> anomalous = new TreeSet<>();
    Set<String> strong = new TreeSet<>();
    scores.forEach(
        (service, score) -> {
          requireNonNull(service, "service");
          requireNonNull(score, "score of " + service);
          if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("score of " + service + " is " + score);
          }
          if (score >= policy.threshold()) {
            anomalous.add(service);
          }
          if (score >= policy.openAtOnce()) {
            strong.add(service);
          }
        });
    state.lastMinute = minute;
    state.updateStreaks(anomalous, strong, minute);

    var events = new ArrayList<IncidentEvent>();
    // Only services anomalous for the opening minutes join or open an incident: a one-minute blip
    // next to an open incident would otherwise grow it and keep it open.
    Set<String> unassigned = new TreeSet<>();
    state.streaks.forEach(
        (service, streak) -> {
          if (streak.confirmed(policy)) {
            unassigned.add(service);
          }
        });
    unassigned.removeAll(state.assigned());
    for (var it = state.open.iterator(); it.hasNext(); ) {
      OpenIncident incident = it.next();
      absorbNeighbours(incident.services, unassigned, graph);
      boolean active = false;
      for (String member : incident.services) {
        Streak streak = state.streaks.get(member);
        Instant last = incident.firing.get(member);
        boolean holds =
            last != null
                ? streak != null && streak.holds(policy)
                : streak != null && streak.refires(policy);
        if (anomalous.contains(member) && holds) {
          incident.firing.put(member, minute);
          incident.unwatched.remove(member);
          active = true;
        } else if (last != null && !minute.isBefore(last.plus(policy.quietToClose()))) {
          incident.firing.remove(member);
          if (!scores.containsKey(member)) {
            incident.unwatched.add(member);
          }
        }
      }
      if (active) {
        incident.current =
            incident.dueForAnalysis(minute)
                ? analyze(tenant, incident, minute)
                : incident.extendedTo(minute);
        events.add(new IncidentEvent.Updated(incident.current));
      } else if (incident.firing.isEmpty()) {
        it.remove();
        if (!incident.analysedWindow.equals(incident.current.window())) {
          incident.current = analyze(tenant, incident, incident.lastActive);
        }
        events.add(
            new IncidentEvent.Closed(
                incident.current,
                minute,
                incident.unwatched.isEmpty()
                    ? IncidentEvent.Resolution.RECOVERED
                    : IncidentEvent.Resolution.UNWATCHED));
      }
    }
    for (Set<String> group : components(unassigned, graph)) {
      Instant start =
          group.stream().map(s -> state.streaks.get(s).start).min(Instant::compareTo).orElseThrow();
      var incident = new OpenIncident(Incident.idOf(tenant, start, group), start, minute, group);
      incident.current = analyze(tenant, incident, minute);
      state.open.add(incident);
      events.add(new IncidentEvent.Opened(incident.current));
    }
    return List.copyOf(events);
  }

  /** The tenant's open incidents as they stand, oldest first. */
  public List<Incident> open(String tenant) {
    requireNonNull(tenant, "tenant");
    TenantState state = tenants.get(tenant);
    return state == null ? List.of() : state.open.stream().map(i -> i.current).toList();
  }

  /** The incident up to {@code minute}, with a new finding over that window. */
  private Incident analyze(String tenant, OpenIncident incident, Instant minute) {
    var window = new TimeWindow(incident.start, minute.plus(MINUTE));
    Set<String> frozen = Set.copyOf(incident.services);
    Finding finding =
        requireNonNull(analyzer.analyze(tenant, frozen, window), "finding from the analyzer");
    incident.analysedWindow = window;
    incident.analysedServices = frozen;
    incident.lastActive = minute;
    return new Incident(incident.id, tenant, new TreeSet<>(frozen), window, finding);
  }

  /** Moves every unassigned service reachable through anomalous neighbours into the incident. */
  private static void absorbNeighbours(
      Set<String> members, Set<String> unassigned, Optional<CallGraph> graph) {
    var frontier = new ArrayDeque<>(members);
    while (!frontier.isEmpty() && !unassigned.isEmpty()) {
      String at = frontier.poll();
      for (var it = unassigned.iterator(); it.hasNext(); ) {
        String candidate = it.next();
        if (neighbours(at, candidate, graph)) {
          it.remove();
          members.add(candidate);
          frontier.add(candidate);
        }
      }
    }
  }

  private static List<Set<String>> components(Set<String> services, Optional<CallGraph> graph) {
    var left = new TreeSet<>(services);
    var groups = new ArrayList<Set<String>>();
    while (!left.isEmpty()) {
      var group = new TreeSet<String>();
      group.add(left.pollFirst());
      absorbNeighbours(group, left, graph);
      groups.add(group);
    }
    return groups;
  }

  private static boolean neighbours(String a, String b, Optional<CallGraph> graph) {
    return graph.map(g -> g.callees(a).contains(b) || g.callees(b).contains(a)).orElse(true);
  }

  private static final class TenantState {
    Instant lastMinute;
    final Map<String, Streak> streaks = new TreeMap<>();
    final List<OpenIncident> open = new ArrayList<>();

    void updateStreaks(Set<String> anomalous, Set<String> strong, Instant minute) {
      streaks.keySet().retainAll(anomalous);
      for (String service : anomalous) {
        Streak streak = streaks.get(service);
        if (streak != null && streak.last.plus(MINUTE).equals(minute)) {
          streak.minutes++;
          streak.last = minute;
        } else {
          streak = new Streak(minute);
          streaks.put(service, streak);
        }
        streak.strong |= strong.contains(service);
      }
    }

    Set<String> assigned() {
      var all = new LinkedHashSet<String>();
      open.forEach(i -> all.addAll(i.services));
      return all;
    }
  }

  /** Consecutive anomalous minutes of one service. */
  private static final class Streak {
    final Instant start;
    Instant last;
    int minutes = 1;

    /** Whether a minute of the streak scored at least the policy's {@code openAtOnce}. */
    boolean strong;

    Streak(Instant minute) {
      this.start = minute;
      this.last = minute;
    }

    /** Long enough, or far enough above the level, to open an incident or join one. */
    boolean confirmed(IncidentPolicy policy) {
      return minutes >= policy.openAfter() || (strong && minutes >= policy.strongMinutes());
    }

    /** Whether this streak's latest minute keeps a firing member firing. */
    boolean holds(IncidentPolicy policy) {
      return policy.firing() != IncidentPolicy.Firing.CONFIRMED_MINUTES || confirmed(policy);
    }

    /** Whether this streak makes a member that stopped firing fire again. */
    boolean refires(IncidentPolicy policy) {
      return policy.firing() == IncidentPolicy.Firing.REFIRE_AFTER_STREAK
          ? minutes >= policy.openAfter()
          : confirmed(policy);
    }
  }

  private static final class OpenIncident {
    final UUID id;
    final Instant start;
    final Set<String> services;

    /**
     * Members still firing, with their last anomalous minute. A member stops firing after {@code
     * closeAfter} quiet minutes and fires again only after {@code openAfter} anomalous ones in a
     * row: a resolved member's one-minute blips do not keep the incident open.
     */
    final Map<String, Instant> firing = new TreeMap<>();

    /** Members that stopped firing in a minute they were not scored (no detector, no data). */
    final Set<String> unwatched = new TreeSet<>();

    Incident current;

    /** The last minute a firing member was anomalous: where the incident's window ends. */
    Instant lastActive;

    /** The window and members of the latest analysis. */
    TimeWindow analysedWindow;

    Set<String> analysedServices = Set.of();

    OpenIncident(UUID id, Instant start, Instant opened, Set<String> services) {
      this.id = id;
      this.start = start;
      this.services = new TreeSet<>(services);
      services.forEach(s -> firing.put(s, opened));
    }

    /**
     * Whether the finding should be ranked again in active {@code minute}: when the members
     * changed, and otherwise once the window has grown by {@link #REANALYSE_GROWTH} of its length
     * since the last analysis (every minute for the first ten, every 36 minutes at six hours). The
     * ranking of a long incident changes little from minute to minute and each analysis reads the
     * whole window and the hour before it.
     */
    boolean dueForAnalysis(Instant minute) {
      if (!analysedServices.equals(services)) {
        return true;
      }
      long length = Duration.between(start, minute.plus(MINUTE)).toMinutes();
      long since = Duration.between(analysedWindow.end(), minute.plus(MINUTE)).toMinutes();
      return since >= Math.max(1, (long) Math.floor(length * REANALYSE_GROWTH));
    }

    /** The current incident with its window extended to {@code minute}, the finding kept. */
    Incident extendedTo(Instant minute) {
      lastActive = minute;
      return new Incident(
          id,
          current.tenant(),
          current.services(),
          new TimeWindow(start, minute.plus(MINUTE)),
          current.finding());
    }
  }
}
