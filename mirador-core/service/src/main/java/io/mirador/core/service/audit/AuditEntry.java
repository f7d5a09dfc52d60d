package io.mirador.core.service.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * One audited action. Parameters name what was asked (tenant, time range, service, limit, cursor
 * presence), never telemetry values: no attribute values, no log bodies, no search text.
 *
 * @param actor who: the token subject, {@code agent:<id>}, {@code apikey:<name>} or {@code
 *     local-admin}
 * @param tenant the tenant acted on, or empty for site-wide actions
 * @param action a stable name such as {@code query.traces.search} or {@code
 *     ingest.refused.residency}
 * @param outcome {@code ok}, {@code denied}, {@code invalid} or {@code error}
 * @param resultCount rows returned or affected; -1 when not applicable
 */
public record AuditEntry(
    Instant time,
    String actor,
    String tenant,
    String action,
    Map<String, String> parameters,
    String outcome,
    long resultCount) {
  public AuditEntry {
    requireNonNull(time, "time");
    requireNonNull(actor, "actor");
    requireNonNull(tenant, "tenant");
    requireNonNull(action, "action");
    parameters = Map.copyOf(requireNonNull(parameters, "parameters"));
    requireNonNull(outcome, "outcome");
  }
}
