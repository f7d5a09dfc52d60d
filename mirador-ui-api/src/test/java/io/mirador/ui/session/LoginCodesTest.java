package io.mirador.ui.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.ui.session.LoginCodes.Outcome;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginCodesTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final LoginCodes codes = new LoginCodes(clock, LoginCodes.DEFAULT_TTL);

  @Test
  void aCodeIs256RandomBitsAndNewEachTime() {
    String a = codes.mint();
    String b = codes.mint();
    assertThat(a).matches("[A-Za-z0-9_-]{43}"); // 32 bytes, base64url without padding
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void aCodeWorksOnceOnly() {
    String code = codes.mint();
    assertThat(codes.redeem(code)).isEqualTo(Outcome.ACCEPTED);
    assertThat(codes.redeem(code)).isEqualTo(Outcome.USED);
    assertThat(codes.redeem(code)).isEqualTo(Outcome.USED);
  }

  @Test
  void aCodeExpiresAfterTenMinutes() {
    String code = codes.mint();
    clock.advance(Duration.ofMinutes(10));
    assertThat(codes.redeem(code)).isEqualTo(Outcome.EXPIRED);
  }

  @Test
  void aCodeWorksJustBeforeItExpires() {
    String code = codes.mint();
    clock.advance(Duration.ofMinutes(10).minusMillis(1));
    assertThat(codes.redeem(code)).isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void aWrongCodeIsInvalidAndDoesNotSpendTheRightOne() {
    String code = codes.mint();
    char last = code.charAt(code.length() - 1);
    String almost = code.substring(0, code.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertThat(codes.redeem(almost)).isEqualTo(Outcome.INVALID);
    assertThat(codes.redeem("")).isEqualTo(Outcome.INVALID);
    assertThat(codes.redeem(null)).isEqualTo(Outcome.INVALID);
    assertThat(codes.redeem(code + "x".repeat(1000))).isEqualTo(Outcome.INVALID);
    assertThat(codes.redeem(code)).isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void aNewCodeReplacesTheOldOne() {
    String old = codes.mint();
    String fresh = codes.mint();
    assertThat(codes.redeem(old)).isEqualTo(Outcome.INVALID);
    assertThat(codes.redeem(fresh)).isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void nothingIsAcceptedBeforeACodeIsMinted() {
    assertThat(codes.redeem("anything")).isEqualTo(Outcome.INVALID);
  }

  @Test
  void theCodeTextIsNotKept() throws Exception {
    String code = codes.mint();
    for (var field : LoginCodes.class.getDeclaredFields()) {
      field.setAccessible(true);
      Object value = field.get(codes);
      assertThat(String.valueOf(value)).doesNotContain(code);
    }
  }

  @Test
  void theLifetimeMustBePositive() {
    assertThatThrownBy(() -> new LoginCodes(clock, Duration.ZERO)).hasMessageContaining("positive");
  }
}
