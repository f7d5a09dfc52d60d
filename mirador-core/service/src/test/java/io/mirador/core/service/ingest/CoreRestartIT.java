package io.mirador.core.service.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mirador.core.service.ChildCore;
import io.mirador.crypto.Signal;
import io.mirador.crypto.X25519KeyPair;
import io.mirador.ingest.v1.PushResponse;
import io.mirador.ingest.v1.SealedBatch;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The built core as a child process ({@code java -jar quarkus-run.jar}): batches acknowledged
 * before a SIGKILL are all present after a restart, exactly once, and their retries are answered
 * DUPLICATE by the restarted core, which serves every acknowledged trace and log back through its
 * query API (read from the real embedded store).
 */
class CoreRestartIT {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void acknowledgedBatchesSurviveASigkill() throws Exception {
    X25519KeyPair agentKey = X25519KeyPair.generate(RANDOM);
    ChildCore child =
        ChildCore.create("restart-it", "restart", Map.of("restart-agent", agentKey.publicKey()));

    Map<String, Integer> acknowledgedTraces = new LinkedHashMap<>();
    List<String> acknowledgedLogs = new ArrayList<>();
    List<SealedBatch> sent = new ArrayList<>();

    Process core = child.start("first");
    try (IngestClient agent = new IngestClient(child.grpc, "restart-agent", agentKey)) {
      IngestClient.CoreKey key =
          IngestClient.publishedKey(child.dir.resolve("data/keys/core-public.json"));
      long sequence = 1;
      for (int i = 0; i < 30; i++) {
        String traceId = OtlpData.traceId();
        int spans = 1 + RANDOM.nextInt(40);
        SealedBatch batch =
            agent.seal(
                key,
                "restart",
                sequence++,
                Signal.TRACES,
                OtlpData.trace(traceId, "svc-" + (i % 3), spans).toByteArray());
        assertThat(agent.push(batch).getResult()).isEqualTo(PushResponse.Result.STORED);
        acknowledgedTraces.put(traceId, spans);
        sent.add(batch);
        if (i % 5 == 0) {
          String logTrace = OtlpData.traceId();
          SealedBatch logs =
              agent.seal(
                  key,
                  "restart",
                  sequence++,
                  Signal.LOGS,
                  OtlpData.logs(logTrace, "svc", "checkout failed").toByteArray());
          assertThat(agent.push(logs).getResult()).isEqualTo(PushResponse.Result.STORED);
          acknowledgedLogs.add(logTrace);
          sent.add(logs);
        }
      }
    } finally {
      core.destroyForcibly(); // SIGKILL: no shutdown hook, no flush at exit
      core.waitFor(30, TimeUnit.SECONDS);
    }

    Process restarted = child.start("second");
    try (IngestClient agent = new IngestClient(child.grpc, "restart-agent", agentKey)) {
      for (SealedBatch batch : sent) {
        assertThat(agent.push(batch).getResult())
            .as("a retry of an acknowledged batch after the restart")
            .isEqualTo(PushResponse.Result.DUPLICATE);
      }
      // Read back through the restarted core's query API (this JVM may not open a second store).
      String token = child.localToken();
      for (Map.Entry<String, Integer> trace : acknowledgedTraces.entrySet()) {
        JsonNode body = child.get(token, "/api/v1/tenants/restart/traces/" + trace.getKey());
        assertThat(body.path("spans").size())
            .as("trace %s", trace.getKey())
            .isEqualTo(trace.getValue());
      }
      Instant now = Instant.now();
      for (String logTrace : acknowledgedLogs) {
        JsonNode page =
            child.get(
                token,
                "/api/v1/tenants/restart/logs?traceId="
                    + logTrace
                    + "&from="
                    + now.minus(Duration.ofHours(1))
                    + "&to="
                    + now.plusSeconds(60));
        assertThat(page.path("items").size()).as("logs of %s", logTrace).isEqualTo(1);
      }
    } finally {
      restarted.destroy();
      assertThat(restarted.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
  }
}
