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
 * anomalous for {@link IncidentPolicy#openAfter()} minutes, updates it every minute it is still
 * anomalous, closes it after {@link IncidentPolicy#closeAfter()} minutes without an anomalous
 * service of its own.
 *
 * <p>Grouping: services anomalous for the opening minutes that are neighbours in the call graph
 * belong to one incident; such a service next to a service of an open incident joins it (the
 * oldest, if several) instead of opening another; a service is in at most one open incident. Any
 * anomalous minute of a member keeps the incident open. Without a call graph every service counts
 * as a neighbour of every other, so a tenant has at most one open incident.
 *
 * <p>Not thread-safe; the result depends only on the calls made (time is passed in).
 */
public final class IncidentTracker {
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
        });
    state.lastMinute = minute;
    state.updateStreaks(anomalous, minute);

    var events = new ArrayList<IncidentEvent>();
    // Only services anomalous for the opening minutes join or open an incident: a one-minute blip
    // next to an open incident would otherwise grow it and keep it open.
    Set<String> unassigned = new TreeSet<>();
    state.streaks.forEach(
        (service, streak) -> {
          if (streak.minutes >= policy.openAfter()) {
            unassigned.add(service);
          }
        });
    unassigned.removeAll(state.assigned());
    for (var it = state.open.iterator(); it.hasNext(); ) {
      OpenIncident incident = it.next();
      absorbNeighbours(incident.services, unassigned, graph);
      boolean active = incident.services.stream().anyMatch(anomalous::contains);
      if (active) {
        incident.lastAnomalous = minute;
        incident.current = analyze(tenant, incident.id, incident.services, incident.start, minute);
        events.add(new IncidentEvent.Updated(incident.current));
      } else if (!minute.isBefore(incident.lastAnomalous.plus(policy.quietToClose()))) {
        it.remove();
        events.add(new IncidentEvent.Closed(incident.current, minute));
      }
    }
    for (Set<String> group : components(unassigned, graph)) {
      Instant start =
          group.stream().map(s -> state.streaks.get(s).start).min(Instant::compareTo).orElseThrow();
      var incident = new OpenIncident(Incident.idOf(tenant, start, group), start, minute, group);
      incident.current = analyze(tenant, incident.id, group, start, minute);
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

  private Incident analyze(
      String tenant, UUID id, Set<String> services, Instant start, Instant minute) {
    var window = new TimeWindow(start, minute.plus(MINUTE));
    Set<String> frozen = Set.copyOf(services);
    Finding finding =
        requireNonNull(analyzer.analyze(tenant, frozen, window), "finding from the analyzer");
    return new Incident(id, tenant, new TreeSet<>(services), window, finding);
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

    void updateStreaks(Set<String> anomalous, Instant minute) {
      streaks.keySet().retainAll(anomalous);
      for (String service : anomalous) {
        Streak streak = streaks.get(service);
        if (streak != null && streak.last.plus(MINUTE).equals(minute)) {
          streak.minutes++;
          streak.last = minute;
        } else {
          streaks.put(service, new Streak(minute));
        }
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

    Streak(Instant minute) {
      this.start = minute;
      this.last = minute;
    }
  }

  private static final class OpenIncident {
    final UUID id;
    final Instant start;
    final Set<String> services;
    Instant lastAnomalous;
    Incident current;

    OpenIncident(UUID id, Instant start, Instant lastAnomalous, Set<String> services) {
      this.id = id;
      this.start = start;
      this.lastAnomalous = lastAnomalous;
      this.services = new TreeSet<>(services);
    }
  }
}
