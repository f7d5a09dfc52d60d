package io.mirador.rca.lab.schedule;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

/**
 * The estate's services and call edges ({@code GET /topology}): where each fault type can be
 * injected, and which service a case is labelled with.
 *
 * <p>A slow or failing dependency is injected on the database-like service itself (the estate's
 * rule: its callers see it slow or failing, and it is what a person must fix), so every case's
 * truth is the service the fault was injected on. Exceptions and wrong answers are application
 * faults: they go to application services, not to the database, cache or queue.
 */
public record Topology(List<Service> services, List<Edge> edges) {
  /** Kinds that are not part of the estate under test (the workload's own clients). */
  private static final Set<String> NOT_TARGETS = Set.of("loadgen", "workload", "client");

  /** Kinds of database-like dependencies (the estate's {@code DEPENDENCY_KINDS}). */
  static final Set<String> DEPENDENCY_KINDS = Set.of("db", "database", "cache", "queue");

  public record Service(String name, String kind) {
    public Service {
      requireNonNull(name, "service name");
      kind = kind == null ? "" : kind;
    }
  }

  public record Edge(String from, String to, String mode) {
    public Edge {
      requireNonNull(from, "edge from");
      requireNonNull(to, "edge to");
    }
  }

  public Topology {
    services = List.copyOf(requireNonNull(services, "services"));
    edges = List.copyOf(requireNonNull(edges, "edges"));
    if (services.isEmpty()) {
      throw new IllegalArgumentException("the topology has no services");
    }
  }

  /** The services a fault of {@code type} may be injected on, sorted by name. */
  public List<String> targets(FaultType type) {
    return services.stream()
        .filter(s -> !NOT_TARGETS.contains(s.kind()))
        .filter(
            s ->
                switch (type) {
                  case SLOW_DEPENDENCY, FAILING_DEPENDENCY ->
                      DEPENDENCY_KINDS.contains(s.kind()) && hasCaller(s.name());
                  case EXCEPTION, WRONG_RETURN -> !DEPENDENCY_KINDS.contains(s.kind());
                  default -> true;
                })
        .map(Service::name)
        .sorted()
        .toList();
  }

  /** The service a case is labelled with: the one the fault is injected on. */
  public String truth(FaultType type, String target) {
    requireNonNull(type, "type");
    return requireNonNull(target, "target");
  }

  private boolean hasCaller(String name) {
    return edges.stream().anyMatch(e -> e.to().equals(name));
  }
}
