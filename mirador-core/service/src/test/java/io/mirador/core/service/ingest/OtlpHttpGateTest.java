package io.mirador.core.service.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OtlpHttpGateTest {
  @Test
  void admitsAsManyAsTheWorkersThenRefusesAfterTheWaitLimit() {
    OtlpHttpGate gate = new OtlpHttpGate(2, 50);
    assertThat(gate.enter()).isTrue();
    assertThat(gate.enter()).isTrue();
    long t0 = System.nanoTime();
    assertThat(gate.enter()).as("third request while two run").isFalse();
    assertThat(System.nanoTime() - t0).as("waited for the limit first").isGreaterThan(40_000_000L);
    gate.leave();
    assertThat(gate.enter()).as("a permit came back").isTrue();
    assertThat(gate.available()).isZero();
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> new OtlpHttpGate(0, 1000))
        .hasMessageContaining("mirador.ingest.workers");
    assertThatThrownBy(() -> new OtlpHttpGate(16, 0))
        .hasMessageContaining("mirador.ingest.maxQueueWaitMs");
  }
}
