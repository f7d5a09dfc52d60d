package io.mirador.rca;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One incident of one tenant as it stands: the services involved, the window from its first to its
 * last anomalous minute (end exclusive), and the latest finding over that window.
 */
public record Incident(
    UUID id, String tenant, SortedSet<String> services, TimeWindow window, Finding finding) {
  public Incident {
    requireNonNull(id, "id");
    requireNonNull(tenant, "tenant");
    requireNonNull(window, "window");
    requireNonNull(finding, "finding");
    services =
        Collections.unmodifiableSortedSet(new TreeSet<>(requireNonNull(services, "services")));
    if (services.isEmpty()) {
      throw new IllegalArgumentException("an incident needs at least one service");
    }
  }

  /**
   * Derived from what opened the incident, so the same input gives the same id (after a restart
   * too). A service belongs to at most one open incident and a later incident starts after an
   * earlier one closed, so tenant, start and the first service never repeat.
   */
  static UUID idOf(String tenant, Instant start, Set<String> services) {
    String first = new TreeSet<>(services).first();
    return UUID.nameUUIDFromBytes(
        (tenant + '\n' + start + '\n' + first).getBytes(StandardCharsets.UTF_8));
  }
}
