package io.mirador.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.store.Retention;
import io.mirador.store.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CoalescingWriterTest {
  private final RecordingStore store = new RecordingStore();

  @Test
  void requestsArrivingTogetherBecomeOneInsertPerTenant() throws Exception {
    try (CoalescingWriter writer = new CoalescingWriter(store, Duration.ofMillis(200), 10_000)) {
      List<CompletableFuture<Void>> done = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        done.add(write(writer, "a", 10));
      }
      done.add(write(writer, "b", 10));
      for (CompletableFuture<Void> f : done) {
        f.get(10, TimeUnit.SECONDS);
      }
    }
    assertThat(store.writes).hasSize(2);
    assertThat(store.rows(TenantId.of("a"))).isEqualTo(50);
    assertThat(store.rows(TenantId.of("b"))).isEqualTo(10);
  }

  @Test
  void aFullInsertIsWrittenWithoutWaitingForTheLinger() throws Exception {
    try (CoalescingWriter writer = new CoalescingWriter(store, Duration.ofSeconds(30), 20)) {
      CompletableFuture<Void> first = write(writer, "a", 10);
      CompletableFuture<Void> second = write(writer, "a", 10);
      first.get(5, TimeUnit.SECONDS);
      second.get(5, TimeUnit.SECONDS);
    }
    assertThat(store.rows(TenantId.of("a"))).isEqualTo(20);
  }

  @Test
  void aFailedInsertFailsEveryRequestInIt() {
    store.failing = true;
    try (CoalescingWriter writer = new CoalescingWriter(store, Duration.ofMillis(100), 10_000)) {
      CompletableFuture<Void> one = write(writer, "a", 10);
      CompletableFuture<Void> two = write(writer, "a", 10);
      assertThatThrownBy(() -> one.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
      assertThatThrownBy(() -> two.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }
    assertThat(store.writes).isEmpty();
  }

  private CompletableFuture<Void> write(CoalescingWriter writer, String tenant, int spans) {
    return writer.write(
        store.encodeSpans(
            TenantId.of(tenant),
            Retention.DEFAULT,
            TestData.traces("svc", spans).getResourceSpansList()));
  }
}
