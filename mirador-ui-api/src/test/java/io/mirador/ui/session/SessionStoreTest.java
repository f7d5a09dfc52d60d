package io.mirador.ui.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionStoreTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final MutableClock clock = new MutableClock(T0);
  private final SessionStore store =
      new SessionStore(
          new SessionStore.Limits(Duration.ofMinutes(30), Duration.ofHours(12), 3), clock);

  private static Session session(String user) {
    return Session.open(
        new Principal(user, Set.of("viewer"), Set.of("demo")),
        "token-of-" + user,
        Session.Mode.LOCAL,
        Optional.empty());
  }

  @Test
  void anOpenedSessionIsFoundByItsIdAndNothingElse() {
    SessionStore.Opened opened = store.open(session("ann"));
    assertThat(opened.id()).hasSize(43);
    assertThat(store.find(opened.id())).contains(opened.session());
    assertThat(store.find(opened.id() + "x")).isEmpty();
    assertThat(store.find("")).isEmpty();
    assertThat(store.find(null)).isEmpty();
    assertThat(store.find("a".repeat(10_000))).isEmpty();
    assertThat(opened.toString()).doesNotContain(opened.id()).doesNotContain("token-of-ann");
  }

  @Test
  void idsAreRandomAndDistinct() {
    String a = store.open(session("a")).id();
    String b = store.open(session("b")).id();
    assertThat(a).isNotEqualTo(b).matches("[A-Za-z0-9_-]{43}");
  }

  @Test
  void aSessionEndsAfterThirtyIdleMinutesButUseKeepsItAlive() {
    String id = store.open(session("ann")).id();
    clock.advance(Duration.ofMinutes(29));
    assertThat(store.find(id)).isPresent(); // used: idle time starts again
    clock.advance(Duration.ofMinutes(29));
    assertThat(store.find(id)).isPresent();
    clock.advance(Duration.ofMinutes(30));
    assertThat(store.find(id)).isEmpty();
    assertThat(store.size()).isZero();
  }

  @Test
  void aSessionEndsAfterTwelveHoursHoweverBusy() {
    String id = store.open(session("ann")).id();
    for (int i = 0; i < 47; i++) {
      clock.advance(Duration.ofMinutes(15));
      assertThat(store.find(id)).as("after %d min", (i + 1) * 15).isPresent();
    }
    clock.advance(Duration.ofMinutes(15)); // 12 h exactly
    assertThat(store.find(id)).isEmpty();
  }

  @Test
  void aSessionEndsAtItsOwnNotAfter() {
    Session s =
        Session.open(
            new Principal("oidc-user", Set.of(), Set.of("demo")),
            "jwt",
            Session.Mode.OIDC,
            Optional.of(T0.plus(Duration.ofMinutes(5))));
    String id = store.open(s).id();
    clock.advance(Duration.ofMinutes(4));
    assertThat(store.find(id)).isPresent();
    clock.advance(Duration.ofMinutes(1));
    assertThat(store.find(id)).isEmpty();
  }

  @Test
  void aFullStoreDropsTheSessionIdleLongest() {
    String a = store.open(session("a")).id();
    clock.advance(Duration.ofMinutes(1));
    String b = store.open(session("b")).id();
    clock.advance(Duration.ofMinutes(1));
    String c = store.open(session("c")).id();
    clock.advance(Duration.ofMinutes(1));
    assertThat(store.find(a)).isPresent(); // a is now the most recently used
    String d = store.open(session("d")).id();
    assertThat(store.size()).isEqualTo(3);
    assertThat(store.find(b)).isEmpty();
    assertThat(store.find(a)).isPresent();
    assertThat(store.find(c)).isPresent();
    assertThat(store.find(d)).isPresent();
  }

  @Test
  void expiredSessionsMakeRoomBeforeLiveOnesAreDropped() {
    String a = store.open(session("a")).id();
    store.open(session("b"));
    store.open(session("c"));
    clock.advance(Duration.ofMinutes(31));
    String fresh = store.open(session("d")).id();
    assertThat(store.size()).isEqualTo(1);
    assertThat(store.find(fresh)).isPresent();
    assertThat(store.find(a)).isEmpty();
  }

  @Test
  void closeEndsASession() {
    String id = store.open(session("ann")).id();
    assertThat(store.close(id)).isTrue();
    assertThat(store.find(id)).isEmpty();
    assertThat(store.close(id)).isFalse();
    assertThat(store.close(null)).isFalse();
  }

  @Test
  void limitsAreValidated() {
    assertThatThrownBy(() -> new SessionStore.Limits(Duration.ZERO, Duration.ofHours(1), 1))
        .hasMessageContaining("idle");
    assertThatThrownBy(() -> new SessionStore.Limits(Duration.ofHours(2), Duration.ofHours(1), 1))
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> new SessionStore.Limits(Duration.ofHours(1), Duration.ofHours(1), 0))
        .hasMessageContaining("max");
    assertThat(SessionStore.Limits.defaults())
        .isEqualTo(new SessionStore.Limits(Duration.ofMinutes(30), Duration.ofHours(12), 1000));
  }

  @Test
  void aSessionNeverPrintsItsTokens() {
    Session s = session("ann");
    assertThat(s.toString()).doesNotContain("token-of-ann").doesNotContain(s.csrf());
    assertThat(s.toString()).contains("ann").contains("LOCAL");
    assertThat(store.open(s).toString()).contains("ann");
    assertThat(s.mode().wireName()).isEqualTo("local");
    assertThat(Session.Mode.OIDC.wireName()).isEqualTo("oidc");
    assertThat(s.csrf()).hasSize(43);
  }
}
