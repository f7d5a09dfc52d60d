package io.mirador.ui.session;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Server-side sessions in memory. The browser holds only a 256-bit random id; the store keys
 * entries by the id's SHA-256, so the ids themselves are nowhere in the heap after the response
 * that set the cookie. A session ends after {@link Limits#idle} without a request, after {@link
 * Limits#absolute} whatever happens, or at its own {@link Session#notAfter}. At {@link Limits#max}
 * sessions, opening one more drops the one idle longest (RATIONALE.md, "Sessions").
 */
public final class SessionStore {
  /** When sessions end and how many there may be. */
  public record Limits(Duration idle, Duration absolute, int max) {
    public Limits {
      requireNonNull(idle, "idle");
      requireNonNull(absolute, "absolute");
      if (idle.isNegative() || idle.isZero()) {
        throw new IllegalArgumentException("idle timeout must be positive");
      }
      if (absolute.compareTo(idle) < 0) {
        throw new IllegalArgumentException("absolute timeout must not be shorter than idle");
      }
      if (max < 1) {
        throw new IllegalArgumentException("max sessions must be at least 1");
      }
    }

    /** 30 minutes idle, 12 hours absolute, 1,000 sessions. */
    public static Limits defaults() {
      return new Limits(Duration.ofMinutes(30), Duration.ofHours(12), 1000);
    }
  }

  /** A session just opened, with the id that goes into the cookie (only here, once). */
  public record Opened(String id, Session session) {
    @Override
    public String toString() {
      return "Opened[" + session + "]";
    }
  }

  private static final class Entry {
    final Session session;
    final Instant created;
    volatile Instant lastSeen;

    Entry(Session session, Instant created) {
      this.session = session;
      this.created = created;
      this.lastSeen = created;
    }
  }

  private final Limits limits;
  private final Clock clock;
  private final Supplier<String> ids;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public SessionStore(Limits limits, Clock clock) {
    this(limits, clock, Secrets::random);
  }

  SessionStore(Limits limits, Clock clock, Supplier<String> ids) {
    this.limits = requireNonNull(limits, "limits");
    this.clock = requireNonNull(clock, "clock");
    this.ids = requireNonNull(ids, "ids");
  }

  /** Opens a session; drops expired ones, then the longest idle one when the store is full. */
  public synchronized Opened open(Session session) {
    requireNonNull(session, "session");
    Instant now = clock.instant();
    entries.values().removeIf(e -> expired(e, now));
    while (entries.size() >= limits.max()) {
      entries.entrySet().stream()
          .min(Comparator.comparing((Map.Entry<String, Entry> e) -> e.getValue().lastSeen))
          .ifPresent(e -> entries.remove(e.getKey()));
    }
    String id = ids.get();
    entries.put(Secrets.key(id), new Entry(session, now));
    return new Opened(id, session);
  }

  /**
   * The live session whose cookie value is {@code id}, marking it used now; empty for an unknown,
   * malformed or expired id (an expired one is removed).
   */
  public Optional<Session> find(String id) {
    if (id == null || id.isEmpty() || id.length() > Secrets.MAX_CANDIDATE) {
      return Optional.empty();
    }
    String key = Secrets.key(id);
    Entry entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (expired(entry, now)) {
      entries.remove(key, entry);
      return Optional.empty();
    }
    entry.lastSeen = now;
    return Optional.of(entry.session);
  }

  /** Ends the session {@code id}; whether there was one. */
  public boolean close(String id) {
    if (id == null || id.isEmpty() || id.length() > Secrets.MAX_CANDIDATE) {
      return false;
    }
    return entries.remove(Secrets.key(id)) != null;
  }

  /** Sessions held, expired ones not yet dropped included. */
  public int size() {
    return entries.size();
  }

  private boolean expired(Entry entry, Instant now) {
    if (!now.isBefore(entry.lastSeen.plus(limits.idle()))) {
      return true;
    }
    if (!now.isBefore(entry.created.plus(limits.absolute()))) {
      return true;
    }
    return entry.session.notAfter().map(end -> !now.isBefore(end)).orElse(false);
  }
}
