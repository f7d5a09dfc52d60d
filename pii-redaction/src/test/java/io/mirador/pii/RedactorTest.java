package io.mirador.pii;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.pii.detect.DetectorKind;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
  private final Redactor redactor =
      Redactor.create(RedactionPolicy.defaults("acme"), TestKeys.key());

  static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  @Test
  void textWithoutPiiIsReturnedAsTheSameInstance() {
    String text = "GET /api/v1/orders/1234 200 in 12 ms";
    assertThat(redactor.redactText(text)).isSameAs(text);
  }

  @Test
  void masksAndHashesPerDetector() {
    String out =
        redactor.redactText("card 4111 1111 1111 1111 for jane@example.com from 192.0.2.7");
    assertThat(out).startsWith("card [REDACTED] for pii:").doesNotContain("jane@example.com");
    assertThat(out).doesNotContain("192.0.2.7").matches(".*from pii:[0-9a-f]{16}$");
  }

  @Test
  void urlUserinfoIsMaskedAndTheHostKept() {
    assertThat(
            redactor.redactText("GET https://bob:hunter2@api.example.com/v1?token=abc123&page=2"))
        .isEqualTo("GET https://[REDACTED]@api.example.com/v1?token=[REDACTED]&page=2");
  }

  @Test
  void hashIsDeterministicPerTenantKey() {
    String a = redactor.redactText("jane@example.com");
    String b = redactor.redactText("jane@example.com");
    String c = redactor.redactText("john@example.com");
    assertThat(a).isEqualTo(b).isNotEqualTo(c).matches("pii:[0-9a-f]{16}");
  }

  @Test
  void sqlStatementsBecomeParameterised() {
    List<KeyValue> out =
        redactor.redactAttributes(
            List.of(
                kv(
                    "db.statement",
                    "SELECT * FROM users WHERE email = 'a@example.com' AND id = 42")));
    assertThat(out.get(0).getValue().getStringValue())
        .isEqualTo("SELECT * FROM users WHERE email = ? AND id = ?");
  }

  @Test
  void keyRulesMaskHashAndDrop() {
    RedactionPolicy policy =
        RedactionPolicy.builder("acme")
            .keyRule("http.request.header.authorization", Action.MASK)
            .keyRule("user.id", Action.HASH)
            .keyRule("*.password", Action.DROP)
            .build();
    Redactor r = Redactor.create(policy, TestKeys.key());
    List<KeyValue> out =
        r.redactAttributes(
            List.of(
                kv("http.request.header.Authorization", "Bearer whatever"),
                kv("user.id", "u-123"),
                kv("db.password", "hunter2"),
                kv("http.route", "/orders")));
    assertThat(out).hasSize(3);
    assertThat(out.get(0).getValue().getStringValue()).isEqualTo("[REDACTED]");
    assertThat(out.get(1).getValue().getStringValue()).matches("pii:[0-9a-f]{16}");
    assertThat(out.get(2).getValue().getStringValue()).isEqualTo("/orders");
  }

  @Test
  void allowListKeepsOnlyListedAndIgnoredKeys() {
    RedactionPolicy policy =
        RedactionPolicy.builder("acme")
            .mode(PolicyMode.ALLOW_LIST)
            .keyRule("http.*", Action.KEEP)
            .ignoreKey("service.name")
            .detector(DetectorKind.EMAIL, Action.MASK)
            .build();
    Redactor r = Redactor.create(policy, TestKeys.key());
    List<KeyValue> out =
        r.redactAttributes(
            List.of(
                kv("service.name", "checkout"),
                kv("http.url", "https://shop.example.com/?m=a@example.com"),
                kv("customer.note", "anything")));
    assertThat(out).extracting(KeyValue::getKey).containsExactly("service.name", "http.url");
    assertThat(out.get(1).getValue().getStringValue())
        .isEqualTo("https://shop.example.com/?m=[REDACTED]");
  }

  @Test
  void ignoredKeysAreNeverScanned() {
    RedactionPolicy policy =
        RedactionPolicy.builder("acme")
            .ignoreKey("test.fixture")
            .detector(DetectorKind.EMAIL, Action.MASK)
            .build();
    Redactor r = Redactor.create(policy, TestKeys.key());
    List<KeyValue> in = List.of(kv("test.fixture", "a@example.com"));
    assertThat(r.redactAttributes(in)).isSameAs(in);
  }

  @Test
  void dropActionOnADetectorRemovesTheAttribute() {
    RedactionPolicy policy =
        RedactionPolicy.builder("acme").detector(DetectorKind.CREDIT_CARD, Action.DROP).build();
    Redactor r = Redactor.create(policy, TestKeys.key());
    assertThat(r.redactAttributes(List.of(kv("note", "pay 4111111111111111"), kv("x", "y"))))
        .extracting(KeyValue::getKey)
        .containsExactly("x");
    assertThat(r.redactText("pay 4111111111111111")).isEqualTo("[REDACTED]");
  }

  @Test
  void keepActionCountsButLeavesTheValue() {
    RedactionPolicy policy =
        RedactionPolicy.builder("acme").detector(DetectorKind.IP_ADDRESS, Action.KEEP).build();
    Redactor r = Redactor.create(policy, TestKeys.key());
    RedactionCounts.Tally tally = new RedactionCounts.Tally();
    String text = "from 192.0.2.1";
    assertThat(r.scan(text, false, tally)).isSameAs(text);
    assertThat(tally.snapshot().get(DetectorKind.IP_ADDRESS, Action.KEEP)).isEqualTo(1);
  }

  @Test
  void numbersAndBytesThatHoldPiiAreRedacted() {
    AnyValue card = AnyValue.newBuilder().setIntValue(4111111111111111L).build();
    AnyValue small = AnyValue.newBuilder().setIntValue(200).build();
    AnyValue bytes =
        AnyValue.newBuilder()
            .setBytesValue(com.google.protobuf.ByteString.copyFromUtf8("to jane@example.com"))
            .build();
    AnyValue binary =
        AnyValue.newBuilder()
            .setBytesValue(com.google.protobuf.ByteString.copyFrom(new byte[] {(byte) 0xff, 0}))
            .build();
    List<KeyValue> out =
        redactor.redactAttributes(
            List.of(kv("n", card), kv("s", small), kv("b", bytes), kv("raw", binary)));
    assertThat(out.get(0).getValue().getStringValue()).isEqualTo("[REDACTED]");
    assertThat(out.get(1).getValue()).isSameAs(small);
    assertThat(out.get(2).getValue().getBytesValue().toStringUtf8()).matches("to pii:[0-9a-f]{16}");
    assertThat(out.get(3).getValue()).isSameAs(binary);
  }

  @Test
  void nestedMapsAndArraysAreWalkedWithKeyRules() {
    AnyValue nested =
        AnyValue.newBuilder()
            .setKvlistValue(
                KeyValueList.newBuilder()
                    .addValues(kv("password", "hunter2"))
                    .addValues(
                        kv(
                            "emails",
                            AnyValue.newBuilder()
                                .setArrayValue(
                                    ArrayValue.newBuilder()
                                        .addValues(
                                            AnyValue.newBuilder().setStringValue("a@example.com"))
                                        .addValues(AnyValue.newBuilder().setStringValue("ok")))
                                .build())))
            .build();
    List<KeyValue> out = redactor.redactAttributes(List.of(kv("body", nested)));
    KeyValueList list = out.get(0).getValue().getKvlistValue();
    assertThat(list.getValues(0).getValue().getStringValue()).isEqualTo("[REDACTED]");
    // "emails" matches *email*: the default key rule hashes each element, keeping the array.
    ArrayValue emails = list.getValues(1).getValue().getArrayValue();
    assertThat(emails.getValuesCount()).isEqualTo(2);
    assertThat(emails.getValues(0).getStringValue())
        .isEqualTo(redactor.redactText("a@example.com"));
    assertThat(emails.getValues(1).getStringValue())
        .matches("pii:[0-9a-f]{16}")
        .isNotEqualTo(emails.getValues(0).getStringValue());
  }

  @Test
  void deepNestingIsMaskedNotWalkedForever() {
    AnyValue v = AnyValue.newBuilder().setStringValue("x").build();
    for (int i = 0; i < Redactor.MAX_DEPTH + 5; i++) {
      v = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(v)).build();
    }
    List<KeyValue> out = redactor.redactAttributes(List.of(kv("deep", v)));
    assertThat(out).hasSize(1);
  }

  @Test
  void shortValuesNeverAppearInTheirToken() {
    Tokenizer t = new Tokenizer(TestKeys.key(), "pii:", 16, "[REDACTED]");
    for (String s : new String[] {"a", "1", "p", "pii", "pii:", "ab", "00", "f0f", "i:"}) {
      assertThat(t.token(s)).doesNotContain(s);
    }
  }
}
