package io.mirador.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * One audited action as the store keeps it. The store takes what it is given; callers make sure
 * that parameters name what was asked and carry no telemetry values.
 *
 * @param tenant the tenant acted on, or empty for site-wide actions
 * @param resultCount rows returned or affected; -1 when not applicable
 */
public record AuditRecord(
    Instant time,
    String actor,
    String tenant,
    String action,
    Map<String, String> parameters,
    String outcome,
    long resultCount) {
  public AuditRecord {
    requireNonNull(time, "time");
    requireNonNull(actor, "actor");
    requireNonNull(tenant, "tenant");
    requireNonNull(action, "action");
    parameters = Map.copyOf(requireNonNull(parameters, "parameters"));
    requireNonNull(outcome, "outcome");
  }
}
