package io.mirador.installer.layout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What is installed ({@code state/history.json}): the releases with their schema versions, the
 * current and previous release, the schema version the data is at, the backups, and a log of what
 * the installer did. Immutable: every operation returns the next state, written atomically.
 */
public record History(
    String kind,
    String current,
    String previous,
    int dataSchema,
    List<Release> releases,
    List<Backup> backups,
    List<Event> events) {
  static final String FORMAT = "mirador-installer-history/v1";
  static final int MAX_EVENTS = 500;

  /** An installed release. */
  public record Release(String version, int schema, String installedAt) {}

  /** A backup: config, keys and store taken on {@code version} at {@code schema}. */
  public record Backup(String name, String version, int schema, String createdAt, String reason) {}

  /** One thing the installer did, and how it ended. */
  public record Event(String at, String action, String version, String outcome, String detail) {}

  public History {
    releases = List.copyOf(releases);
    backups = List.copyOf(backups);
    events = List.copyOf(events);
  }

  public static History empty(String kind) {
    return new History(kind, null, null, 0, List.of(), List.of(), List.of());
  }

  public Optional<Release> release(String version) {
    return releases.stream().filter(r -> r.version().equals(version)).findFirst();
  }

  public Optional<Release> currentRelease() {
    return current == null ? Optional.empty() : release(current);
  }

  public Optional<Backup> backup(String name) {
    return backups.stream().filter(b -> b.name().equals(name)).findFirst();
  }

  /** A release was unpacked (not yet current). */
  public History withRelease(String version, int schema, Instant at) {
    if (release(version).isPresent()) {
      throw new IllegalStateException("release " + version + " is already installed");
    }
    List<Release> next = new ArrayList<>(releases);
    next.add(new Release(version, schema, at.toString()));
    return new History(kind, current, previous, dataSchema, next, backups, events);
  }

  public History withoutRelease(String version) {
    if (version.equals(current)) {
      throw new IllegalStateException("release " + version + " is current");
    }
    List<Release> next = new ArrayList<>(releases);
    next.removeIf(r -> r.version().equals(version));
    return new History(
        kind,
        current,
        version.equals(previous) ? null : previous,
        dataSchema,
        next,
        backups,
        events);
  }

  /** {@code current} now points at {@code version}; the former current becomes previous. */
  public History switchedTo(String version) {
    if (release(version).isEmpty()) {
      throw new IllegalStateException("release " + version + " is not installed");
    }
    if (version.equals(current)) {
      return this;
    }
    return new History(kind, version, current, dataSchema, releases, backups, events);
  }

  /**
   * Rolled back to {@code version}: current is {@code version}; the release rolled back from is
   * kept as {@code previous} so the operator can see what failed (and roll forward by hand).
   */
  public History rolledBackTo(String version) {
    return switchedTo(version);
  }

  public History withDataSchema(int schema) {
    return new History(kind, current, previous, schema, releases, backups, events);
  }

  public History withBackup(Backup backup) {
    if (backup(backup.name()).isPresent()) {
      throw new IllegalStateException("backup " + backup.name() + " exists");
    }
    List<Backup> next = new ArrayList<>(backups);
    next.add(backup);
    return new History(kind, current, previous, dataSchema, releases, next, events);
  }

  public History withoutBackup(String name) {
    List<Backup> next = new ArrayList<>(backups);
    next.removeIf(b -> b.name().equals(name));
    return new History(kind, current, previous, dataSchema, releases, next, events);
  }

  public History withEvent(
      Instant at, String action, String version, String outcome, String detail) {
    List<Event> next = new ArrayList<>(events);
    next.add(new Event(at.toString(), action, version, outcome, detail));
    if (next.size() > MAX_EVENTS) {
      next = next.subList(next.size() - MAX_EVENTS, next.size());
    }
    return new History(kind, current, previous, dataSchema, releases, backups, next);
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("kind", kind);
    m.put("current", current);
    m.put("previous", previous);
    m.put("dataSchema", (long) dataSchema);
    List<Object> rs = new ArrayList<>();
    for (Release r : releases) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("version", r.version());
      o.put("schema", (long) r.schema());
      o.put("installedAt", r.installedAt());
      rs.add(o);
    }
    m.put("releases", rs);
    List<Object> bs = new ArrayList<>();
    for (Backup b : backups) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("name", b.name());
      o.put("version", b.version());
      o.put("schema", (long) b.schema());
      o.put("createdAt", b.createdAt());
      o.put("reason", b.reason());
      bs.add(o);
    }
    m.put("backups", bs);
    List<Object> es = new ArrayList<>();
    for (Event e : events) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("at", e.at());
      o.put("action", e.action());
      o.put("version", e.version());
      o.put("outcome", e.outcome());
      o.put("detail", e.detail());
      es.add(o);
    }
    m.put("events", es);
    return m;
  }

  @SuppressWarnings("unchecked")
  public static History fromJson(Object parsed) {
    if (!(parsed instanceof Map<?, ?> m) || !FORMAT.equals(m.get("format"))) {
      throw new IllegalArgumentException("not a " + FORMAT + " document");
    }
    List<Release> releases = new ArrayList<>();
    for (Object o : (List<Object>) m.get("releases")) {
      Map<String, Object> r = (Map<String, Object>) o;
      releases.add(
          new Release(
              (String) r.get("version"),
              ((Long) r.get("schema")).intValue(),
              (String) r.get("installedAt")));
    }
    List<Backup> backups = new ArrayList<>();
    for (Object o : (List<Object>) m.get("backups")) {
      Map<String, Object> b = (Map<String, Object>) o;
      backups.add(
          new Backup(
              (String) b.get("name"),
              (String) b.get("version"),
              ((Long) b.get("schema")).intValue(),
              (String) b.get("createdAt"),
              (String) b.get("reason")));
    }
    List<Event> events = new ArrayList<>();
    for (Object o : (List<Object>) m.get("events")) {
      Map<String, Object> e = (Map<String, Object>) o;
      events.add(
          new Event(
              (String) e.get("at"),
              (String) e.get("action"),
              (String) e.get("version"),
              (String) e.get("outcome"),
              (String) e.get("detail")));
    }
    return new History(
        (String) m.get("kind"),
        (String) m.get("current"),
        (String) m.get("previous"),
        ((Long) m.get("dataSchema")).intValue(),
        releases,
        backups,
        events);
  }
}
