package io.mirador.pii;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.pii.RedactionCounts.Entry;
import io.mirador.pii.RedactionCounts.Location;
import io.mirador.pii.RedactionCounts.Parsed;
import io.mirador.pii.RedactionCounts.Signal;
import io.mirador.pii.detect.DetectorKind;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionCountsTest {

  private static KeyValue counter(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  private static KeyValue text(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static RedactionCounts tally(Signal signal, Object... locationKindAction) {
    RedactionCounts.Tally t = new RedactionCounts.Tally(signal);
    for (int i = 0; i < locationKindAction.length; i += 3) {
      t.at((Location) locationKindAction[i]);
      if (locationKindAction[i + 1] instanceof DetectorKind kind) {
        t.add(kind, (Action) locationKindAction[i + 2]);
      } else {
        t.addKeyRule((Action) locationKindAction[i + 2]);
      }
    }
    return t.snapshot();
  }

  @Test
  void cellsKeepSignalLocationSourceAndActionApart() {
    RedactionCounts c =
        tally(
            Signal.LOGS,
            Location.LOG_BODY,
            DetectorKind.EMAIL,
            Action.HASH,
            Location.LOG_BODY,
            DetectorKind.EMAIL,
            Action.HASH,
            Location.LOG_ATTRIBUTE,
            DetectorKind.EMAIL,
            Action.MASK,
            Location.LOG_ATTRIBUTE,
            null,
            Action.DROP);
    assertThat(c.get(Signal.LOGS, Location.LOG_BODY, DetectorKind.EMAIL, Action.HASH)).isEqualTo(2);
    assertThat(c.get(Signal.LOGS, Location.LOG_ATTRIBUTE, DetectorKind.EMAIL, Action.MASK))
        .isEqualTo(1);
    assertThat(c.get(Signal.TRACES, Location.LOG_BODY, DetectorKind.EMAIL, Action.HASH)).isZero();
    assertThat(c.get(Signal.LOGS, Location.LOG_BODY, DetectorKind.PHONE, Action.HASH)).isZero();
    assertThat(c.get(Signal.LOGS, Location.LOG_BODY, DetectorKind.EMAIL, Action.MASK)).isZero();
    assertThat(c.get(DetectorKind.EMAIL, Action.HASH)).isEqualTo(2);
    assertThat(c.get(DetectorKind.EMAIL, Action.MASK)).isEqualTo(1);
    assertThat(c.keyRule(Action.DROP)).isEqualTo(1);
    assertThat(c.keyRule(Action.MASK)).isZero();
    assertThat(c.total()).isEqualTo(4);
    assertThat(c.isEmpty()).isFalse();
    assertThat(c.entries())
        .containsExactly(
            new Entry(Signal.LOGS, Location.LOG_BODY, "email", Action.HASH, 2),
            new Entry(Signal.LOGS, Location.LOG_ATTRIBUTE, "email", Action.MASK, 1),
            new Entry(Signal.LOGS, Location.LOG_ATTRIBUTE, "key_rule", Action.DROP, 1));
    assertThat(c.asMap())
        .containsExactly(
            Map.entry("mirador.redaction.email.hash.log_body", 2L),
            Map.entry("mirador.redaction.email.mask.log_attribute", 1L),
            Map.entry("mirador.redaction.key_rule.drop.log_attribute", 1L));
    assertThat(c.toString()).contains("LOG_BODY", "email");
  }

  @Test
  void theDefaultLocationIsUnknownAndAsMapSumsSignals() {
    RedactionCounts.Tally t = new RedactionCounts.Tally();
    t.add(DetectorKind.IBAN, Action.MASK);
    RedactionCounts.Tally m = new RedactionCounts.Tally(Signal.METRICS);
    m.add(DetectorKind.IBAN, Action.MASK);
    RedactionCounts.Tally both = new RedactionCounts.Tally(Signal.LOGS);
    both.addAll(t);
    both.addAll(m);
    both.addAll(new RedactionCounts.Tally());
    RedactionCounts c = both.snapshot();
    assertThat(c.total()).isEqualTo(2);
    assertThat(c.get(Signal.TRACES, Location.UNKNOWN, DetectorKind.IBAN, Action.MASK)).isEqualTo(1);
    assertThat(c.get(Signal.METRICS, Location.UNKNOWN, DetectorKind.IBAN, Action.MASK))
        .isEqualTo(1);
    assertThat(c.asMap()).containsExactly(Map.entry("mirador.redaction.iban.mask.unknown", 2L));
  }

  @Test
  void anEmptyTallyHasNoCellsAndSnapshotsToEmpty() {
    RedactionCounts.Tally t = new RedactionCounts.Tally(Signal.TRACES);
    assertThat(t.counts).isNull();
    assertThat(t.snapshot()).isSameAs(RedactionCounts.empty());
    RedactionCounts.Tally other = new RedactionCounts.Tally(Signal.TRACES);
    t.addAll(other);
    assertThat(t.counts).isNull();
    assertThat(RedactionCounts.empty().isEmpty()).isTrue();
    assertThat(RedactionCounts.empty().entries()).isEmpty();
    assertThat(RedactionCounts.empty().asMap()).isEmpty();
    assertThat(RedactionCounts.of(new long[RedactionCounts.CELLS]).isEmpty()).isTrue();
  }

  @Test
  void snapshotsAreImmutableAndEqualByValue() {
    RedactionCounts.Tally t = new RedactionCounts.Tally(Signal.TRACES).at(Location.SPAN_NAME);
    t.add(DetectorKind.JWT, Action.MASK);
    RedactionCounts first = t.snapshot();
    t.add(DetectorKind.JWT, Action.MASK);
    assertThat(first.get(DetectorKind.JWT, Action.MASK)).isEqualTo(1);
    assertThat(t.snapshot().get(DetectorKind.JWT, Action.MASK)).isEqualTo(2);
    RedactionCounts again = tally(Signal.TRACES, Location.SPAN_NAME, DetectorKind.JWT, Action.MASK);
    assertThat(again).isEqualTo(first).hasSameHashCodeAs(first).isNotEqualTo(t.snapshot());
    assertThat(again).isNotEqualTo("RedactionCounts");
  }

  @Test
  void readsCountersBackFromResourceAttributes() {
    Parsed parsed =
        RedactionCounts.fromAttributes(
            List.of(
                text("service.name", "cart"),
                counter("mirador.redaction.email.hash.span_attribute", 3),
                counter("mirador.redaction.email.hash.span_attribute", 2),
                counter("mirador.redaction.credit_card.mask", 4),
                counter("mirador.redaction.key_rule.drop.resource_attribute", 1),
                counter("mirador.redaction.url_secret.mask.exemplar_attribute", 0)),
            Signal.TRACES);
    assertThat(parsed.rejected()).isZero();
    RedactionCounts c = parsed.counts();
    assertThat(c.entries())
        .containsExactly(
            new Entry(Signal.TRACES, Location.RESOURCE_ATTRIBUTE, "key_rule", Action.DROP, 1),
            new Entry(Signal.TRACES, Location.SPAN_ATTRIBUTE, "email", Action.HASH, 5),
            new Entry(Signal.TRACES, Location.UNKNOWN, "credit_card", Action.MASK, 4));
  }

  @Test
  void refusesCountersThatNameNothingKnownOrAreNotCounts() {
    Parsed parsed =
        RedactionCounts.fromAttributes(
            List.of(
                counter("mirador.redaction.", 1),
                counter("mirador.redaction.email", 1),
                counter("mirador.redaction.alice@example.com.hash.span_name", 1),
                counter("mirador.redaction.email.shred.span_name", 1),
                counter("mirador.redaction.email.hash.span_everywhere", 1),
                counter("mirador.redaction.email.hash.span_name.extra", 1),
                counter("mirador.redaction.email.hash.span_name", -1),
                text("mirador.redaction.email.hash.span_name", "12"),
                counter("mirador.redactions.email.hash.span_name", 1)),
            Signal.LOGS);
    assertThat(parsed.rejected()).isEqualTo(8);
    assertThat(parsed.counts().isEmpty()).isTrue();
    assertThat(parsed.counts()).isSameAs(RedactionCounts.empty());
  }

  @Test
  void countsSaturateInsteadOfOverflowing() {
    Parsed parsed =
        RedactionCounts.fromAttributes(
            List.of(
                counter("mirador.redaction.email.hash.log_body", Long.MAX_VALUE),
                counter("mirador.redaction.email.hash.log_body", Long.MAX_VALUE)),
            Signal.LOGS);
    assertThat(parsed.counts().get(Signal.LOGS, Location.LOG_BODY, DetectorKind.EMAIL, Action.HASH))
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void everyCellHasItsOwnAttributeKeyThatParsesBackToIt() {
    java.util.Set<String> keys = new java.util.HashSet<>();
    for (int cell = 0; cell < RedactionCounts.PER_SIGNAL; cell++) {
      String key = RedactionCounts.attributeKey(cell);
      assertThat(keys.add(key)).as(key).isTrue();
      assertThat(RedactionCounts.cellOf(key)).as(key).isEqualTo(cell);
    }
    assertThat(RedactionCounts.sourceName(RedactionCounts.KEY_RULE_INDEX)).isEqualTo("key_rule");
    assertThat(RedactionCounts.sourceName(DetectorKind.US_SSN.ordinal())).isEqualTo("us_ssn");
  }

  @Test
  void labelsAreTheStoredNames() {
    assertThat(Signal.TRACES.label()).isEqualTo("traces");
    assertThat(Signal.METRICS.label()).isEqualTo("metrics");
    assertThat(Location.EXEMPLAR_ATTRIBUTE.label()).isEqualTo("exemplar_attribute");
    assertThat(Location.fromLabel("span_status")).contains(Location.SPAN_STATUS);
    assertThat(Location.fromLabel("SPAN_STATUS")).isEmpty();
  }

  @Test
  void metricsSumTheCellsOfEveryMessage() {
    RedactionMetrics metrics = new RedactionMetrics();
    RedactionCounts one = tally(Signal.LOGS, Location.LOG_BODY, DetectorKind.EMAIL, Action.HASH);
    metrics.record(one);
    metrics.record(one);
    metrics.record(RedactionCounts.empty());
    RedactionCounts other =
        tally(Signal.TRACES, Location.SPAN_NAME, DetectorKind.PHONE, Action.MASK);
    metrics.record(other);
    RedactionCounts snapshot = metrics.snapshot();
    assertThat(snapshot.get(Signal.LOGS, Location.LOG_BODY, DetectorKind.EMAIL, Action.HASH))
        .isEqualTo(2);
    assertThat(snapshot.get(Signal.TRACES, Location.SPAN_NAME, DetectorKind.PHONE, Action.MASK))
        .isEqualTo(1);
    assertThat(snapshot.total()).isEqualTo(3);
  }
}
