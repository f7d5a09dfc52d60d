package io.mirador.core.service.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mirador.store.AuditRecord;
import io.mirador.store.AuditStore;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The {@link AuditLog} on the store's audit table. A failed write is counted ({@code
 * mirador_audit_write_failures_total}) and logged with the action name only, and never thrown into
 * the request that was audited: the audit trail must not become a way to fail queries.
 */
@Singleton
final class StoreAuditLog implements AuditLog {
  private static final Logger LOG = Logger.getLogger(StoreAuditLog.class);

  private final AuditStore store;
  private final Counter failures;
  private final Counter written;

  StoreAuditLog(AuditStore store, MeterRegistry registry) {
    this.store = store;
    this.failures = registry.counter("mirador.audit.write.failures");
    this.written = registry.counter("mirador.audit.written");
  }

  @Override
  public void record(AuditEntry entry) {
    try {
      store.append(
          new AuditRecord(
              entry.time(),
              entry.actor(),
              entry.tenant(),
              entry.action(),
              entry.parameters(),
              entry.outcome(),
              entry.resultCount()));
      written.increment();
    } catch (RuntimeException e) {
      failures.increment();
      LOG.warnf(
          "audit write failed for action %s (%s): %s",
          entry.action(), e.getClass().getSimpleName(), e.getMessage());
    }
  }
}
