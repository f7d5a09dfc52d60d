package io.mirador.core.service.ingest;

import io.mirador.core.config.CoreConfig;
import io.mirador.core.config.TenantConfig;
import io.mirador.core.ingest.AgentRegistry;
import io.mirador.core.ingest.CoreKeys;
import io.mirador.core.service.api.ProblemException;
import io.mirador.core.service.audit.AuditEntry;
import io.mirador.core.service.audit.AuditLog;
import io.mirador.core.service.security.TenantAccess;
import io.mirador.crypto.X25519PublicKey;
import io.mirador.store.TenantId;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Admin API of the ingest side: agent registration and the core's key rotation (role admin). Agents
 * are scoped like every other endpoint: an admin registers and lists agents only of the tenants in
 * their token. The core's key is site-wide, so rotating or retiring it needs an admin who may see
 * every tenant of this core (the local admin token, or a token naming them all).
 */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Tag(name = "ingest admin", description = "Agents and the core's keys (role admin)")
public final class IngestAdminResource {
  private static final Logger LOG = Logger.getLogger(IngestAdminResource.class);

  private final CoreConfig config;
  private final AgentRegistry agents;
  private final CoreKeys keys;
  private final AuditLog audit;
  private final SecurityIdentity identity;
  private final TenantAccess access;
  private final AgentActivity activity;

  IngestAdminResource(
      CoreConfig config,
      AgentRegistry agents,
      CoreKeys keys,
      AuditLog audit,
      SecurityIdentity identity,
      TenantAccess access,
      AgentActivity activity) {
    this.activity = activity;
    this.config = config;
    this.agents = agents;
    this.keys = keys;
    this.audit = audit;
    this.identity = identity;
    this.access = access;
  }

  /** Whether the caller may act for {@code tenant}; a refusal is audited before it is thrown. */
  private void requireTenant(String action, String tenant) {
    if (!access.allTenants() && !access.tenants().contains(tenant)) {
      record(action, "", Map.of(), "denied", 0);
      throw ProblemException.forbidden("the caller may not access this tenant");
    }
  }

  /** Site-wide actions (the core's keys) need every local tenant in the caller's scope. */
  private void requireSiteAdmin(String action) {
    boolean all =
        access.allTenants()
            || config.localTenants().stream()
                .allMatch(t -> access.tenants().contains(t.id().value()));
    if (!all) {
      record(action, "", Map.of(), "denied", 0);
      throw ProblemException.forbidden(
          "the core's keys are site-wide: the caller must be an admin of every tenant of this core");
    }
  }

  /** A registration request. */
  public record AgentRequest(String tenant, String agentId, String publicKey) {}

  /**
   * A registered agent; {@code lastBatchAt}, {@code lastSequence} and {@code batches}: its last
   * accepted sealed batch since the core started (null before the first).
   */
  public record AgentDto(
      String tenant,
      String agentId,
      String publicKey,
      String source,
      Instant lastBatchAt,
      Long lastSequence,
      Long batches) {
    static AgentDto of(AgentRegistry.Agent agent, Optional<AgentActivity.LastBatch> last) {
      return new AgentDto(
          agent.tenant().value(),
          agent.id(),
          Base64.getEncoder().encodeToString(agent.publicKey().bytes()),
          agent.source().name().toLowerCase(java.util.Locale.ROOT),
          last.map(AgentActivity.LastBatch::at).orElse(null),
          last.map(AgentActivity.LastBatch::sequence).orElse(null),
          last.map(AgentActivity.LastBatch::batches).orElse(null));
    }
  }

  @POST
  @Path("agents")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Register an agent's X25519 public key for a tenant of this core's region")
  public Response register(AgentRequest request) {
    if (request == null
        || request.tenant() == null
        || request.agentId() == null
        || request.publicKey() == null) {
      return invalid("agents.register", "", "tenant, agentId and publicKey are required");
    }
    requireTenant("agents.register", request.tenant());
    Optional<TenantConfig> tenant = config.tenant(request.tenant());
    if (tenant.isEmpty() || !tenant.get().region().equals(config.region())) {
      return invalid(
          "agents.register",
          "",
          "tenant is not a configured tenant of this core's region (" + config.region() + ")");
    }
    X25519PublicKey key;
    try {
      key = X25519PublicKey.of(Base64.getDecoder().decode(request.publicKey()));
    } catch (IllegalArgumentException e) {
      return invalid(
          "agents.register",
          request.tenant(),
          "publicKey must be the base64 of a 32-byte X25519 public key");
    }
    AgentRegistry.Registration registration;
    try {
      registration = agents.register(tenant.get().id(), request.agentId(), key);
    } catch (IOException e) {
      LOG.errorf("cannot persist the agent registry: %s", e.getMessage());
      record("agents.register", request.tenant(), Map.of(), "error", -1);
      return problem(500, "Not saved", "the registration could not be persisted", null);
    }
    return switch (registration) {
      case AgentRegistry.Registration.Created c -> {
        record("agents.register", request.tenant(), Map.of("agentId", c.agent().id()), "ok", 1);
        yield Response.status(201)
            .entity(AgentDto.of(c.agent(), activity.last(c.agent().id())))
            .build();
      }
      case AgentRegistry.Registration.Unchanged u -> {
        record("agents.register", request.tenant(), Map.of("agentId", u.agent().id()), "ok", 0);
        yield Response.ok(AgentDto.of(u.agent(), activity.last(u.agent().id()))).build();
      }
      case AgentRegistry.Registration.Refused r -> {
        record(
            "agents.register", request.tenant(), Map.of(), r.conflict() ? "denied" : "invalid", 0);
        yield problem(
            r.conflict() ? 409 : 400, r.conflict() ? "Conflict" : "Bad Request", r.message(), null);
      }
    };
  }

  @GET
  @Path("agents")
  @Operation(summary = "List registered agents, optionally of one tenant")
  public Response list(@QueryParam("tenant") String tenant) {
    Optional<TenantId> filter = Optional.empty();
    if (tenant != null && !tenant.isEmpty()) {
      requireTenant("agents.list", tenant);
      if (!access.configured(tenant)) {
        record("agents.list", "", Map.of(), "not_found", 0);
        return problem(404, "Not Found", TenantAccess.notConfigured(tenant).getMessage(), null);
      }
      filter = Optional.of(TenantId.of(tenant));
    }
    List<AgentDto> out =
        agents.list(filter).stream()
            .filter(a -> access.allTenants() || access.tenants().contains(a.tenant().value()))
            .map(a -> AgentDto.of(a, activity.last(a.id())))
            .toList();
    record("agents.list", filter.map(TenantId::value).orElse(""), Map.of(), "ok", out.size());
    return Response.ok(out).build();
  }

  @POST
  @Path("keys/rotate")
  @Operation(
      summary = "Rotate the core's recipient key",
      description =
          "Publishes a new key, then promotes it; the former key keeps opening batches until"
              + " retired.")
  public Response rotate() {
    requireSiteAdmin("keys.rotate");
    try {
      String id = keys.rotate();
      record("keys.rotate", "", Map.of("keyId", id), "ok", 1);
      return Response.ok(keys.publicKeysJson(), MediaType.APPLICATION_JSON).build();
    } catch (IOException e) {
      LOG.errorf("key rotation failed: %s", e.getMessage());
      record("keys.rotate", "", Map.of(), "error", -1);
      return problem(500, "Not rotated", "the keyring could not be written", null);
    }
  }

  @POST
  @Path("keys/{keyId}/retire")
  @Operation(summary = "Erase a replaced recipient key: batches sealed to it no longer open")
  public Response retire(@PathParam("keyId") String keyId) {
    requireSiteAdmin("keys.retire");
    try {
      CoreKeys.RetireOutcome outcome = keys.retire(keyId);
      return switch (outcome) {
        case RETIRED -> {
          record("keys.retire", "", Map.of("keyId", keyId), "ok", 1);
          yield Response.ok(keys.publicKeysJson(), MediaType.APPLICATION_JSON).build();
        }
        case NOT_FOUND -> {
          record("keys.retire", "", Map.of(), "invalid", 0);
          yield problem(404, "Not Found", "no recipient key with this id", null);
        }
        case ACTIVE_KEY -> {
          record("keys.retire", "", Map.of("keyId", keyId), "invalid", 0);
          yield problem(409, "Conflict", "the ACTIVE key cannot be retired: rotate first", null);
        }
      };
    } catch (IOException e) {
      LOG.errorf("key retirement failed: %s", e.getMessage());
      record("keys.retire", "", Map.of(), "error", -1);
      return problem(500, "Not retired", "the keyring could not be written", null);
    }
  }

  private Response invalid(String action, String tenant, String message) {
    record(action, tenant, Map.of(), "invalid", 0);
    return problem(400, "Bad Request", message, null);
  }

  private void record(
      String action, String tenant, Map<String, String> parameters, String outcome, long count) {
    String actor =
        identity == null || identity.isAnonymous()
            ? "anonymous"
            : identity.getPrincipal().getName();
    audit.record(
        new AuditEntry(
            Instant.now(),
            actor,
            config.tenant(tenant).isPresent() ? tenant : "",
            "admin." + action,
            parameters,
            outcome,
            count));
  }

  /** An RFC 9457 problem details answer. */
  private static Response problem(int status, String title, String detail, String instance) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    return Response.status(status).type("application/problem+json").entity(body).build();
  }
}
