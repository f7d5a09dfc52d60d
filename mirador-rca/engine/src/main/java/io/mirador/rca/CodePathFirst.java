package io.mirador.rca;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders an incident's services when some service's code path changed. A significant shift in what
 * a service's spans do next (event pairs, significant at three sigma: |z| of at least {@link
 * #SIGNIFICANT_Z}, or the same two-sided p by {@link FisherExact}) is direct evidence of where code
 * behaves differently; latency and resource deviations are indirect. So services with such a shift
 * come first, and among them those whose callees show no such shift: a callee whose code path
 * changed explains its callers' changed behaviour (they handle its new answer), not the other way
 * round. Within each of the two groups, services whose code now fails or stops short (an error or
 * the span's end after an event, more often than before) come before those that only take another
 * normal branch more often: a workload whose mix changes moves such branches in healthy services.
 * The other services follow in the order of the metric ranking. Without any significant shift the
 * metric ranking stands as it is: resource faults (CPU contention, network delay) do not change
 * code paths.
 */
public final class CodePathFirst {
  /** Three standard deviations: the usual alarm threshold, not fitted to any data set. */
  public static final double SIGNIFICANT_Z = 3.0;

  private CodePathFirst() {}

  /**
   * @param changed the services with a significant change, each with the size of its largest change
   *     (larger first)
   * @param calls the incident's call graph (caller to callee)
   * @param metricOrder the services ranked by the metric evidence, most likely cause first
   * @return the services, most likely cause first; every service of either input once
   */
  public static List<String> order(
      Map<String, Double> changed, CallGraph calls, List<String> metricOrder) {
    return order(changed, Set.of(), calls, metricOrder);
  }

  /**
   * {@link #order(Map, CallGraph, List)}, with the services in {@code failing} (their code now
   * fails or stops short) first among the unexplained and among the explained ones.
   */
  public static List<String> order(
      Map<String, Double> changed, Set<String> failing, CallGraph calls, List<String> metricOrder) {
    return order(changed, failing, Map.of(), calls, metricOrder);
  }

  /**
   * {@link #order(Map, Set, CallGraph, List)}, where a failing service's new errors that name one
   * of its callees ({@code named}: service to the callees its failing events name) are explained by
   * those callees: each named callee takes the failing service's place, the service itself moves to
   * the explained group. A callee that answers wrongly (a well-formed wrong value, a refused
   * connection) may show no change of its own; its caller's error saying whose answer it could not
   * use is the direct evidence.
   */
  public static List<String> order(
      Map<String, Double> changed,
      Set<String> failing,
      Map<String, Set<String>> named,
      CallGraph calls,
      List<String> metricOrder) {
    return order(changed, failing, named, service -> false, calls, metricOrder);
  }

  /**
   * {@link #order(Map, Set, Map, CallGraph, List)}, where a named callee without a code-path change
   * of its own that {@code descend} accepts passes the blame to the service the metric ranking puts
   * first among it and everything it calls, directly or not: a caller's timeout names the callee it
   * waited for, and that callee may itself only have waited for a slow database. One that answered
   * on time ({@link LatencyRise}: {@code descend} rejects it) keeps the blame: its answer was
   * wrong.
   */
  public static List<String> order(
      Map<String, Double> changed,
      Set<String> failing,
      Map<String, Set<String>> named,
      java.util.function.Predicate<String> descend,
      CallGraph calls,
      List<String> metricOrder) {
    return order(changed, failing, named, descend, false, calls, metricOrder);
  }

  /**
   * {@link #order(Map, Set, Map, java.util.function.Predicate, CallGraph, List)}; with {@code
   * slowCalleesExplain}, a changed service's callees that {@code descend} accepts (their own
   * latency rose) and that reach no changed service explain it as a named callee does, named or
   * not: a caller that takes another branch because its callee answers late (a timeout, a fallback)
   * is handling that callee's late answer, as it handles a changed callee's new one.
   */
  public static List<String> order(
      Map<String, Double> changed,
      Set<String> failing,
      Map<String, Set<String>> named,
      java.util.function.Predicate<String> descend,
      boolean slowCalleesExplain,
      CallGraph calls,
      List<String> metricOrder) {
    requireNonNull(changed, "changed");
    requireNonNull(failing, "failing");
    requireNonNull(named, "named");
    requireNonNull(descend, "descend");
    requireNonNull(calls, "calls");
    requireNonNull(metricOrder, "metricOrder");
    List<String> significant = new ArrayList<>(ScoreFusion.order(changed));
    significant.sort(Comparator.comparing(s -> !failing.contains(s)));
    Set<String> shifted = Set.copyOf(significant);
    List<String> unexplained = new ArrayList<>();
    List<String> explained = new ArrayList<>();
    for (String service : significant) {
      var suspects = new LinkedHashSet<String>();
      if (failing.contains(service)) {
        suspects.addAll(named.getOrDefault(service, Set.of()));
      }
      if (slowCalleesExplain) {
        calls.callees(service).stream()
            .filter(c -> !shifted.contains(c) && descend.test(c))
            .forEach(suspects::add);
      }
      List<String> blamed =
          metricOrdered(
              suspects.stream()
                  .filter(c -> !c.equals(service) && calls.callees(service).contains(c))
                  .toList(),
              metricOrder);
      boolean calleeShifted =
          !blamed.isEmpty()
              || calls.callees(service).stream()
                  .anyMatch(c -> !c.equals(service) && shifted.contains(c));
      // A named callee that reaches a changed service is explained by it, as a changed callee
      // explains its callers: that service takes its own place among the changed ones.
      for (String callee : blamed) {
        Set<String> below = calls.reachableFrom(callee);
        if (below.stream().noneMatch(shifted::contains)) {
          // A callee that was slow passes the blame to the first, in the metric order, of it and
          // what it waited for.
          unexplained.add(
              descend.test(callee)
                  ? metricOrdered(List.copyOf(below), metricOrder).getFirst()
                  : callee);
        }
      }
      (calleeShifted ? explained : unexplained).add(service);
    }
    LinkedHashSet<String> out = new LinkedHashSet<>(unexplained);
    out.addAll(explained);
    out.addAll(metricOrder);
    return List.copyOf(out);
  }

  /** {@code services} in the order of {@code metricOrder}, those absent from it last by name. */
  private static List<String> metricOrdered(List<String> services, List<String> metricOrder) {
    return services.stream()
        .sorted(
            Comparator.comparingInt(
                    (String s) -> {
                      int at = metricOrder.indexOf(s);
                      return at < 0 ? Integer.MAX_VALUE : at;
                    })
                .thenComparing(Comparator.naturalOrder()))
        .toList();
  }
}
