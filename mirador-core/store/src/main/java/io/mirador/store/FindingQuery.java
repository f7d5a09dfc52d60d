package io.mirador.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Findings of one tenant opened in {@code range}, newest first.
 *
 * @param limit the page size, 1 to {@link #MAX_LIMIT}
 * @param cursor the {@code nextCursor} of the previous page
 */
public record FindingQuery(
    TenantId tenant,
    TimeRange range,
    Optional<StoredFinding.Status> status,
    int limit,
    Optional<String> cursor) {
  public static final int MAX_LIMIT = 500;

  public FindingQuery {
    requireNonNull(tenant, "tenant");
    requireNonNull(range, "range");
    requireNonNull(status, "status");
    requireNonNull(cursor, "cursor");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
  }
}
