package io.mirador.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Audit records about one tenant in {@code range}, newest first, optionally of one actor or action.
 *
 * @param tenant a tenant id, or empty for site-wide records
 * @param limit the page size, 1 to {@link #MAX_LIMIT}
 */
public record AuditQuery(
    String tenant,
    TimeRange range,
    Optional<String> actor,
    Optional<String> action,
    int limit,
    Optional<String> cursor) {
  public static final int MAX_LIMIT = 1000;

  public AuditQuery {
    requireNonNull(tenant, "tenant");
    requireNonNull(range, "range");
    requireNonNull(actor, "actor");
    requireNonNull(action, "action");
    requireNonNull(cursor, "cursor");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
  }
}
