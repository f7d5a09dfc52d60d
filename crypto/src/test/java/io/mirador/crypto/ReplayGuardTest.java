package io.mirador.crypto;

import static io.mirador.crypto.ReplayGuard.Verdict.ACCEPTED;
import static io.mirador.crypto.ReplayGuard.Verdict.DUPLICATE;
import static io.mirador.crypto.ReplayGuard.Verdict.TOO_OLD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayGuardTest {
  @TempDir Path dir;

  @Test
  void acceptsOutOfOrderInsideTheWindowAndRefusesDuplicatesAndOldNumbers() {
    ReplayGuard g = ReplayGuard.inMemory(64);
    assertThat(g.accept("a", 10)).isEqualTo(ACCEPTED);
    assertThat(g.accept("a", 12)).isEqualTo(ACCEPTED);
    assertThat(g.accept("a", 11)).isEqualTo(ACCEPTED);
    assertThat(g.accept("a", 11)).isEqualTo(DUPLICATE);
    assertThat(g.accept("a", 12)).isEqualTo(DUPLICATE);
    assertThat(g.accept("a", 100)).isEqualTo(ACCEPTED);
    assertThat(g.accept("a", 37)).isEqualTo(ACCEPTED); // 100 - 37 = 63 < 64
    assertThat(g.accept("a", 36)).isEqualTo(TOO_OLD);
    assertThat(g.accept("a", 12)).isEqualTo(TOO_OLD);
    assertThat(g.accept("a", -1)).isEqualTo(TOO_OLD);
    // Senders are independent.
    assertThat(g.accept("b", 12)).isEqualTo(ACCEPTED);
    assertThat(g.highWaterMark("a")).isEqualTo(100);
    assertThat(g.highWaterMark("nobody")).isEqualTo(-1);
  }

  @Test
  void checkDoesNotMoveTheWindowAndReleaseAllowsARetry() {
    ReplayGuard g = ReplayGuard.inMemory(64);
    assertThat(g.check("a", 5)).isEqualTo(ACCEPTED);
    assertThat(g.check("a", 5)).isEqualTo(ACCEPTED);
    assertThat(g.accept("a", 5)).isEqualTo(ACCEPTED);
    assertThat(g.check("a", 5)).isEqualTo(DUPLICATE);
    g.release("a", 5); // the store failed: the agent's retry must go through
    assertThat(g.accept("a", 5)).isEqualTo(ACCEPTED);
  }

  @Test
  void agreesWithAnExactModelOnRandomTraffic() {
    Random rnd = new Random(7);
    int window = 128;
    ReplayGuard g = ReplayGuard.inMemory(window);
    Set<Long> seen = new HashSet<>();
    long highest = -1;
    for (int i = 0; i < 20_000; i++) {
      long seq = Math.max(0, highest + rnd.nextInt(40) - 30 + (rnd.nextInt(50) == 0 ? 500 : 0));
      ReplayGuard.Verdict expected;
      if (seq > highest) {
        expected = ACCEPTED;
      } else if (highest - seq >= window) {
        expected = TOO_OLD;
      } else {
        expected = seen.contains(seq) ? DUPLICATE : ACCEPTED;
      }
      assertThat(g.accept("s", seq)).as("step %d seq %d", i, seq).isEqualTo(expected);
      if (expected == ACCEPTED) {
        seen.add(seq);
        highest = Math.max(highest, seq);
      }
    }
  }

  @Test
  void persistedStateSurvivesARestart() throws IOException {
    Path file = dir.resolve("replay.state");
    ReplayGuard g = ReplayGuard.persistent(file, 256);
    for (long s : new long[] {1, 2, 3, 7, 300, 290}) {
      assertThat(g.accept("agent-é", s)).isEqualTo(ACCEPTED);
    }
    g.flush();
    if (SecureFiles.posix()) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }

    ReplayGuard restarted = ReplayGuard.persistent(file, 256);
    assertThat(restarted.highWaterMark("agent-é")).isEqualTo(300);
    assertThat(restarted.accept("agent-é", 290)).isEqualTo(DUPLICATE);
    assertThat(restarted.accept("agent-é", 300)).isEqualTo(DUPLICATE);
    assertThat(restarted.accept("agent-é", 7)).isEqualTo(TOO_OLD);
    assertThat(restarted.accept("agent-é", 295)).isEqualTo(ACCEPTED); // out of order, unseen
  }

  @Test
  void aRestartWithASmallerWindowStillRefusesWhatWasSeen() throws IOException {
    Path file = dir.resolve("replay.state");
    ReplayGuard g = ReplayGuard.persistent(file, 256);
    g.accept("a", 1000);
    g.accept("a", 990);
    g.flush();
    ReplayGuard smaller = ReplayGuard.persistent(file, 64);
    assertThat(smaller.accept("a", 990)).isEqualTo(DUPLICATE);
    assertThat(smaller.accept("a", 991)).isEqualTo(ACCEPTED);
    assertThat(smaller.accept("a", 1000)).isEqualTo(DUPLICATE);
  }

  @Test
  void aCorruptStateFileStopsTheCoreInsteadOfResettingTheWindows() throws IOException {
    Path file = dir.resolve("replay.state");
    ReplayGuard g = ReplayGuard.persistent(file, 64);
    g.accept("a", 5);
    g.flush();
    String text = Files.readString(file);
    Files.writeString(file, text.replace(" 5 ", " 4 "), StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ReplayGuard.persistent(file, 64))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("checksum");
    Files.writeString(file, "garbage\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ReplayGuard.persistent(file, 64)).isInstanceOf(IOException.class);
  }
}
