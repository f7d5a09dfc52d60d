package io.mirador.rca.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mirador.rca.Finding;
import io.mirador.rca.Incident;
import io.mirador.rca.IncidentEvent;
import io.mirador.rca.TimeWindow;
import io.mirador.rca.online.SourceException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoreFindingSinkTest {
  private final FakeCore core = newCore();
  private final ObjectMapper json =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private final CoreClient client =
      new CoreClient(HttpClient.newHttpClient(), json, core.url(), Duration.ofSeconds(10));

  private static FakeCore newCore() {
    try {
      FakeCore c = new FakeCore();
      c.tokens.put("loop-token", Set.of("acme"));
      return c;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterEach
  void close() {
    core.close();
  }

  private static Incident incident(int minutes) {
    var window = new TimeWindow(FakeCore.minute(240), FakeCore.minute(240 + minutes));
    var finding =
        new Finding(
            new Finding.Symptom("carts-db", "latency_p99", window),
            List.of(new Finding.Cause("carts-db", 12.5, 0.8, List.of(), List.of("carts-db"))));
    return new Incident(
        UUID.nameUUIDFromBytes("acme-240".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        "acme",
        new TreeSet<>(Set.of("carts-db")),
        window,
        finding);
  }

  @Test
  void aCreateWhoseAnswerWasLostIsFoundAgainInsteadOfCreatedTwice() {
    var sink = new CoreFindingSink(client, () -> "loop-token", json);
    core.loseCreateAnswers.set(1);

    assertThatThrownBy(() -> sink.record(new IncidentEvent.Opened(incident(3))))
        .isInstanceOf(SourceException.class)
        .extracting(e -> ((SourceException) e).reason())
        .isEqualTo(SourceException.Reason.UNAVAILABLE);
    assertThat(core.findings).hasSize(1);

    // The loop retries with the incident's latest state.
    sink.record(new IncidentEvent.Opened(incident(4)));
    sink.record(new IncidentEvent.Updated(incident(5)));
    sink.record(
        new IncidentEvent.Closed(
            incident(6), FakeCore.minute(251), IncidentEvent.Resolution.RECOVERED));

    assertThat(core.creates.get()).isEqualTo(1);
    assertThat(core.findings).hasSize(1);
    var stored = core.findings.values().iterator().next();
    assertThat(stored.path("status").asText()).isEqualTo("CLOSED");
    assertThat(stored.path("symptom").path("to").asText())
        .isEqualTo(FakeCore.minute(246).toString());
    assertThat(stored.path("evidence").path("incidentId").asText())
        .isEqualTo(incident(6).id().toString());
    assertThat(stored.path("evidence").path("resolution").asText()).isEqualTo("RECOVERED");
    assertThat(sink.tracked()).isZero();
  }

  @Test
  void aRefusedCreateIsCertainlyNotStoredAndIsCreatedOnTheRetry() {
    var sink = new CoreFindingSink(client, () -> "forged", json);
    assertThatThrownBy(() -> sink.record(new IncidentEvent.Opened(incident(3))))
        .isInstanceOf(SourceException.class)
        .hasMessageNotContaining("forged");
    var retry = new CoreFindingSink(client, () -> "loop-token", json);
    retry.record(new IncidentEvent.Opened(incident(3)));
    assertThat(core.findings).hasSize(1);
    assertThat(core.requestsTo("findings"))
        .containsExactly(
            "POST /api/v1/tenants/acme/findings", "POST /api/v1/tenants/acme/findings");
  }
}
