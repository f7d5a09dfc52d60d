package io.mirador.pii;

import static io.mirador.pii.RedactorTest.kv;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.mirador.pii.detect.DetectorKind;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How {@link Redactor} treats URLs in any field, overlapping findings, drops inside values and
 * arrays, the size limit of byte values and values a hash rule leaves alone.
 */
class RedactorValuesTest {
  private static final String TOKEN = "pii:[0-9a-f]{16}";
  private final Redactor redactor =
      Redactor.create(RedactionPolicy.defaults("acme"), TestKeys.key());

  private String redacted(String key, String value) {
    return redactor.redactAttributes(List.of(kv(key, value))).get(0).getValue().getStringValue();
  }

  @Test
  void aValueThatIsAnHttpUrlHasItsQueryParametersMatchedInAnyField() {
    assertThat(redactor.redactText("https://shop.example.com/p?email=bob&page=2"))
        .matches("https://shop\\.example\\.com/p\\?email=" + TOKEN + "&page=2");
    assertThat(redactor.redactText("HTTP://shop.example.com/p?email=bob&page=2"))
        .matches("HTTP://shop\\.example\\.com/p\\?email=" + TOKEN + "&page=2");
    assertThat(redacted("note", "http://h.example/?email=bob"))
        .matches("http://h\\.example/\\?email=" + TOKEN);
    // Not a URL value and not a URL key: the name "email" alone does not hide "bob".
    String prose = "GET https://shop.example.com/p?email=bob&page=2";
    assertThat(redactor.redactText(prose)).isSameAs(prose);
    String ftp = "ftp://shop.example.com/p?email=bob";
    assertThat(redactor.redactText(ftp)).isSameAs(ftp);
  }

  @Test
  void percentEncodedParameterNamesAreDecodedBeforeMatching() {
    assertThat(redacted("url.full", "https://h.example/p?e%6Dail=bob&x=1"))
        .matches("https://h\\.example/p\\?e%6Dail=" + TOKEN + "&x=1");
    assertThat(redacted("url.query", "pass%77ord=hunter2")).isEqualTo("pass%77ord=[REDACTED]");
  }

  @Test
  void aUrlKeysValueIsAQueryOnlyWhenItIsNeitherAPathNorAUrl() {
    assertThat(redacted("url.query", "email=bob")).matches("email=" + TOKEN);
    assertThat(redacted("url.path", "/email=bob")).isEqualTo("/email=bob");
    assertThat(redacted("url.full", "app://h/email=bob")).isEqualTo("app://h/email=bob");
    assertThat(redacted("url.query", "email")).isEqualTo("email");
  }

  @Test
  void theStrongestActionWinsWhereFindingsOverlap() {
    // The parameter rule hashes, the card detector masks: the card is not turned into a token.
    assertThat(redactor.redactText("https://shop.example.com/p?email=4111111111111111&x=1"))
        .isEqualTo("https://shop.example.com/p?email=[REDACTED]&x=1");
    RedactionCounts.Tally tally = new RedactionCounts.Tally();
    redactor.scan("https://shop.example.com/p?email=4111111111111111", false, tally);
    RedactionCounts counts = tally.snapshot();
    assertThat(counts.get(DetectorKind.CREDIT_CARD, Action.MASK)).isEqualTo(1);
    assertThat(counts.keyRule(Action.MASK)).isEqualTo(1);
    assertThat(counts.keyRule(Action.HASH)).isZero();
    assertThat(counts.total()).isEqualTo(2);
  }

  @Test
  void aDropStillCountsEveryFindingOfTheValue() {
    RedactionPolicy policy =
        RedactionPolicy.builder("acme")
            .detector(DetectorKind.CREDIT_CARD, Action.DROP)
            .detector(DetectorKind.EMAIL, Action.HASH)
            .detector(DetectorKind.IP_ADDRESS, Action.MASK)
            .build();
    Redactor r = Redactor.create(policy, TestKeys.key());
    RedactionCounts.Tally tally = new RedactionCounts.Tally();
    assertThat(r.scan("pay 4111111111111111 jane@example.com 192.0.2.1", false, tally)).isNull();
    RedactionCounts counts = tally.snapshot();
    assertThat(counts.get(DetectorKind.CREDIT_CARD, Action.DROP)).isEqualTo(1);
    assertThat(counts.get(DetectorKind.EMAIL, Action.HASH)).isEqualTo(1);
    assertThat(counts.get(DetectorKind.IP_ADDRESS, Action.MASK)).isEqualTo(1);
    assertThat(counts.total()).isEqualTo(3);
    // Before the card, the same: a drop anywhere drops the value.
    assertThat(r.scan("jane@example.com pays 4111111111111111", false, null)).isNull();
    assertThat(r.redactText("jane@example.com pays 4111111111111111")).isEqualTo("[REDACTED]");
  }

  @Test
  void droppedValuesAreRemovedFromAttributesAndMaskedInArrays() {
    RedactionPolicy policy =
        RedactionPolicy.builder("acme").detector(DetectorKind.EMAIL, Action.DROP).build();
    Redactor r = Redactor.create(policy, TestKeys.key());
    AnyValue bytes =
        AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("to jane@example.com")).build();
    AnyValue array =
        AnyValue.newBuilder()
            .setArrayValue(
                ArrayValue.newBuilder()
                    .addValues(AnyValue.newBuilder().setStringValue("ok"))
                    .addValues(AnyValue.newBuilder().setStringValue("jane@example.com"))
                    .addValues(AnyValue.newBuilder().setBoolValue(true)))
            .build();
    List<KeyValue> out = r.redactAttributes(List.of(kv("b", bytes), kv("a", array), kv("k", "v")));
    assertThat(out).extracting(KeyValue::getKey).containsExactly("a", "k");
    ArrayValue values = out.get(0).getValue().getArrayValue();
    assertThat(values.getValuesCount()).isEqualTo(3);
    assertThat(values.getValues(0).getStringValue()).isEqualTo("ok");
    assertThat(values.getValues(1).getStringValue()).isEqualTo("[REDACTED]");
    assertThat(values.getValues(2).getBoolValue()).isTrue();
  }

  @Test
  void byteValuesUpToOneMebibyteAreScanned() {
    byte[] atLimit = new byte[Redactor.MAX_BYTES_SCANNED];
    Arrays.fill(atLimit, (byte) 'x');
    byte[] email = " jane@example.com".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(email, 0, atLimit, atLimit.length - email.length, email.length);
    AnyValue scanned = AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(atLimit)).build();
    String out =
        redactor
            .redactAttributes(List.of(kv("payload", scanned)))
            .get(0)
            .getValue()
            .getBytesValue()
            .toStringUtf8();
    assertThat(out).doesNotContain("jane@example.com").matches("(?s)x+ " + TOKEN);

    byte[] over = Arrays.copyOf(atLimit, atLimit.length + 1);
    over[over.length - 1] = ' ';
    AnyValue tooLarge = AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(over)).build();
    assertThat(redactor.redactAttributes(List.of(kv("payload", tooLarge))).get(0).getValue())
        .isSameAs(tooLarge);
    AnyValue empty = AnyValue.newBuilder().setBytesValue(ByteString.EMPTY).build();
    assertThat(redactor.redactAttributes(List.of(kv("payload", empty))).get(0).getValue())
        .isSameAs(empty);
  }

  @Test
  void aHashRuleLeavesBlankMaskedAndHashedValuesAlone() {
    String token = redacted("user.name", "alice");
    assertThat(token).matches(TOKEN);
    for (String unchanged : new String[] {"", "   ", "[REDACTED]", token}) {
      List<KeyValue> in = List.of(kv("user.name", unchanged));
      assertThat(redactor.redactAttributes(in)).as("'%s'", unchanged).isSameAs(in);
    }
    List<KeyValue> unset = List.of(kv("user.name", AnyValue.getDefaultInstance()));
    assertThat(redactor.redactAttributes(unset)).isSameAs(unset);
    // Booleans and numbers are hashed as their text.
    AnyValue yes = AnyValue.newBuilder().setBoolValue(true).build();
    assertThat(
            redactor
                .redactAttributes(List.of(kv("user.flag", yes)))
                .get(0)
                .getValue()
                .getStringValue())
        .isEqualTo(redacted("user.flag", "true"));
  }

  @Test
  void scannedValuesWithNothingToFindAreTheSameInstance() {
    AnyValue yes = AnyValue.newBuilder().setBoolValue(true).build();
    AnyValue empty = AnyValue.newBuilder().setStringValue("").build();
    AnyValue small = AnyValue.newBuilder().setIntValue(99_999).build();
    AnyValue negative = AnyValue.newBuilder().setIntValue(-99_999).build();
    AnyValue fraction = AnyValue.newBuilder().setDoubleValue(4.111111111111111e15 + 0.5).build();
    AnyValue huge = AnyValue.newBuilder().setDoubleValue(4.111111111111111e19).build();
    List<KeyValue> in =
        List.of(
            kv("a", yes),
            kv("b", empty),
            kv("c", small),
            kv("d", negative),
            kv("e", fraction),
            kv("f", huge),
            kv("g", "nothing here"));
    assertThat(redactor.redactAttributes(in)).isSameAs(in);
  }

  @Test
  void ownCounterAttributesAreNeverRedacted() {
    List<KeyValue> in = List.of(kv(RedactionCounts.ATTRIBUTE_PREFIX + "note", "jane@example.com"));
    assertThat(redactor.redactAttributes(in)).isSameAs(in);
  }
}
