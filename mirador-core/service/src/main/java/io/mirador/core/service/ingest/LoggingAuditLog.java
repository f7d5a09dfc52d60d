package io.mirador.core.service.ingest;

import io.mirador.core.service.audit.AuditEntry;
import io.mirador.core.service.audit.AuditLog;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * A fallback {@link AuditLog} that writes entries to the log, used only when no other
 * implementation is present (the durable one lives in {@code io.mirador.core.service.audit}).
 * Entries hold no telemetry values by contract, so logging them is safe.
 */
@Singleton
final class LoggingAuditLog {
  private static final Logger LOG = Logger.getLogger("io.mirador.audit");

  @Produces
  @DefaultBean
  @ApplicationScoped
  AuditLog auditLog() {
    return entry -> log(entry);
  }

  private static void log(AuditEntry e) {
    LOG.infof(
        "audit actor=%s tenant=%s action=%s outcome=%s count=%d parameters=%s",
        e.actor(), e.tenant(), e.action(), e.outcome(), e.resultCount(), e.parameters());
  }
}
