package io.mirador.installer.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HistoryTest {
  private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");

  @Test
  void installUpgradeRollbackTransitions() {
    History h =
        History.empty("appliance").withRelease("1.0", 4, T).switchedTo("1.0").withDataSchema(4);
    assertThat(h.current()).isEqualTo("1.0");
    assertThat(h.previous()).isNull();
    h = h.withRelease("1.1", 5, T).switchedTo("1.1").withDataSchema(5);
    assertThat(h.current()).isEqualTo("1.1");
    assertThat(h.previous()).isEqualTo("1.0");
    h = h.rolledBackTo("1.0").withoutRelease("1.1");
    assertThat(h.current()).isEqualTo("1.0");
    assertThat(h.previous()).isNull(); // the removed release is not offered as a target
    assertThat(h.releases()).extracting(History.Release::version).containsExactly("1.0");
  }

  @Test
  void refusesImpossibleTransitions() {
    History h = History.empty("appliance").withRelease("1.0", 4, T).switchedTo("1.0");
    assertThatThrownBy(() -> h.switchedTo("2.0")).hasMessageContaining("not installed");
    assertThatThrownBy(() -> h.withRelease("1.0", 4, T)).hasMessageContaining("already installed");
    assertThatThrownBy(() -> h.withoutRelease("1.0")).hasMessageContaining("is current");
    History.Backup b = new History.Backup("20261206T100000Z-1.0", "1.0", 4, T.toString(), "test");
    assertThatThrownBy(() -> h.withBackup(b).withBackup(b)).hasMessageContaining("exists");
  }

  @Test
  void backupsAreKeptUntilRemovedExplicitly() {
    History h = History.empty("appliance").withRelease("1.0", 4, T).switchedTo("1.0");
    h =
        h.withBackup(new History.Backup("a", "1.0", 4, T.toString(), "x"))
            .withBackup(new History.Backup("b", "1.0", 4, T.toString(), "y"));
    h = h.withRelease("1.1", 4, T).switchedTo("1.1").rolledBackTo("1.0");
    assertThat(h.backups()).hasSize(2);
    assertThat(h.withoutBackup("a").backups())
        .extracting(History.Backup::name)
        .containsExactly("b");
  }

  @Test
  void jsonRoundTrip() {
    History h =
        History.empty("appliance")
            .withRelease("1.0", 4, T)
            .switchedTo("1.0")
            .withDataSchema(4)
            .withBackup(new History.Backup("n", "1.0", 4, T.toString(), "reason \"quoted\"\n"))
            .withEvent(T, "install", "1.0", "ok", "");
    History back = History.fromJson(Json.parse(Json.write(h.toJson())));
    assertThat(back).isEqualTo(h);
  }

  @Test
  void eventLogIsBounded() {
    History h = History.empty("agent");
    for (int i = 0; i < History.MAX_EVENTS + 10; i++) {
      h = h.withEvent(T, "status", "1", "ok", Integer.toString(i));
    }
    assertThat(h.events()).hasSize(History.MAX_EVENTS);
    assertThat(h.events().get(h.events().size() - 1).detail())
        .isEqualTo(Integer.toString(History.MAX_EVENTS + 9));
  }
}
