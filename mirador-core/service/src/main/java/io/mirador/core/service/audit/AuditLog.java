package io.mirador.core.service.audit;

/**
 * Where every query and admin action, and every refused ingest, is recorded. Implementations are
 * durable (a table in the store) and must not throw into the caller's request path: a failed audit
 * write is counted and logged.
 */
public interface AuditLog {
  void record(AuditEntry entry);
}
