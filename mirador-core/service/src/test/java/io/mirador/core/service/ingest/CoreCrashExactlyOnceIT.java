package io.mirador.core.service.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.StatusRuntimeException;
import io.mirador.core.service.ChildCore;
import io.mirador.crypto.Signal;
import io.mirador.crypto.X25519KeyPair;
import io.mirador.ingest.v1.PushResponse;
import io.mirador.ingest.v1.SealedBatch;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Exactly once across a core that dies between its store write and the replay window (issue 18):
 * the packaged core runs as a child process with the crash point armed ({@code
 * -Dmirador.ingest.crash-point}), halts inside the write of a sealed batch, is started again, and
 * the agent retries the batch. For spans, logs and metrics halted after the store write, and spans
 * halted before it, every item is then stored exactly once (read back through the query API, from
 * the real embedded store), and the retry is answered DUPLICATE. Spans halted after their redo
 * member was written but before the write's manifest were never acknowledged and must not be
 * inserted at start: the retry is answered STORED, and they too are stored once.
 */
class CoreCrashExactlyOnceIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int KILLED = 128 + 9; // the crash point SIGKILLs its own process

  /** A batch the core halted on, and what must be stored of it. */
  private record Halted(
      SealedBatch batch, Signal signal, String key, int items, PushResponse.Result retry) {}

  @Test
  void aBatchWhoseCoreHaltedInsideTheWriteIsStoredOnceAfterTheRetry() throws Exception {
    X25519KeyPair agentKey = X25519KeyPair.generate(RANDOM);
    ChildCore child =
        ChildCore.create("crash-it", "crash", Map.of("crash-agent", agentKey.publicKey()));
    Path dir = child.dir;
    int grpc = child.grpc;
    String metric = "crash.gauge." + HexFormat.of().formatHex(RANDOM.generateSeed(3));

    List<Halted> halted = new ArrayList<>();
    long sequence = 1;
    record Round(String point, Signal signal) {}
    List<Round> rounds =
        List.of(
            new Round("after-store-write", Signal.TRACES),
            new Round("after-store-write", Signal.LOGS),
            new Round("after-store-write", Signal.METRICS),
            new Round("before-store-write", Signal.TRACES),
            new Round("before-manifest", Signal.TRACES));
    for (Round round : rounds) {
      String name = round.point() + "-" + round.signal().name().toLowerCase(java.util.Locale.ROOT);
      Process core = child.start(name, "mirador.ingest.crash-point=" + round.point());
      try (IngestClient agent = new IngestClient(grpc, "crash-agent", agentKey)) {
        IngestClient.CoreKey key =
            IngestClient.publishedKey(dir.resolve("data/keys/core-public.json"));
        String traceId = OtlpData.traceId();
        int items = 1 + RANDOM.nextInt(40);
        byte[] otlp =
            switch (round.signal()) {
              case TRACES -> OtlpData.trace(traceId, "svc", items).toByteArray();
              case LOGS -> {
                items = 1;
                yield OtlpData.logs(traceId, "svc", "payment declined").toByteArray();
              }
              case METRICS -> {
                items = 1;
                yield OtlpData.gauge("svc", metric, 1.5).toByteArray();
              }
              case PROFILES -> throw new IllegalStateException();
            };
        SealedBatch batch = agent.seal(key, "crash", sequence++, round.signal(), otlp);
        assertThatThrownBy(() -> agent.push(batch))
            .as("the core halts inside the write: the push gets no answer")
            .isInstanceOf(StatusRuntimeException.class);
        halted.add(
            new Halted(
                batch,
                round.signal(),
                round.signal() == Signal.METRICS ? metric : traceId,
                items,
                round.point().equals("before-manifest")
                    ? PushResponse.Result.STORED
                    : PushResponse.Result.DUPLICATE));
      } finally {
        assertThat(core.waitFor(60, TimeUnit.SECONDS)).as("the core halted").isTrue();
        assertThat(core.exitValue())
            .as("halted by the crash point; see core-%s.log", name)
            .isEqualTo(KILLED);
      }
      assertThat(Files.readString(child.log(name)))
          .contains("crash point " + round.point() + " reached");
    }

    Process restarted = child.start("final");
    try (IngestClient agent = new IngestClient(grpc, "crash-agent", agentKey)) {
      for (Halted h : halted) {
        assertThat(agent.push(h.batch()).getResult())
            .as("the agent's retry of the %s batch the core halted on", h.signal())
            .isEqualTo(h.retry());
      }
      // A new batch is still stored: the core did not just turn everything away.
      IngestClient.CoreKey key =
          IngestClient.publishedKey(dir.resolve("data/keys/core-public.json"));
      String fresh = OtlpData.traceId();
      assertThat(
              agent
                  .push(
                      agent.seal(
                          key,
                          "crash",
                          sequence,
                          Signal.TRACES,
                          OtlpData.trace(fresh, "svc", 3).toByteArray()))
                  .getResult())
          .isEqualTo(PushResponse.Result.STORED);
      halted.add(new Halted(null, Signal.TRACES, fresh, 3, PushResponse.Result.STORED));

      String token = child.localToken();
      Instant now = Instant.now();
      String window = "from=" + now.minus(Duration.ofHours(1)) + "&to=" + now.plusSeconds(300);
      for (Halted h : halted) {
        switch (h.signal()) {
          case TRACES -> {
            JsonNode spans =
                child.get(token, "/api/v1/tenants/crash/traces/" + h.key()).path("spans");
            Set<String> ids = new HashSet<>();
            spans.forEach(s -> ids.add(s.path("spanId").asText()));
            assertThat(spans.size()).as("spans of trace %s", h.key()).isEqualTo(h.items());
            assertThat(ids).as("distinct span ids of %s", h.key()).hasSize(h.items());
          }
          case LOGS ->
              assertThat(
                      child
                          .get(
                              token, "/api/v1/tenants/crash/logs?traceId=" + h.key() + "&" + window)
                          .path("items")
                          .size())
                  .as("log records of trace %s", h.key())
                  .isEqualTo(h.items());
          case METRICS -> {
            JsonNode series =
                child.get(
                    token,
                    "/api/v1/tenants/crash/metrics/series?type=gauge&agg=sum&step=1d&name="
                        + URLEncoder.encode(h.key(), StandardCharsets.UTF_8)
                        + "&"
                        + window);
            double sum = 0;
            for (JsonNode s : series.path("series")) {
              for (JsonNode p : s.path("points")) {
                sum += p.path("value").asDouble();
              }
            }
            assertThat(sum).as("sum of the one 1.5 gauge point of %s", h.key()).isEqualTo(1.5);
          }
          case PROFILES -> throw new IllegalStateException();
        }
      }
      // Members of finished writes are removed by a cleaner thread, a moment after the answer.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      List<Path> left;
      do {
        try (Stream<Path> files = Files.list(dir.resolve("data/ingest-redo"))) {
          left = files.toList();
        }
      } while (!left.isEmpty() && System.nanoTime() < deadline && sleep(100));
      assertThat(left).as("redo files left after the restarts").isEmpty();
    } finally {
      restarted.destroy();
      assertThat(restarted.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(Files.readString(child.log("after-store-write-logs")))
        .as("the second start redid the first crash's write")
        .contains("redid 1 store writes (1 sealed batches)");
    assertThat(Files.readString(child.log("final")))
        .as("the last start removed the member of the write halted before its manifest")
        .contains("removed 1 redo members that no write named")
        .doesNotContain("redid");
  }

  private static boolean sleep(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return true;
  }
}
