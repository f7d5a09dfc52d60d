package io.mirador.ui.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final LoginThrottle throttle = new LoginThrottle(clock, 3, 5, Duration.ofMinutes(1), 2);

  @Test
  void aClientIsRefusedAfterItsFailuresUntilTheWindowMoves() {
    for (int i = 0; i < 3; i++) {
      assertThat(throttle.allowed("a")).isTrue();
      throttle.failed("a");
    }
    assertThat(throttle.allowed("a")).isFalse();
    assertThat(throttle.allowed("b")).as("others are not held up").isTrue();
    clock.advance(Duration.ofSeconds(59));
    assertThat(throttle.allowed("a")).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(throttle.allowed("a")).isTrue();
  }

  @Test
  void failuresOfAllClientsTogetherAreBounded() {
    throttle.failed("a");
    throttle.failed("b");
    throttle.failed("c");
    throttle.failed("d");
    assertThat(throttle.allowed("e")).isTrue();
    throttle.failed("e");
    assertThat(throttle.allowed("f")).isFalse();
    clock.advance(Duration.ofMinutes(1));
    assertThat(throttle.allowed("f")).isTrue();
  }

  @Test
  void successClearsAClientsFailures() {
    throttle.failed("a");
    throttle.failed("a");
    throttle.succeeded("a");
    throttle.failed("a");
    throttle.failed("a");
    assertThat(throttle.allowed("a")).isTrue();
  }

  @Test
  void theClientTableIsBounded() {
    LoginThrottle big = new LoginThrottle(clock, 1, 100, Duration.ofMinutes(1), 2);
    big.failed("a");
    big.failed("b");
    big.failed("c"); // forgets a, the oldest
    assertThat(big.allowed("a")).isTrue();
    assertThat(big.allowed("b")).isFalse();
    assertThat(big.allowed("c")).isFalse();
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> new LoginThrottle(clock, 0, 1, Duration.ofMinutes(1), 1))
        .hasMessageContaining("perClient");
    assertThatThrownBy(() -> new LoginThrottle(clock, 2, 1, Duration.ofMinutes(1), 1))
        .hasMessageContaining("perClient");
    assertThatThrownBy(() -> new LoginThrottle(clock, 1, 1, Duration.ZERO, 1))
        .hasMessageContaining("window");
    assertThatThrownBy(() -> new LoginThrottle(clock, 1, 1, Duration.ofMinutes(1), 0))
        .hasMessageContaining("maxClients");
    assertThat(throttle.retryAfterSeconds()).isEqualTo(60);
    assertThat(new LoginThrottle(clock, 2, 2, Duration.ofMinutes(1), 1).allowed("a")).isTrue();
    assertThat(LoginThrottle.defaults(clock).allowed("a")).isTrue();
  }
}
