package io.mirador.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.crypto.Signal;
import io.mirador.otlp.OtlpDecoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and mutated OTLP payloads (protobuf, JSON, gzip) through the HTTP handler and the whole
 * pipeline behind it: every request ends with one of the specified statuses, quickly, and the agent
 * still serves afterwards.
 */
class ParserFuzzTest {
  @TempDir Path dir;

  private static final String JSON_SEED =
      "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"x\"}}]},"
          + "\"scopeSpans\":[{\"scope\":{\"name\":\"s\"},\"spans\":[{\"traceId\":\"5b8efff798038103d269b633813fc60c\","
          + "\"spanId\":\"eee19b7ec3c1b174\",\"parentSpanId\":\"eee19b7ec3c1b175\",\"name\":\"a b@example.com\",\"kind\":2,"
          + "\"startTimeUnixNano\":\"1544712660000000000\",\"endTimeUnixNano\":\"1544712661000000000\","
          + "\"attributes\":[{\"key\":\"k\",\"value\":{\"arrayValue\":{\"values\":[{\"intValue\":\"5\"},"
          + "{\"kvlistValue\":{\"values\":[{\"key\":\"n\",\"value\":{\"doubleValue\":1.5}}]}}]}}}],"
          + "\"events\":[{\"name\":\"e\",\"timeUnixNano\":\"1\"}],\"status\":{\"code\":2,\"message\":\"m\"}}]}]}]}";

  private static byte[] mutate(byte[] seed, Random r) {
    byte[] b = seed.clone();
    int edits = 1 + r.nextInt(8);
    for (int i = 0; i < edits && b.length > 0; i++) {
      switch (r.nextInt(5)) {
        case 0 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        case 1 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        case 2 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
        case 3 -> {
          int at = r.nextInt(b.length);
          int len = Math.min(b.length - at, 1 + r.nextInt(32));
          byte[] grown = new byte[b.length + len];
          System.arraycopy(b, 0, grown, 0, at + len);
          System.arraycopy(b, at, grown, at + len, b.length - at);
          b = grown;
        }
        default -> {
          int at = r.nextInt(b.length);
          b[at] = (byte) "{}[]\":,0x\\".charAt(r.nextInt(10));
        }
      }
    }
    return b;
  }

  private static byte[] gzip(byte[] b) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(b);
    }
    return out.toByteArray();
  }

  @Test
  void randomAndMutatedPayloadsNeverCrashOrHang() throws Exception {
    try (FakeCore core = new FakeCore(0);
        Agent agent =
            Agent.start(
                TestAgents.config(
                    dir,
                    core,
                    Map.of(
                        "MIRADOR_AGENT_RECEIVERS_MAXREQUESTBYTES", "262144",
                        "MIRADOR_AGENT_BATCH_MAXDELAYMILLIS", "2")))) {
      OtlpHttpHandler http = agent.http();
      Random r = new Random(20261121L);
      byte[] protoSeed = Fixtures.traces(new Random(9), 20).toByteArray();
      byte[] jsonSeed = JSON_SEED.getBytes(StandardCharsets.UTF_8);
      Signal[] signals = {Signal.TRACES, Signal.METRICS, Signal.LOGS};
      int[] byStatus = new int[600];
      for (int i = 0; i < 3000; i++) {
        Signal signal = signals[r.nextInt(3)];
        boolean json = r.nextBoolean();
        byte[] body =
            switch (r.nextInt(4)) {
              case 0 -> Fixtures.bytes(r, r.nextInt(2048));
              case 1, 2 -> mutate(json ? jsonSeed : protoSeed, r);
              default -> json ? jsonSeed : protoSeed;
            };
        String encoding = null;
        if (r.nextInt(5) == 0) {
          byte[] gz = gzip(body);
          body = r.nextBoolean() ? gz : mutate(gz, r);
          encoding = "gzip";
        }
        // No request hangs: get() fails after 10 s (a wall-time bound tighter than that is the
        // machine's load, not the parser's).
        OtlpHttpHandler.Response resp =
            http.handle(
                    signal, json ? "application/json" : "application/x-protobuf", encoding, body)
                .get(10, TimeUnit.SECONDS);
        // 429 is the agent shedding load (its heap guard, on a loaded machine), never a parse
        // outcome: allowed, with its retry hint.
        assertThat(resp.status()).isIn(200, 400, 413, 429);
        if (resp.status() == 429) {
          assertThat(resp.retryAfterSeconds()).isPositive();
        }
        byStatus[resp.status()]++;
      }
      assertThat(byStatus[200]).isGreaterThan(250);
      assertThat(byStatus[400]).isGreaterThan(500);
      // Also straight through the decoder, without the pipeline: random bytes of every size.
      for (int i = 0; i < 10000; i++) {
        Signal signal = signals[r.nextInt(3)];
        byte[] body = i % 2 == 0 ? Fixtures.bytes(r, r.nextInt(512)) : mutate(protoSeed, r);
        OtlpCodec.decode(signal, body, OtlpDecoder.Format.PROTOBUF);
        OtlpCodec.decode(signal, mutate(jsonSeed, r), OtlpDecoder.Format.JSON);
      }
      // Deep nesting: bounded, refused, no StackOverflowError escapes.
      String deep = "{\"resourceSpans\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
      assertThat(
              OtlpCodec.decode(
                  Signal.TRACES, deep.getBytes(StandardCharsets.UTF_8), OtlpDecoder.Format.JSON))
          .isInstanceOf(OtlpCodec.Decoded.Bad.class);
      assertThat(
              http.handle(Signal.TRACES, "application/x-protobuf", null, protoSeed)
                  .get(10, TimeUnit.SECONDS)
                  .status())
          .isEqualTo(200);
    }
  }
}
