package io.mirador.rca.online;

import io.mirador.rca.FindingSink;
import io.mirador.rca.IncidentEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A findings store that checks the protocol: an incident is opened once, then updated, then closed
 * once; nothing arrives after the close. Can be made to fail the next calls.
 */
final class RecordingSink implements FindingSink {
  final List<IncidentEvent> accepted = new ArrayList<>();
  private final Map<UUID, IncidentEvent> latest = new HashMap<>();
  int failNext;
  int refused;

  @Override
  public void record(IncidentEvent event) {
    if (failNext > 0) {
      failNext--;
      refused++;
      throw new IllegalStateException("core unavailable");
    }
    UUID id = event.incident().id();
    IncidentEvent before = latest.get(id);
    if (event instanceof IncidentEvent.Opened && before != null) {
      throw new AssertionError("opened twice: " + id);
    }
    if (!(event instanceof IncidentEvent.Opened) && before == null) {
      throw new AssertionError("update of an unknown incident: " + id);
    }
    if (before instanceof IncidentEvent.Closed) {
      throw new AssertionError("event after close: " + id);
    }
    latest.put(id, event);
    accepted.add(event);
  }

  long count(Class<? extends IncidentEvent> type) {
    return accepted.stream().filter(type::isInstance).count();
  }

  Map<UUID, IncidentEvent> latest() {
    return latest;
  }
}
