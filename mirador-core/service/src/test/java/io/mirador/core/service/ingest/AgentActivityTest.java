package io.mirador.core.service.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mirador.core.ingest.IngestEvent;
import io.mirador.core.ingest.IngestResult;
import io.mirador.crypto.Signal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentActivityTest {
  @Test
  void acceptedSealedBatchesAreRememberedPerAgentRefusedOnesAreNot() {
    AgentActivity activity = new AgentActivity();
    List<io.mirador.core.service.audit.AuditEntry> audit = new ArrayList<>();
    IngestTelemetry telemetry =
        new IngestTelemetry(new SimpleMeterRegistry(), audit::add, activity);
    telemetry.onEvent(event("agent:host-1", new IngestResult.Stored(10, 0, ""), 7));
    telemetry.onEvent(event("agent:host-1", new IngestResult.Duplicate(), 5));
    telemetry.onEvent(
        event(
            "agent:host-2", new IngestResult.Refused(IngestResult.Refusal.WRONG_REGION, "no"), 3));
    telemetry.onEvent(event("apikey:ci", new IngestResult.Stored(1, 0, ""), -1));

    AgentActivity.LastBatch host1 = activity.last("host-1").orElseThrow();
    assertThat(host1.sequence()).isEqualTo(7);
    assertThat(host1.batches()).isEqualTo(2);
    assertThat(activity.last("host-2")).isEmpty();
    assertThat(activity.last("ci")).isEmpty();
    assertThat(audit).hasSize(1);
  }

  private static IngestEvent event(String actor, IngestResult result, long sequence) {
    return new IngestEvent(
        "sealed", actor, "demo", Optional.of(Signal.TRACES), result, 0, sequence);
  }
}
