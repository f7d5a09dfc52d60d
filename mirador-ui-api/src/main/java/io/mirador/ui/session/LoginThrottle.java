package io.mirador.ui.session;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rate limit of failed logins (a wrong admin token or login code): at most {@code perClient}
 * failures per client address and {@code overall} failures in all within a sliding {@code window};
 * past either, logins are refused until the window has moved on. A success clears the client's
 * failures. The table of clients is bounded; the oldest client is forgotten first.
 */
public final class LoginThrottle {
  private final Clock clock;
  private final int perClient;
  private final int overall;
  private final Duration window;
  private final int maxClients;
  private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>();
  private final Deque<Instant> all = new ArrayDeque<>();

  public LoginThrottle(Clock clock, int perClient, int overall, Duration window, int maxClients) {
    this.clock = requireNonNull(clock, "clock");
    this.window = requireNonNull(window, "window");
    if (perClient < 1 || overall < perClient) {
      throw new IllegalArgumentException("need 1 <= perClient <= overall");
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive");
    }
    if (maxClients < 1) {
      throw new IllegalArgumentException("maxClients must be at least 1");
    }
    this.perClient = perClient;
    this.overall = overall;
    this.maxClients = maxClients;
  }

  /** 5 failures a minute per address, 30 in all. */
  public static LoginThrottle defaults(Clock clock) {
    return new LoginThrottle(clock, 5, 30, Duration.ofMinutes(1), 10_000);
  }

  /** Whether {@code client} may try to log in now. */
  public synchronized boolean allowed(String client) {
    Instant now = clock.instant();
    prune(all, now);
    if (all.size() >= overall) {
      return false;
    }
    Deque<Instant> mine = failures.get(client);
    if (mine == null) {
      return true;
    }
    prune(mine, now);
    return mine.size() < perClient;
  }

  /** Records a failed attempt of {@code client}. */
  public synchronized void failed(String client) {
    Instant now = clock.instant();
    Deque<Instant> mine = failures.remove(client);
    if (mine == null) {
      mine = new ArrayDeque<>();
    }
    prune(mine, now);
    mine.addLast(now);
    failures.put(client, mine); // re-inserted: the map's order is the order of last failure
    all.addLast(now);
    prune(all, now);
    while (all.size() > overall) {
      all.removeFirst();
    }
    while (failures.size() > maxClients) {
      Iterator<String> oldest = failures.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** Clears the failures of {@code client} after a successful login. */
  public synchronized void succeeded(String client) {
    failures.remove(client);
  }

  /** Seconds until a refused client may try again (at least 1). */
  public long retryAfterSeconds() {
    return Math.max(1, window.toSeconds());
  }

  private void prune(Deque<Instant> instants, Instant now) {
    Instant horizon = now.minus(window);
    while (!instants.isEmpty() && !instants.peekFirst().isAfter(horizon)) {
      instants.removeFirst();
    }
  }
}
