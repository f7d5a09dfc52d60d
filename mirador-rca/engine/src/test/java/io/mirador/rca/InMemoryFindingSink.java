package io.mirador.rca;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test double of the core's findings store: one finding per incident id, replaced on update. */
final class InMemoryFindingSink implements FindingSink {
  private final Map<UUID, IncidentEvent> latest = new LinkedHashMap<>();

  @Override
  public void record(IncidentEvent event) {
    UUID id = event.incident().id();
    boolean known = latest.containsKey(id);
    if (event instanceof IncidentEvent.Opened == known) {
      throw new IllegalStateException(
          (known ? "opened twice: " : "update of an unknown incident: ") + id);
    }
    if (known && latest.get(id) instanceof IncidentEvent.Closed) {
      throw new IllegalStateException("event after close: " + id);
    }
    latest.put(id, event);
  }

  List<IncidentEvent> findings() {
    return List.copyOf(latest.values());
  }
}
