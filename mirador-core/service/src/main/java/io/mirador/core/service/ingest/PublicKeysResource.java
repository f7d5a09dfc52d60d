package io.mirador.core.service.ingest;

import io.mirador.core.ingest.CoreKeys;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The core's public recipient keys: public, so unauthenticated (README "Agents"). */
@Path("/api/v1/ingest/keys")
@PermitAll
public final class PublicKeysResource {
  private final CoreKeys keys;

  PublicKeysResource(CoreKeys keys) {
    this.keys = keys;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "The core's public X25519 recipient keys and the id of the active one")
  public String keys() {
    return keys.publicKeysJson();
  }
}
