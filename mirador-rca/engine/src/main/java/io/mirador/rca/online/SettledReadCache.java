package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

import io.mirador.rca.TimeWindow;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A {@link FeatureSource} that remembers reads of windows whose data has settled (their end lies at
 * least {@code settle} in the past), so that an incident analysed again every minute reads its
 * baseline hour once instead of every minute: the baseline is the hour before the incident's start,
 * which does not move while the incident lasts. Reads of recent windows, and failures, are not
 * remembered. At most {@code maxEntries} reads are kept, the least recently used dropped first.
 * Data arriving later than {@code settle} for a remembered window is not seen; the detection loop
 * already treats such a minute as settled.
 */
public final class SettledReadCache implements FeatureSource {
  private final FeatureSource delegate;
  private final Clock clock;
  private final Duration settle;
  private final Map<List<Object>, Object> reads;

  private SettledReadCache(FeatureSource delegate, Clock clock, Duration settle, int maxEntries) {
    this.delegate = delegate;
    this.clock = clock;
    this.settle = settle;
    this.reads =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<List<Object>, Object> eldest) {
            return size() > maxEntries;
          }
        };
  }

  public static SettledReadCache of(
      FeatureSource delegate, Clock clock, Duration settle, int maxEntries) {
    requireNonNull(delegate, "delegate");
    requireNonNull(clock, "clock");
    requireNonNull(settle, "settle");
    if (settle.isNegative()) {
      throw new IllegalArgumentException("settle must not be negative");
    }
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive");
    }
    return new SettledReadCache(delegate, clock, settle, maxEntries);
  }

  @Override
  public FeatureData features(String tenant, TimeWindow window) {
    return read("features", tenant, window, "", () -> delegate.features(tenant, window));
  }

  @Override
  public List<EventPairMinute> eventPairs(String tenant, TimeWindow window) {
    return read(
        "pairs", tenant, window, "", () -> List.copyOf(delegate.eventPairs(tenant, window)));
  }

  @Override
  public List<SelfTimeMinute> selfTimes(
      String tenant, TimeWindow window, Set<String> gapsToCaller) {
    return read(
        "self",
        tenant,
        window,
        List.copyOf(new TreeSet<>(gapsToCaller)),
        () -> List.copyOf(delegate.selfTimes(tenant, window, gapsToCaller)));
  }

  @Override
  public List<OperationSpansMinute> operations(String tenant, TimeWindow window) {
    return read(
        "operations", tenant, window, "", () -> List.copyOf(delegate.operations(tenant, window)));
  }

  @Override
  public List<SpanEventMinute> spanEvents(String tenant, TimeWindow window) {
    return read(
        "events", tenant, window, "", () -> List.copyOf(delegate.spanEvents(tenant, window)));
  }

  @Override
  public List<EdgeMinute> edges(String tenant, TimeWindow window) {
    return read("edges", tenant, window, "", () -> List.copyOf(delegate.edges(tenant, window)));
  }

  /** How many reads are remembered now. */
  public int size() {
    synchronized (reads) {
      return reads.size();
    }
  }

  @SuppressWarnings("unchecked")
  private <T> T read(
      String kind, String tenant, TimeWindow window, Object extra, Supplier<T> source) {
    if (window.end().isAfter(clock.instant().minus(settle))) {
      return source.get();
    }
    List<Object> key = List.of(kind, tenant, window.start(), window.end(), extra);
    synchronized (reads) {
      Object known = reads.get(key);
      if (known != null) {
        return (T) known;
      }
    }
    // Read outside the lock: a slow core must not hold up other tenants' reads.
    T value = source.get();
    synchronized (reads) {
      reads.put(key, value);
    }
    return value;
  }
}
