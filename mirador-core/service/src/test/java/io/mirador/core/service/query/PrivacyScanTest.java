package io.mirador.core.service.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.crypto.PseudonymizationKey;
import io.mirador.pii.OtlpRedactor;
import io.mirador.pii.RedactionPolicy;
import io.mirador.store.StoredText;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrivacyScanTest {
  private static final String EMAIL = "jane.doe@example.com";

  private static OtlpRedactor redactor() {
    byte[] bytes = new byte[PseudonymizationKey.KEY_BYTES];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 5 + 3);
    }
    return OtlpRedactor.create(
        RedactionPolicy.defaults("acme"), PseudonymizationKey.fromBytes("k", bytes));
  }

  private static StoredText span(String location, String key, String value, int n) {
    return new StoredText(
        "traces", location, key, value, 1_700_000_000_000_000_000L + n, "ab" + n, "cd" + n);
  }

  @Test
  void countsMatchesPerDetectorAndPlaceWithAtMostFiveExamples() {
    OtlpRedactor redactor = redactor();
    PrivacyScan scan = new PrivacyScan(redactor);
    for (int i = 0; i < 7; i++) {
      scan.accept(span("span_attribute", "note", "mail " + EMAIL, i));
    }
    scan.accept(span("span_name", null, "GET /users/" + EMAIL, 9));
    scan.accept(new StoredText("logs", "log_body", null, "card 4111 1111 1111 1111", 5L, "", ""));
    // redacted values and clean ones count nothing
    scan.accept(span("span_attribute", "note", redactor.redactor().redactText(EMAIL), 10));
    scan.accept(span("span_attribute", "http.route", "/users/{id}", 11));

    List<PrivacyScan.Match> matches = scan.matches();
    // (a card number may also be counted by an overlapping detector, as the redactor counts it)
    assertThat(matches).hasSizeGreaterThanOrEqualTo(3);
    PrivacyScan.Match first = matches.get(0);
    assertThat(first.detector).isEqualTo("email");
    assertThat(first.key).isEqualTo("note");
    assertThat(first.count).isEqualTo(7);
    assertThat(first.examples).hasSize(PrivacyScan.MAX_EXAMPLES);
    assertThat(first.examples.get(0).traceId()).isEqualTo("ab0");
    assertThat(first.examples.get(0).timestamp().getEpochSecond()).isEqualTo(1_700_000_000L);
    assertThat(matches)
        .anySatisfy(
            m -> {
              assertThat(m.detector).isEqualTo("credit_card");
              assertThat(m.signal).isEqualTo("logs");
              assertThat(m.key).isNull();
              assertThat(m.examples.get(0).traceId()).isNull();
              assertThat(m.examples.get(0).timestamp().getNano()).isEqualTo(5);
            });
    assertThat(matches)
        .anySatisfy(
            m -> {
              assertThat(m.location).isEqualTo("span_name");
              assertThat(m.detector).isEqualTo("email");
              assertThat(m.count).isEqualTo(1);
            });
    assertThat(matches).noneSatisfy(m -> assertThat(m.count).isGreaterThan(7));
    assertThat(matches.toString()).doesNotContain("jane", "4111");
  }

  @Test
  void keysAreCappedAndRowsBeyondTheLimitShareOneRow() {
    PrivacyScan scan = new PrivacyScan(redactor());
    String longKey = "k".repeat(PrivacyScan.MAX_KEY + 50);
    scan.accept(span("span_attribute", longKey, EMAIL, 0));
    for (int i = 0; i < PrivacyScan.MAX_ROWS + 20; i++) {
      scan.accept(span("span_attribute", "key" + i, EMAIL, i));
    }
    List<PrivacyScan.Match> matches = scan.matches();
    assertThat(matches).hasSize(PrivacyScan.MAX_ROWS);
    assertThat(matches)
        .anySatisfy(m -> assertThat(m.key).hasSize(PrivacyScan.MAX_KEY + 3).endsWith("..."));
    PrivacyScan.Match other =
        matches.stream()
            .filter(m -> PrivacyScan.OTHER_KEYS.equals(m.key))
            .findFirst()
            .orElseThrow();
    assertThat(other.count).isEqualTo(22);
    assertThat(matches.get(0)).isSameAs(other);
    assertThat(matches.stream().mapToLong(m -> m.count).sum()).isEqualTo(PrivacyScan.MAX_ROWS + 21);
  }
}
