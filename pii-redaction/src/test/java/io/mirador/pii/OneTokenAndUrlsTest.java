package io.mirador.pii;

import static io.mirador.pii.RedactorTest.kv;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.mirador.crypto.PseudonymizationKey;
import io.mirador.pii.detect.DetectorKind;
import io.mirador.pii.detect.SiteAddresses;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The "one value, one token", "not everything that looks like an address" and URLs. */
class OneTokenAndUrlsTest {
  private static final Pattern TOKEN = Pattern.compile("pii:[0-9a-f]{16}");
  private final Redactor redactor =
      Redactor.create(RedactionPolicy.defaults("acme"), TestKeys.key());

  private static AnyValue strings(String... values) {
    ArrayValue.Builder a = ArrayValue.newBuilder();
    for (String v : values) {
      a.addValues(AnyValue.newBuilder().setStringValue(v));
    }
    return AnyValue.newBuilder().setArrayValue(a).build();
  }

  private static List<String> tokens(String text) {
    Matcher m = TOKEN.matcher(text);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  private static List<KeyValue> attributes() {
    return List.of(
        kv("user.email", "Alice@Example.com"),
        kv("http.request.header.x-user", strings("alice@example.com", "ALICE@EXAMPLE.COM ")),
        kv("url.full", "https://shop.example.com/p?who=alice%40example.com&page=2"),
        kv("http.target", "/p?email=alice%2540example.com"),
        kv("note", "mail alice&#64;example.com or alice\\u0040example.com"));
  }

  /** Every token in the redacted attributes, which must all be the same one. */
  private static List<String> allTokens(List<KeyValue> out) {
    List<String> all = new java.util.ArrayList<>();
    for (KeyValue kv : out) {
      AnyValue v = kv.getValue();
      if (v.hasArrayValue()) {
        v.getArrayValue().getValuesList().forEach(e -> all.addAll(tokens(e.getStringValue())));
      } else {
        all.addAll(tokens(v.getStringValue()));
      }
      assertThat(v.toString()).doesNotContainIgnoringCase("alice");
    }
    return all;
  }

  @Test
  void oneEmailGivesOneTokenInEveryFieldSignalAndEncoding() {
    OtlpRedactor otlp = OtlpRedactor.create(RedactionPolicy.defaults("acme"), TestKeys.key());
    ExportTraceServiceRequest traces =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .addSpans(
                                Span.newBuilder().setName("s").addAllAttributes(attributes()))))
            .build();
    ExportLogsServiceRequest logs =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .addScopeLogs(
                        ScopeLogs.newBuilder()
                            .addLogRecords(LogRecord.newBuilder().addAllAttributes(attributes()))))
            .build();
    ExportMetricsServiceRequest metrics =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .addScopeMetrics(
                        ScopeMetrics.newBuilder()
                            .addMetrics(
                                Metric.newBuilder()
                                    .setName("m")
                                    .setGauge(
                                        Gauge.newBuilder()
                                            .addDataPoints(
                                                NumberDataPoint.newBuilder()
                                                    .addAllAttributes(attributes()))))))
            .build();
    List<String> all = new java.util.ArrayList<>();
    all.addAll(
        allTokens(
            otlp.redact(traces)
                .message()
                .getResourceSpans(0)
                .getScopeSpans(0)
                .getSpans(0)
                .getAttributesList()));
    all.addAll(
        allTokens(
            otlp.redact(logs)
                .message()
                .getResourceLogs(0)
                .getScopeLogs(0)
                .getLogRecords(0)
                .getAttributesList()));
    all.addAll(
        allTokens(
            otlp.redact(metrics)
                .message()
                .getResourceMetrics(0)
                .getScopeMetrics(0)
                .getMetrics(0)
                .getGauge()
                .getDataPoints(0)
                .getAttributesList()));
    // user.email, two header elements, url.full, http.target, two in the note: 7 per signal.
    assertThat(all).hasSize(21).containsOnly(all.get(0));
    assertThat(redactor.redactText("alice@example.com")).isEqualTo(all.get(0));
  }

  @Test
  void anotherTenantsKeyGivesAnotherToken() {
    byte[] bytes = new byte[PseudonymizationKey.KEY_BYTES];
    java.util.Arrays.fill(bytes, (byte) 42);
    Redactor other =
        Redactor.create(
            RedactionPolicy.defaults("other"), PseudonymizationKey.fromBytes("other", bytes));
    String mine = redactor.redactText("alice@example.com");
    assertThat(other.redactText("alice@example.com")).matches(TOKEN).isNotEqualTo(mine);
    assertThat(allTokens(other.redactAttributes(attributes()))).doesNotContain(mine);
  }

  @Test
  void headerArraysKeepTheirShapeAndHashEachElement() {
    List<KeyValue> out =
        redactor.redactAttributes(
            List.of(
                kv("http.request.header.authorization", strings("Bearer abc", "x")),
                kv("user.id", strings("u-1", "", "u-2"))));
    // authorization is masked as a whole (a key rule mask replaces the value).
    assertThat(out.get(0).getValue().getStringValue()).isEqualTo("[REDACTED]");
    List<AnyValue> ids = out.get(1).getValue().getArrayValue().getValuesList();
    assertThat(ids).hasSize(3);
    assertThat(ids.get(0).getStringValue()).matches(TOKEN);
    assertThat(ids.get(1).getStringValue()).isEmpty();
    assertThat(ids.get(2).getStringValue())
        .matches(TOKEN)
        .isNotEqualTo(ids.get(0).getStringValue());
    assertThat(redactor.redactAttributes(out)).isEqualTo(out);
  }

  @Test
  void hashKeyRulesHashMapsNumbersBytesAndKeepTokens() {
    AnyValue map =
        AnyValue.newBuilder()
            .setKvlistValue(
                KeyValueList.newBuilder()
                    .addValues(kv("a", "alice@example.com"))
                    .addValues(kv("b", "")))
            .build();
    AnyValue number = AnyValue.newBuilder().setIntValue(42).build();
    AnyValue bytes =
        AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("alice@example.com")).build();
    AnyValue binary =
        AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {(byte) 0xff})).build();
    AnyValue unset = AnyValue.getDefaultInstance();
    List<KeyValue> out =
        redactor.redactAttributes(
            List.of(
                kv("user.profile", map),
                kv("user.id", number),
                kv("user.name", bytes),
                kv("user.hash", binary),
                kv("user.full_name", unset),
                kv("user.email", "[REDACTED]")));
    String alice = redactor.redactText("alice@example.com");
    KeyValueList hashed = out.get(0).getValue().getKvlistValue();
    assertThat(hashed.getValues(0).getKey()).isEqualTo("a");
    assertThat(hashed.getValues(0).getValue().getStringValue()).isEqualTo(alice);
    assertThat(hashed.getValues(1).getValue().getStringValue()).isEmpty();
    assertThat(out.get(1).getValue().getStringValue()).matches(TOKEN);
    assertThat(out.get(2).getValue().getStringValue()).isEqualTo(alice);
    assertThat(out.get(3).getValue().getStringValue()).matches(TOKEN);
    assertThat(out.get(4).getValue()).isSameAs(unset);
    assertThat(out.get(5).getValue().getStringValue()).isEqualTo("[REDACTED]");
  }

  @Test
  void userAttributesAreHashedButRolesAndUserAgentsStay() {
    List<KeyValue> in =
        List.of(
            kv("enduser.id", "u-123"),
            kv("user.name", "jdoe"),
            kv("user.full_name", "Jane Doe"),
            kv("user.hash", "abc"),
            kv("user.roles", "admin"),
            kv("user_agent.original", "Mozilla/5.0"),
            kv("user.roles", "ops alice@example.com"));
    List<KeyValue> out = redactor.redactAttributes(in);
    for (int i = 0; i < 4; i++) {
      assertThat(out.get(i).getValue().getStringValue()).as(in.get(i).getKey()).matches(TOKEN);
    }
    assertThat(out.get(4)).isSameAs(in.get(4));
    assertThat(out.get(5)).isSameAs(in.get(5));
    assertThat(out.get(6).getValue().getStringValue()).startsWith("ops pii:");
  }

  @Test
  void loopbackIsKeptInUrlsAndServerAddressButClientAddressIsHashed() {
    List<KeyValue> in =
        List.of(
            kv("url.full", "http://127.0.0.1:7002/checkout"),
            kv("server.address", "127.0.0.1"),
            kv("network.peer.address", "::1"),
            kv("client.address", "127.0.0.1"),
            kv("peer", "from 192.0.2.7"));
    List<KeyValue> out = redactor.redactAttributes(in);
    assertThat(out.get(0)).isSameAs(in.get(0));
    assertThat(out.get(1)).isSameAs(in.get(1));
    assertThat(out.get(2)).isSameAs(in.get(2));
    assertThat(out.get(3).getValue().getStringValue()).matches(TOKEN);
    assertThat(out.get(4).getValue().getStringValue()).matches("from " + TOKEN.pattern());
  }

  @Test
  void siteNetworksFromThePolicyAreNotPersonal() {
    RedactionPolicy policy =
        RedactionPolicy.builder("acme")
            .detector(DetectorKind.IP_ADDRESS, Action.HASH)
            .addresses(SiteAddresses.of(List.of("10.20.0.0/16"), true))
            .build();
    Redactor r = Redactor.create(policy, TestKeys.key());
    assertThat(r.redactText("10.20.1.2 -> 10.21.1.2 -> 127.0.0.1"))
        .matches("10\\.20\\.1\\.2 -> " + TOKEN.pattern() + " -> " + TOKEN.pattern());
  }

  @Test
  void queryParametersFollowTheKeyRules() {
    String url =
        "https://shop.example.com/p?email=Alice%40Example.com&password=hunter2&page=2"
            + "&phone=%2B1%20555%20010%200199&user.id=&secret=#frag&email=x";
    String out =
        redactor.redactAttributes(List.of(kv("url.full", url))).get(0).getValue().getStringValue();
    String alice = redactor.redactText("alice@example.com");
    assertThat(out)
        .startsWith(
            "https://shop.example.com/p?email=" + alice + "&password=[REDACTED]&page=2&phone=pii:")
        .endsWith("&user.id=&secret=#frag&email=x");
    assertThat(redactor.redactText(out)).isEqualTo(out);
    // The same phone written another way gives the same token.
    String phone = tokens(out).get(1);
    assertThat(
            redactor
                .redactAttributes(List.of(kv("user.phone", "+15550100199")))
                .get(0)
                .getValue()
                .getStringValue())
        .isEqualTo(phone);
  }

  @Test
  void aUrlQueryValueIsAQueryAsAWhole() {
    List<KeyValue> out =
        redactor.redactAttributes(
            List.of(
                kv("url.query", "card=4111+1111+1111+1111&email=bob%40example.com&q=shoes"),
                kv("other", "email=bob%40example.org&q=shoes"),
                kv("url.path", "/users/email=x")));
    assertThat(out.get(0).getValue().getStringValue())
        .matches("card=\\[REDACTED\\]&email=" + TOKEN.pattern() + "&q=shoes");
    // Not a URL key: only the detectors apply (the e-mail is still found).
    assertThat(out.get(1).getValue().getStringValue())
        .matches("email=" + TOKEN.pattern() + "&q=shoes");
    assertThat(out.get(2).getValue().getStringValue()).isEqualTo("/users/email=x");
  }

  @Test
  void dropRulesMaskAParameterAndLongNamesAreNotMatched() {
    RedactionPolicy policy =
        RedactionPolicy.builder("acme")
            .keyRule("session", Action.DROP)
            .keyRule("*x", Action.HASH)
            .build();
    Redactor r = Redactor.create(policy, TestKeys.key());
    String longName = "a".repeat(Redactor.MAX_PARAMETER_NAME) + "x";
    String okName = "a".repeat(Redactor.MAX_PARAMETER_NAME - 1) + "x";
    assertThat(r.redactText("http://h.example/p?session=abc;" + longName + "=1&" + okName + "=2"))
        .matches(
            "http://h\\.example/p\\?session=\\[REDACTED\\];"
                + longName
                + "=1&"
                + okName
                + "="
                + TOKEN.pattern());
    assertThat(r.redactText("no url ?session=abc")).isEqualTo("no url ?session=abc");
    assertThat(r.redactText("HTTPS://h.example/p?Session=abc")).endsWith("Session=[REDACTED]");
    assertThat(r.redactText("http://h.example/p?=abc&session"))
        .isEqualTo("http://h.example/p?=abc&session");
  }

  @Test
  void pathTokensAreMaskedAndTheUrlStaysReadable() {
    String url = "https://shop.example.com/account/reset/9fK2xQ7mP4vL8sT1wZ3c?lang=en";
    assertThat(
            redactor
                .redactAttributes(List.of(kv("url.full", url)))
                .get(0)
                .getValue()
                .getStringValue())
        .isEqualTo("https://shop.example.com/account/reset/[REDACTED]?lang=en");
    assertThat(redactor.redactText("see /reset/9fK2xQ7mP4vL8sT1wZ3c"))
        .isEqualTo("see /reset/9fK2xQ7mP4vL8sT1wZ3c");
    List<KeyValue> target = List.of(kv("http.target", "/verify/9fK2xQ7mP4vL8sT1wZ3c"));
    assertThat(redactor.redactAttributes(target).get(0).getValue().getStringValue())
        .isEqualTo("/verify/[REDACTED]");
  }

  @Test
  void encodedCardsAndEmailsInUrlsAreRedactedInPlace() {
    assertThat(
            redactor.redactText("https://shop.example.com/pay?card=4111%201111%201111%201111&x=1"))
        .isEqualTo("https://shop.example.com/pay?card=[REDACTED]&x=1");
    assertThat(redactor.redactText("https://shop.example.com/u/carol%40example.com/orders"))
        .matches("https://shop\\.example\\.com/u/" + TOKEN.pattern() + "/orders");
  }

  @Test
  void keyRuleHitsInUrlsAreCountedAsKeyRules() {
    RedactionCounts.Tally tally = new RedactionCounts.Tally();
    String out = redactor.scan("https://h.example/p?user.id=u-1&q=x", false, tally);
    assertThat(out).matches("https://h\\.example/p\\?user\\.id=" + TOKEN.pattern() + "&q=x");
    assertThat(tally.snapshot().keyRule(Action.HASH)).isEqualTo(1);
    assertThat(tally.snapshot().total()).isEqualTo(1);
  }

  @Test
  void aMaskThatLooksLikePiiIsNotFoundAgain() {
    for (String mask : List.of("x@example.com", "<x@example.com>")) {
      RedactionPolicy policy =
          RedactionPolicy.builder("acme")
              .maskText(mask)
              .detector(DetectorKind.CREDIT_CARD, Action.MASK)
              .detector(DetectorKind.EMAIL, Action.MASK)
              .build();
      Redactor r = Redactor.create(policy, TestKeys.key());
      String once = r.redactText("card 4111 1111 1111 1111 and a@example.com.");
      assertThat(once).isEqualTo("card " + mask + " and " + mask + ".");
      RedactionCounts.Tally tally = new RedactionCounts.Tally();
      assertThat(r.scan(once, false, tally)).isSameAs(once);
      assertThat(tally.total).isZero();
    }
  }

  @Test
  void hashRulesMaskWhatIsNestedTooDeep() {
    AnyValue deep = AnyValue.newBuilder().setStringValue("u-1").build();
    for (int i = 0; i <= Redactor.MAX_DEPTH; i++) {
      deep = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(deep)).build();
    }
    AnyValue out = redactor.redactAttributes(List.of(kv("user.id", deep))).get(0).getValue();
    for (int i = 0; i <= Redactor.MAX_DEPTH; i++) {
      out = out.getArrayValue().getValues(0);
    }
    assertThat(out.getStringValue()).isEqualTo("[REDACTED]");
    AnyValue fits = AnyValue.newBuilder().setStringValue("u-1").build();
    for (int i = 0; i < Redactor.MAX_DEPTH; i++) {
      fits = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(fits)).build();
    }
    AnyValue hashed = redactor.redactAttributes(List.of(kv("user.id", fits))).get(0).getValue();
    for (int i = 0; i < Redactor.MAX_DEPTH; i++) {
      hashed = hashed.getArrayValue().getValues(0);
    }
    assertThat(hashed.getStringValue()).matches(TOKEN);
    AnyValue map =
        AnyValue.newBuilder()
            .setKvlistValue(KeyValueList.newBuilder().addValues(kv("k", fits)))
            .build();
    AnyValue inMap = redactor.redactAttributes(List.of(kv("user.id", map))).get(0).getValue();
    inMap = inMap.getKvlistValue().getValues(0).getValue();
    for (int i = 0; i < Redactor.MAX_DEPTH; i++) {
      inMap = inMap.getArrayValue().getValues(0);
    }
    assertThat(inMap.getStringValue()).isEqualTo("[REDACTED]");
  }

  @Test
  void scannedValuesDeeperThanTheLimitAreMasked() {
    AnyValue fits = AnyValue.newBuilder().setStringValue("a@example.com").build();
    for (int i = 0; i < Redactor.MAX_DEPTH; i++) {
      fits = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(fits)).build();
    }
    AnyValue out = redactor.redactAttributes(List.of(kv("note", fits))).get(0).getValue();
    for (int i = 0; i < Redactor.MAX_DEPTH; i++) {
      out = out.getArrayValue().getValues(0);
    }
    assertThat(out.getStringValue()).matches(TOKEN);
    AnyValue deeper =
        AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(fits)).build();
    AnyValue masked = redactor.redactAttributes(List.of(kv("note", deeper))).get(0).getValue();
    for (int i = 0; i <= Redactor.MAX_DEPTH; i++) {
      masked = masked.getArrayValue().getValues(0);
    }
    assertThat(masked.getStringValue()).isEqualTo("[REDACTED]");
  }

  @Test
  void integralDoublesAreScannedAsNumbers() {
    AnyValue card = AnyValue.newBuilder().setDoubleValue(4111111111111111.0).build();
    AnyValue half = AnyValue.newBuilder().setDoubleValue(4111111111111111.5e-3).build();
    AnyValue small = AnyValue.newBuilder().setDoubleValue(99999.0).build();
    AnyValue negative = AnyValue.newBuilder().setDoubleValue(-4111111111111111.0).build();
    AnyValue huge = AnyValue.newBuilder().setDoubleValue(1e19).build();
    List<KeyValue> out =
        redactor.redactAttributes(
            List.of(
                kv("a", card), kv("b", half), kv("c", small), kv("d", negative), kv("e", huge)));
    assertThat(out.get(0).getValue().getStringValue()).isEqualTo("[REDACTED]");
    assertThat(out.get(1).getValue()).isSameAs(half);
    assertThat(out.get(2).getValue()).isSameAs(small);
    assertThat(out.get(3).getValue().getStringValue()).isEqualTo("-[REDACTED]");
    assertThat(out.get(4).getValue()).isSameAs(huge);
  }

  @Test
  void largeByteValuesAreHashedAsBase64() {
    byte[] big = new byte[Redactor.MAX_BYTES_SCANNED + 1];
    java.util.Arrays.fill(big, (byte) 'a');
    byte[] fits = java.util.Arrays.copyOf(big, Redactor.MAX_BYTES_SCANNED);
    List<KeyValue> out =
        redactor.redactAttributes(
            List.of(
                kv(
                    "user.blob",
                    AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(big)).build()),
                kv(
                    "user.text",
                    AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(fits)).build())));
    assertThat(out.get(0).getValue().getStringValue())
        .isEqualTo(redactor.hashText(java.util.Base64.getEncoder().encodeToString(big)));
    assertThat(out.get(1).getValue().getStringValue())
        .isEqualTo(redactor.hashText(new String(fits, java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(redactor.policy().tenant()).isEqualTo("acme");
  }

  @Test
  void keyRuleValuesHashLikeTheSameValueFoundInText() {
    List<KeyValue> out =
        redactor.redactAttributes(
            List.of(
                kv("client.address", "2001:DB8:0:0::7"),
                kv("user.phone", "+1 (555) 010-0199"),
                kv("user.name", "jdoe"),
                kv("user.id", " jdoe "),
                kv("user.email", " Bob%40Example.com ")));
    assertThat(out.get(0).getValue().getStringValue())
        .isEqualTo(redactor.redactText("2001:db8::7"));
    assertThat(out.get(1).getValue().getStringValue())
        .isEqualTo(redactor.redactText("+1 555 010 0199"));
    assertThat(out.get(2).getValue().getStringValue())
        .isEqualTo(out.get(3).getValue().getStringValue())
        .matches(TOKEN);
    assertThat(out.get(4).getValue().getStringValue())
        .isEqualTo(redactor.redactText("bob@example.com"));
  }

  @Test
  void customUrlKeysReplaceTheDefaults() {
    RedactionPolicy policy =
        RedactionPolicy.builder("acme")
            .urlKeys(List.of("my.link"))
            .keyRule("email", Action.HASH)
            .build();
    Redactor r = Redactor.create(policy, TestKeys.key());
    assertThat(policy.urlKeys()).extracting(KeyPattern::pattern).containsExactly("my.link");
    List<KeyValue> out =
        r.redactAttributes(List.of(kv("my.link", "email=x"), kv("url.query", "email=x")));
    assertThat(out.get(0).getValue().getStringValue()).matches("email=" + TOKEN.pattern());
    assertThat(out.get(1).getValue().getStringValue()).isEqualTo("email=x");
  }
}
