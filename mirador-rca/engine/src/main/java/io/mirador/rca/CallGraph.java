package io.mirador.rca;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Directed service call graph: an edge caller -> callee for every observed cross-service call. */
public final class CallGraph {
  private final Map<String, Set<String>> callees;

  private CallGraph(Map<String, Set<String>> callees) {
    this.callees = callees;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Set<String> services() {
    return callees.keySet();
  }

  public Set<String> callees(String service) {
    return callees.getOrDefault(requireNonNull(service, "service"), Set.of());
  }

  /** {@code from} and every service it calls, directly or not; {@code from} alone if unknown. */
  public Set<String> reachableFrom(String from) {
    requireNonNull(from, "from");
    var reached = new LinkedHashSet<String>();
    var queue = new ArrayDeque<String>();
    queue.add(from);
    while (!queue.isEmpty()) {
      String at = queue.poll();
      if (reached.add(at)) {
        queue.addAll(callees(at));
      }
    }
    return Set.copyOf(reached);
  }

  /** Shortest call path from {@code from} to {@code to} (both included), empty if none. */
  public List<String> path(String from, String to) {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    var previous = new HashMap<String, String>();
    var queue = new ArrayDeque<String>();
    queue.add(from);
    previous.put(from, from);
    while (!queue.isEmpty()) {
      String at = queue.poll();
      if (at.equals(to)) {
        var path = new ArrayList<String>();
        for (String s = to; ; s = previous.get(s)) {
          path.addFirst(s);
          if (s.equals(from)) {
            return List.copyOf(path);
          }
        }
      }
      for (String next : callees(at)) {
        if (previous.putIfAbsent(next, at) == null) {
          queue.add(next);
        }
      }
    }
    return List.of();
  }

  /** Collects edges; self-calls are ignored. */
  public static final class Builder {
    private final Map<String, Set<String>> callees = new LinkedHashMap<>();

    private Builder() {}

    public Builder addCall(String caller, String callee) {
      requireNonNull(caller, "caller");
      requireNonNull(callee, "callee");
      callees.computeIfAbsent(caller, k -> new LinkedHashSet<>());
      callees.computeIfAbsent(callee, k -> new LinkedHashSet<>());
      if (!caller.equals(callee)) {
        callees.get(caller).add(callee);
      }
      return this;
    }

    public CallGraph build() {
      var copy = new LinkedHashMap<String, Set<String>>();
      callees.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
      return new CallGraph(copy);
    }
  }
}
