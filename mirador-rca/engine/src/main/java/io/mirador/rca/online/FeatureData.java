package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

import io.mirador.rca.CallGraph;
import java.util.List;

/** A tenant's per-service-minute features and call edges over one window. */
public record FeatureData(List<ServiceMinute> minutes, List<CallEdge> edges) {
  public FeatureData {
    minutes = List.copyOf(requireNonNull(minutes, "minutes"));
    edges = List.copyOf(requireNonNull(edges, "edges"));
  }

  public static FeatureData empty() {
    return new FeatureData(List.of(), List.of());
  }

  /** The call graph of the edges; self-calls are left out. */
  public CallGraph graph() {
    CallGraph.Builder graph = CallGraph.builder();
    edges.forEach(e -> graph.addCall(e.caller(), e.callee()));
    return graph.build();
  }
}
