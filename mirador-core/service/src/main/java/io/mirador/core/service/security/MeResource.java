package io.mirador.core.service.security;

import io.mirador.core.config.CoreConfig;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Who the caller is, as the core sees them: what a UI needs to show the right menus and tenants.
 * The local admin token is {@code local-admin}, role admin, every tenant of this core's region.
 */
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "identity", description = "The caller")
public class MeResource {
  private static final Set<String> MIRADOR_ROLES = Set.of(Roles.VIEWER, Roles.ADMIN, Roles.RCA);

  @Inject SecurityIdentity identity;
  @Inject TenantAccess access;
  @Inject CoreConfig config;

  /** The caller: subject, roles and the tenants they may see, all sorted. */
  @Schema(name = "Me")
  public record MeDto(
      @Schema(description = "the token's subject, or local-admin") String subject,
      @Schema(description = "viewer, rca, admin") List<String> roles,
      @Schema(description = "the tenants the caller may see") List<String> tenants) {}

  @GET
  @Operation(summary = "The caller's subject, roles and tenants")
  @APIResponse(responseCode = "200", description = "the caller")
  @APIResponse(responseCode = "401", description = "no valid bearer token")
  public MeDto me() {
    String subject =
        identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null
            ? jwt.getSubject()
            : identity.getPrincipal().getName();
    List<String> roles =
        identity.getRoles().stream().filter(MIRADOR_ROLES::contains).sorted().toList();
    Collection<String> visible =
        access.allTenants()
            ? config.localTenants().stream().map(t -> t.id().value()).toList()
            : access.tenants();
    List<String> tenants = visible.stream().sorted().toList();
    return new MeDto(subject, roles, tenants);
  }
}
