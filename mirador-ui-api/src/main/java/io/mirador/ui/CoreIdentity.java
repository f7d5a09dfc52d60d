package io.mirador.ui;

import io.mirador.ui.forward.Upstream;
import io.mirador.ui.forward.UpstreamClient;
import io.mirador.ui.session.Principal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who a bearer token is, as the core says: {@code GET /api/v1/me} with the token. A core that
 * predates /me (404) is asked for the first fallback tenant's services instead: a token it accepts
 * there is taken for the local admin, shown the configured fallback tenants.
 */
@Singleton
final class CoreIdentity {
  /** Why a token was not accepted. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean badToken;

    Refused(boolean badToken, String message) {
      super(message);
      this.badToken = badToken;
    }

    /** True when the core refused the token; false when the core could not be asked. */
    boolean badToken() {
      return badToken;
    }
  }

  /** The longest token sent to the core; the local one is 43 characters, JWTs a few KB. */
  static final int MAX_TOKEN = 16_384;

  private final UpstreamClient upstream;
  private final List<String> fallbackTenants;

  CoreIdentity(UpstreamClient upstream, UiConfig config) {
    this.upstream = upstream;
    this.fallbackTenants = config.fallbackTenants();
  }

  Principal whoIs(String token) throws Refused, InterruptedException {
    if (token == null || token.isBlank() || token.length() > MAX_TOKEN || !printable(token)) {
      throw new Refused(true, "not a token");
    }
    UpstreamClient.Answer me;
    try {
      me = upstream.send(Upstream.CORE, "GET", "me", "", token, null, null);
      if (me.status() == 404) {
        // A core without /me: the local admin token is the only token it accepts in the
        // embedded mode, so a token it accepts for a tenant's services is that admin.
        String tenant = fallbackTenants.isEmpty() ? "demo" : fallbackTenants.getFirst();
        UpstreamClient.Answer services =
            upstream.send(
                Upstream.CORE, "GET", "tenants/" + tenant + "/services", "", token, null, null);
        refuseUnless(services.status());
        return new Principal("local-admin", Set.of(Principal.ADMIN), Set.copyOf(fallbackTenants));
      }
    } catch (UpstreamClient.UpstreamException e) {
      throw new Refused(false, e.getMessage());
    }
    refuseUnless(me.status());
    try {
      JsonObject body = new JsonObject(new String(me.body(), StandardCharsets.UTF_8));
      String subject = body.getString("subject");
      return new Principal(
          subject == null || subject.isBlank() ? "unknown" : subject,
          strings(body.getJsonArray("roles")),
          strings(body.getJsonArray("tenants")));
    } catch (DecodeException | ClassCastException | IllegalArgumentException e) {
      throw new Refused(false, "the core's /api/v1/me answer is not understood");
    }
  }

  private static void refuseUnless(int status) throws Refused {
    if (status == 401 || status == 403) {
      throw new Refused(true, "the core did not accept the token");
    }
    if (status != 200) {
      throw new Refused(false, "the core answered " + status);
    }
  }

  private static Set<String> strings(JsonArray array) {
    Set<String> out = new LinkedHashSet<>();
    if (array != null) {
      for (Object value : array) {
        if (value instanceof String s) {
          out.add(s);
        }
      }
    }
    return out;
  }

  static boolean printable(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }
}
