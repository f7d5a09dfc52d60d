package io.mirador.core.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class TokenRedactingLogFilterTest {
  private static final String JWT =
      "eyJraWQiOiIxIiwiYWxnIjoiUlMyNTYifQ.eyJpc3MiOiJodHRwczovL3NlcnZlciJ9.c2lnbmF0dXJlLWJ5dGVz";

  @Test
  void removesJwtsFromFormattedMessages() {
    ExtLogRecord record =
        new ExtLogRecord(
            Level.WARNING,
            "Token verification has failed: %s",
            ExtLogRecord.FormatStyle.PRINTF,
            "x");
    record.setParameters(new Object[] {"Invalid JWS Signature: {...}->" + JWT});
    assertThat(new TokenRedactingLogFilter().isLoggable(record)).isTrue();
    @SuppressWarnings("deprecation")
    String formatted = record.getFormattedMessage();
    assertThat(formatted)
        .doesNotContain("eyJ")
        .doesNotContain("c2lnbmF0dXJlLWJ5dGVz")
        .contains("Token verification has failed: Invalid JWS Signature")
        .contains("<token redacted>");
  }

  @Test
  void leavesOtherMessagesAlone() {
    ExtLogRecord record = new ExtLogRecord(Level.INFO, "store ready", "x");
    assertThat(new TokenRedactingLogFilter().isLoggable(record)).isTrue();
    assertThat(record.getMessage()).isEqualTo("store ready");
  }
}
