package io.mirador.store;

/** The durable audit trail: append-only, searchable per tenant. Thread-safe. */
public interface AuditStore {

  /** Appends one record; throws {@link StoreException} when it could not be stored. */
  void append(AuditRecord record);

  Page<AuditRecord> search(AuditQuery query);
}
