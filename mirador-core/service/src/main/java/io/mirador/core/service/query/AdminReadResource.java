package io.mirador.core.service.query;

import static io.mirador.core.service.query.QueryParams.MAX_SEARCH_RANGE;

import io.mirador.core.config.CoreConfig;
import io.mirador.core.config.TenantConfig;
import io.mirador.core.ingest.AgentRegistry;
import io.mirador.core.ingest.CoreKeys;
import io.mirador.core.service.api.Problem;
import io.mirador.core.service.security.Roles;
import io.mirador.core.service.security.TenantAccess;
import io.mirador.store.AuditQuery;
import io.mirador.store.AuditRecord;
import io.mirador.store.AuditStore;
import io.mirador.store.Page;
import io.mirador.store.TimeRange;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What the admin pages read: the tenants as configured, the core's keys (states and times, never
 * key material) and the batches refused for residency (from the audit trail, where the ingest
 * pipeline records each refusal as {@code ingest.refused.residency}). Admin only; every read is
 * audited; tenants outside the caller's token are left out (or refused, when named).
 */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "admin reads", description = "Tenants, keys, residency refusals (role admin)")
@APIResponse(
    responseCode = "401",
    description = "no valid bearer token",
    content =
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
    responseCode = "403",
    description = "not an admin, or the tenant is outside the caller's token",
    content =
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class AdminReadResource {
  /** The audit action under which the ingest pipeline records a residency refusal. */
  static final String RESIDENCY_ACTION = "ingest.refused.residency";

  /** The most refusals one answer lists (newest first); {@code total} counts up to the scan cap. */
  static final int MAX_REFUSALS = 1000;

  /** The most audit records scanned per tenant to count refusals. */
  static final int MAX_SCANNED = 100_000;

  @Inject CoreConfig config;
  @Inject AgentRegistry agents;
  @Inject CoreKeys keys;
  @Inject AuditStore auditStore;
  @Inject QueryAudit audit;
  @Inject TenantAccess access;

  @Schema(name = "TenantRetention", description = "days kept per signal")
  public record RetentionDto(int traces, int logs, int metrics) {}

  @Schema(name = "TenantPolicy")
  public record PolicyDto(
      @Schema(description = "the tenant's region is this core's: its data is stored here")
          boolean storedHere,
      @Schema(description = "the region this core serves") String coreRegion,
      @Schema(
              description =
                  "file name of the tenant's pii-redaction policy, or null for the built-in safe"
                      + " default",
              nullable = true)
          String redactionPolicy,
      @Schema(description = "names of the API keys of the plain OTLP receivers (no digests)")
          List<String> apiKeys) {}

  @Schema(name = "TenantSummary")
  public record TenantDto(
      String id, String region, RetentionDto retention, int agents, PolicyDto policy) {}

  @Schema(name = "TenantList")
  public record TenantsDto(List<TenantDto> tenants) {}

  @Schema(name = "CoreKey", description = "a key's life; never key material")
  public record KeyDto(
      String keyId,
      @Schema(description = "recipient (agents seal to it) or pseudonymization (per tenant)")
          String purpose,
      @Schema(description = "core, or the tenant of a pseudonymization key") String scope,
      @Schema(description = "pending, active, retiring or retired") String state,
      Instant createdAt,
      @Schema(
              description = "when its successor was created (it stopped being the one in use)",
              nullable = true)
          Instant replacedAt) {}

  @Schema(name = "CoreKeyList")
  public record KeysDto(
      @Schema(description = "the recipient key agents seal to now") String active,
      List<KeyDto> keys) {}

  @Schema(name = "ResidencyRefusal")
  public record RefusalDto(
      Instant at,
      String tenant,
      @Schema(description = "the agent id, or apikey:<name> for the plain OTLP receivers")
          String agent,
      @Schema(description = "the tenant's residency region") String region,
      @Schema(description = "the refusal as the core recorded it") String reason) {}

  @Schema(name = "ResidencyRefusals")
  public record RefusalsDto(
      Instant from,
      Instant to,
      List<RefusalDto> refusals,
      @Schema(description = "refusals in the window (the list shows the newest 1,000)") long total,
      @Schema(description = "where the figures come from") String source) {}

  @GET
  @Path("tenants")
  @Operation(
      summary = "The configured tenants the caller may see: region, retention, agents, policy")
  @APIResponse(responseCode = "200", description = "the tenants, sorted by id")
  public TenantsDto tenants() {
    return audit.record(
        "admin.tenants.list",
        "",
        Map.of(),
        () -> {
          List<TenantDto> out = new ArrayList<>();
          for (TenantConfig t :
              config.tenants().stream()
                  .sorted(Comparator.comparing(t -> t.id().value()))
                  .toList()) {
            if (!visible(t.id().value())) {
              continue;
            }
            out.add(
                new TenantDto(
                    t.id().value(),
                    t.region(),
                    new RetentionDto(
                        t.retention().traceDays(),
                        t.retention().logDays(),
                        t.retention().metricDays()),
                    agents.list(Optional.of(t.id())).size(),
                    new PolicyDto(
                        t.region().equals(config.region()),
                        config.region(),
                        t.redactionPolicy()
                            .map(p -> p.getFileName() == null ? null : p.getFileName().toString())
                            .orElse(null),
                        t.apiKeys().stream().map(TenantConfig.ApiKeyConfig::name).toList())));
          }
          return new TenantsDto(out);
        },
        t -> t.tenants().size());
  }

  @GET
  @Path("keys")
  @Operation(
      summary = "The core's recipient keys and the tenants' pseudonymization keys: states, times",
      description =
          "Ids, purposes, states and times only: no public or secret key material. A"
              + " pseudonymization key is listed when the caller may see its tenant.")
  @APIResponse(responseCode = "200", description = "the keys, oldest first")
  public KeysDto keys() {
    return audit.record(
        "admin.keys.list",
        "",
        Map.of(),
        () ->
            new KeysDto(
                keys.activeKeyId(),
                keys.keyStates().stream()
                    .filter(k -> k.purpose().equals("recipient") || visible(k.scope()))
                    .map(
                        k ->
                            new KeyDto(
                                k.keyId(),
                                k.purpose(),
                                k.scope(),
                                k.state().name().toLowerCase(Locale.ROOT),
                                k.createdAt(),
                                k.replacedAt().orElse(null)))
                    .toList()),
        k -> k.keys().size());
  }

  @GET
  @Path("residency-refusals")
  @Operation(
      summary = "Batches refused because their tenant's region is not this core's",
      description =
          "Read from the audit trail, where every refusal is recorded (action"
              + " ingest.refused.residency) with the agent or API key that sent it. Without"
              + " tenant: every configured tenant the caller may see. Newest first.")
  @APIResponse(responseCode = "200", description = "the refusals of the window")
  @APIResponse(
      responseCode = "400",
      description = "a parameter is malformed",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public RefusalsDto residencyRefusals(
      @Parameter(description = "only this tenant (default: every tenant the caller may see)")
          @QueryParam("tenant")
          String tenant,
      @Parameter(description = "window start (default: 7 days before to)") @QueryParam("from")
          String from,
      @Parameter(description = QueryResource.TO_DOC) @QueryParam("to") String to) {
    Map<String, String> params =
        new QueryAudit.Params().put("tenant", tenant).put("from", from).put("to", to).build();
    String auditedTenant =
        tenant != null && config.tenant(tenant).isPresent() && visible(tenant) ? tenant : "";
    return audit.record(
        "admin.residency.refusals",
        auditedTenant,
        params,
        () -> {
          List<String> tenants;
          if (tenant != null && !tenant.isEmpty()) {
            access.require(tenant);
            tenants = List.of(tenant);
          } else {
            tenants =
                config.tenants().stream().map(t -> t.id().value()).filter(this::visible).toList();
          }
          Instant now = Instant.now();
          String start =
              from == null || from.isBlank()
                  ? (to == null || to.isBlank() ? now : QueryParams.instant(to, "to"))
                      .minus(MAX_SEARCH_RANGE)
                      .toString()
                  : from;
          TimeRange range = QueryParams.range(start, to, FindingResource.MAX_LIST_RANGE, now);
          List<RefusalDto> refusals = new ArrayList<>();
          long total = 0;
          for (String t : tenants) {
            String region = config.tenant(t).map(TenantConfig::region).orElse("");
            Optional<String> cursor = Optional.empty();
            int scanned = 0;
            do {
              Page<AuditRecord> page =
                  auditStore.search(
                      new AuditQuery(
                          t,
                          range,
                          Optional.empty(),
                          Optional.of(RESIDENCY_ACTION),
                          AuditQuery.MAX_LIMIT,
                          cursor));
              for (AuditRecord r : page.items()) {
                total++;
                refusals.add(
                    new RefusalDto(
                        r.time(),
                        r.tenant(),
                        r.actor().startsWith("agent:") ? r.actor().substring(6) : r.actor(),
                        region,
                        r.parameters().getOrDefault("reason", "")));
              }
              scanned += page.items().size();
              cursor = page.nextCursor();
            } while (cursor.isPresent() && scanned < MAX_SCANNED);
          }
          refusals.sort(Comparator.comparing(RefusalDto::at).reversed());
          return new RefusalsDto(
              range.from(),
              range.to(),
              List.copyOf(refusals.subList(0, Math.min(MAX_REFUSALS, refusals.size()))),
              total,
              "audit trail (" + RESIDENCY_ACTION + ")");
        },
        r -> r.total());
  }

  private boolean visible(String tenant) {
    return access.allTenants() || access.tenants().contains(tenant);
  }
}
