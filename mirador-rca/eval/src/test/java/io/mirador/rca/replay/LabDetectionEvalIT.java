package io.mirador.rca.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.mirador.rca.eval.DetectionEval;
import io.mirador.store.Retention;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TelemetryStores;
import io.mirador.store.TenantId;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lab run directory built here (run.json, cases.jsonl, a store in data/core/clickhouse with 40
 * minutes of a five-service estate whose orders service turns slow and failing from minute 25 to
 * 29), replayed through the detection loop by {@link LabDetectionEval} and scored with the lab's
 * rules.
 */
class LabDetectionEvalIT {
  private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
  private static final TenantId TENANT = TenantId.of("lab");
  private static final int MINUTES = 40;
  private static final int FAULT_FROM = 25;
  private static final int FAULT_TO = 29;
  private static final long MS = 1_000_000L;

  @TempDir Path run;

  @Test
  void aClearFaultIsFoundWithinThreeMinutesOfItsStartAndScoredWithTheLabsRules() throws Exception {
    writeStore(run.resolve("data/core/clickhouse"));
    Instant start = T0.plus(Duration.ofMinutes(FAULT_FROM)).plusSeconds(10);
    Files.writeString(
        run.resolve("run.json"),
        "{\"seed\":7,\"tenant\":\"lab\",\"trafficStart\":\""
            + T0
            + "\",\"end\":\""
            + T0.plus(Duration.ofMinutes(MINUTES))
            + "\"}");
    Files.writeString(
        run.resolve("cases.jsonl"),
        "{\"id\":\"f1\",\"service\":\"orders\",\"type\":\"exception\",\"params\":{},\"start\":\""
            + start
            + "\",\"end\":\""
            + T0.plus(Duration.ofMinutes(FAULT_TO))
            + "\",\"truth\":\"orders\",\"index\":1}\n");

    String out =
        replay(List.of(DetectionEval.Variant.DEFAULT, DetectionEval.Variant.SESSION_9), run, 0);

    assertThat(out).contains("# lab run: tenant=lab seed=7 cases=1");
    String session10 = out.substring(0, out.indexOf("# variant: SESSION_9"));
    String session9 = out.substring(out.indexOf("# variant: SESSION_9"));
    // The default: scored from the sixth minute (5 minutes of data, run at :25), the fault found
    // by its own finding within 3 minutes of its start.
    Matcher c =
        Pattern.compile(
                "case=f1 truth=orders type=exception detected=yes delay_s=(\\d+) rank_in_finding=(\\d+)")
            .matcher(session10);
    assertThat(c.find()).as(out).isTrue();
    assertThat(Long.parseLong(c.group(1))).isBetween(0L, 180L);
    assertThat(Integer.parseInt(c.group(2))).isPositive();
    assertThat(session10)
        .contains("type=exception cases=1 detected=1 detected_within_3_min=1")
        .contains("first_scored_minute_after_s=385 ")
        .containsPattern(
            "all cases=1 detected=1 detected_within_3_min=1 delay_median_s=\\d+ false_findings=0 ")
        .containsPattern("seed=7 shown=1 shown_within_3_min=1\\R");
    // The second figure: a finding that holds the service among its services shows it, so a
    // detected case is shown no later than it is detected.
    Matcher shown =
        Pattern.compile("case=f1 .* shown=yes shown_delay_s=(\\d+) ").matcher(session10);
    assertThat(shown.find()).as(out).isTrue();
    assertThat(Long.parseLong(shown.group(1))).isBetween(0L, Long.parseLong(c.group(1)));
    // Session 9's settings wait for 30 minutes of data (and settle a minute): the loop watches
    // from minute 30 on (run at 32:05), after the fault, whose minutes it then takes as baseline.
    assertThat(session9)
        .contains("case=f1 truth=orders type=exception detected=no")
        .containsPattern("seed=7 shown=[01] shown_within_3_min=[01]\\R")
        .containsPattern("first_scored_minute_after_s=(18\\d\\d|19\\d\\d) ");
  }

  @Test
  void aRunThatDidNotFinishIsRefusedWithTheReason() throws Exception {
    Files.createDirectories(run.resolve("data/core/clickhouse/metadata"));
    Files.writeString(
        run.resolve("run.json"), "{\"seed\":1,\"tenant\":\"lab\",\"trafficStart\":\"" + T0 + "\"}");
    Files.writeString(run.resolve("cases.jsonl"), "");

    String out = replay(List.of(DetectionEval.Variant.DEFAULT), run, 2);

    assertThat(out).contains("not a usable lab run directory").contains("end");
    // The launcher's detection-eval takes a lab run directory to the replay too.
    var bytes = new ByteArrayOutputStream();
    int code = DetectionEvalCommand.run(run, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("not a usable lab run directory");
  }

  @Test
  void aMalformedCaseNamesItsLine() throws Exception {
    Files.createDirectories(run.resolve("data/core/clickhouse/metadata"));
    Files.writeString(
        run.resolve("run.json"),
        "{\"tenant\":\"lab\",\"trafficStart\":\""
            + T0
            + "\",\"end\":\""
            + T0.plus(Duration.ofMinutes(9))
            + "\"}");
    Files.writeString(
        run.resolve("cases.jsonl"),
        "\n{\"id\":\"f1\",\"service\":\"orders\",\"type\":\"no-such-type\",\"start\":\""
            + T0
            + "\",\"end\":\""
            + T0
            + "\"}\n");

    String out = replay(List.of(DetectionEval.Variant.DEFAULT), run, 2);

    assertThat(out).contains("cases.jsonl line 2").contains("no-such-type");
  }

  private static String replay(List<DetectionEval.Variant> variants, Path dir, int expectedCode) {
    var bytes = new ByteArrayOutputStream();
    int code =
        LabDetectionEval.run(dir, variants, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(code).as(out).isEqualTo(expectedCode);
    return out;
  }

  /**
   * Forty minutes of 20 journeys a minute: gateway -> api -> orders -> db and api -> users -> db.
   * During the fault orders takes 300 ms instead of 8 and fails every second request.
   */
  private static void writeStore(Path dir) {
    var random = new SplittableRandom(19);
    Map<String, List<Span>> spans = new HashMap<>();
    for (int m = 0; m < MINUTES; m++) {
      boolean fault = m >= FAULT_FROM && m < FAULT_TO;
      for (int i = 0; i < 20; i++) {
        ByteString trace = id(random, 16);
        long t = T0.plus(Duration.ofMinutes(m)).toEpochMilli() * MS + i * 2_900 * MS;
        Call db = new Call("db", 5, false, List.of());
        Call orders = new Call("orders", fault ? 300 : 8, fault && i % 2 == 0, List.of(db));
        Call users = new Call("users", 4, false, List.of(db));
        Call api = new Call("api", 3, false, List.of(orders, users));
        serve(
            spans,
            random,
            trace,
            ByteString.EMPTY,
            "gateway",
            t,
            new Call("gateway", 2, false, List.of(api)));
      }
    }
    var resources = new ArrayList<ResourceSpans>();
    spans.forEach(
        (service, list) ->
            resources.add(
                ResourceSpans.newBuilder()
                    .setResource(
                        Resource.newBuilder()
                            .addAttributes(
                                KeyValue.newBuilder()
                                    .setKey("service.name")
                                    .setValue(AnyValue.newBuilder().setStringValue(service))))
                    .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(list))
                    .build()));
    try (TelemetryStore store = TelemetryStores.embedded(dir)) {
      store.writeSpans(TENANT, Retention.DEFAULT, resources);
    }
  }

  private record Call(String service, long ownMs, boolean fails, List<Call> calls) {}

  /** A server span for {@code call} with a client span per call it makes; returns its duration. */
  private static long serve(
      Map<String, List<Span>> spans,
      SplittableRandom random,
      ByteString trace,
      ByteString parent,
      String service,
      long start,
      Call call) {
    ByteString self = id(random, 8);
    long t = start + (long) (call.ownMs() * MS * (1 + 0.05 * random.nextDouble()));
    for (Call next : call.calls()) {
      ByteString client = id(random, 8);
      long wire = (long) (MS * (1 + 0.1 * random.nextDouble()));
      long served = serve(spans, random, trace, client, next.service(), t + wire / 2, next);
      spans
          .computeIfAbsent(service, k -> new ArrayList<>())
          .add(
              span(
                  trace,
                  client,
                  self,
                  "call " + next.service(),
                  Span.SpanKind.SPAN_KIND_CLIENT,
                  t,
                  served + wire,
                  false));
      t += served + wire;
    }
    spans
        .computeIfAbsent(service, k -> new ArrayList<>())
        .add(
            span(
                trace,
                self,
                parent,
                "serve",
                Span.SpanKind.SPAN_KIND_SERVER,
                start,
                t - start,
                call.fails()));
    return t - start;
  }

  private static Span span(
      ByteString trace,
      ByteString id,
      ByteString parent,
      String name,
      Span.SpanKind kind,
      long start,
      long duration,
      boolean failed) {
    Span.Builder b =
        Span.newBuilder()
            .setTraceId(trace)
            .setSpanId(id)
            .setParentSpanId(parent)
            .setName(name)
            .setKind(kind)
            .setStartTimeUnixNano(start)
            .setEndTimeUnixNano(start + duration);
    if (failed) {
      b.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
    }
    return b.build();
  }

  private static ByteString id(SplittableRandom random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return ByteString.copyFrom(b);
  }
}
