package io.mirador.core.service.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mirador.store.AuditQuery;
import io.mirador.store.AuditRecord;
import io.mirador.store.AuditStore;
import io.mirador.store.Page;
import io.mirador.store.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoreAuditLogTest {
  private static final AuditEntry ENTRY =
      new AuditEntry(
          Instant.now(),
          "oidc:alice",
          "acme",
          "query.spans.search",
          Map.of("limit", "10"),
          "ok",
          3);

  @Test
  void writesEntriesAsRecords() {
    List<AuditRecord> stored = new ArrayList<>();
    AuditStore store =
        new AuditStore() {
          @Override
          public void append(AuditRecord record) {
            stored.add(record);
          }

          @Override
          public Page<AuditRecord> search(AuditQuery query) {
            return new Page<>(List.of(), Optional.empty());
          }
        };
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new StoreAuditLog(store, registry).record(ENTRY);
    assertThat(stored)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.actor()).isEqualTo("oidc:alice");
              assertThat(r.tenant()).isEqualTo("acme");
              assertThat(r.parameters()).containsEntry("limit", "10");
              assertThat(r.resultCount()).isEqualTo(3);
            });
    assertThat(registry.counter("mirador.audit.written").count()).isEqualTo(1);
  }

  @Test
  void aFailedWriteIsCountedAndNeverThrown() {
    AuditStore broken =
        new AuditStore() {
          @Override
          public void append(AuditRecord record) {
            throw new StoreException("Code: 241. DB::Exception: memory limit exceeded");
          }

          @Override
          public Page<AuditRecord> search(AuditQuery query) {
            throw new UnsupportedOperationException();
          }
        };
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    StoreAuditLog log = new StoreAuditLog(broken, registry);
    assertThatCode(() -> log.record(ENTRY)).doesNotThrowAnyException();
    assertThatCode(() -> log.record(ENTRY)).doesNotThrowAnyException();
    assertThat(registry.counter("mirador.audit.write.failures").count()).isEqualTo(2);
  }
}
