package io.mirador.rca.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.rca.TimeWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettledReadCacheTest {
  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final TimeWindow BASELINE =
      new TimeWindow(NOW.minus(Duration.ofMinutes(70)), NOW.minus(Duration.ofMinutes(10)));
  private static final TimeWindow RECENT = new TimeWindow(NOW.minus(Duration.ofMinutes(10)), NOW);

  /** Counts every read and answers with a fresh list each time. */
  private static final class Counting implements FeatureSource {
    final List<String> calls = new ArrayList<>();
    boolean failing;

    @Override
    public FeatureData features(String tenant, TimeWindow window) {
      calls.add("features " + tenant);
      if (failing) {
        throw new SourceException(SourceException.Reason.UNAVAILABLE, "core down");
      }
      return new FeatureData(List.of(), List.of());
    }

    @Override
    public List<SelfTimeMinute> selfTimes(
        String tenant, TimeWindow window, Set<String> gapsToCaller) {
      calls.add("self " + new java.util.TreeSet<>(gapsToCaller));
      return List.of(new SelfTimeMinute("a", window.start(), 1, 1, 2));
    }

    @Override
    public List<EventPairMinute> eventPairs(String tenant, TimeWindow window) {
      calls.add("pairs");
      return new ArrayList<>();
    }
  }

  @Test
  void aSettledWindowIsReadOnceARecentOneEveryTime() {
    Counting core = new Counting();
    SettledReadCache cache = SettledReadCache.of(core, CLOCK, Duration.ofMinutes(2), 16);

    cache.features("acme", BASELINE);
    cache.features("acme", BASELINE);
    cache.eventPairs("acme", BASELINE);
    cache.eventPairs("acme", BASELINE);
    cache.features("acme", RECENT);
    cache.features("acme", RECENT);

    assertThat(core.calls)
        .containsExactly("features acme", "pairs", "features acme", "features acme");
  }

  @Test
  void tenantsAndCallerSetsAreKeptApart() {
    Counting core = new Counting();
    SettledReadCache cache = SettledReadCache.of(core, CLOCK, Duration.ofMinutes(2), 16);

    cache.features("acme", BASELINE);
    cache.features("globex", BASELINE);
    cache.selfTimes("acme", BASELINE, Set.of("b", "a"));
    cache.selfTimes("acme", BASELINE, Set.of("a", "b"));
    cache.selfTimes("acme", BASELINE, Set.of());

    assertThat(core.calls)
        .containsExactly("features acme", "features globex", "self [a, b]", "self []");
  }

  @Test
  void failuresAreNotRememberedAndTheOldestReadGoesFirst() {
    Counting core = new Counting();
    SettledReadCache cache = SettledReadCache.of(core, CLOCK, Duration.ofMinutes(2), 2);
    core.failing = true;
    assertThatThrownBy(() -> cache.features("acme", BASELINE)).isInstanceOf(SourceException.class);
    core.failing = false;
    cache.features("acme", BASELINE);
    assertThat(core.calls).hasSize(2);

    cache.features("b", BASELINE);
    cache.features("c", BASELINE); // drops acme, the least recently used
    assertThat(cache.size()).isEqualTo(2);
    cache.features("acme", BASELINE);
    assertThat(core.calls)
        .containsExactly(
            "features acme", "features acme", "features b", "features c", "features acme");
  }

  @Test
  void remembersWhatTheCoreAnsweredUnchangeable() {
    SettledReadCache cache = SettledReadCache.of(new Counting(), CLOCK, Duration.ZERO, 4);
    List<EventPairMinute> pairs = cache.eventPairs("acme", BASELINE);
    assertThatThrownBy(() -> pairs.add(null)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> SettledReadCache.of(new Counting(), CLOCK, Duration.ofMinutes(-1), 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SettledReadCache.of(new Counting(), CLOCK, Duration.ZERO, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
