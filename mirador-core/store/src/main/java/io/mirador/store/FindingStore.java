package io.mirador.store;

import java.util.Optional;

/**
 * Where findings live. A finding is written whole each time it changes (opened, updated, closed);
 * reads return its latest version. Every method is scoped to one tenant. Thread-safe.
 */
public interface FindingStore {

  /** Stores {@code finding}, replacing any earlier version with the same tenant and id. */
  void put(StoredFinding finding);

  /** The latest version of a finding; empty when the tenant has no finding with this id. */
  Optional<StoredFinding> get(TenantId tenant, String id);

  /** Findings opened in the query's range, newest first, one (latest) version each. */
  Page<StoredFinding> list(FindingQuery query);

  /** Deletes every finding of {@code tenant}; returns how many findings there were. */
  long eraseTenant(TenantId tenant);
}
