package io.mirador.ui;

import io.mirador.ui.session.Principal;
import io.mirador.ui.session.Session;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The end of the OIDC authorization-code flow. quarkus-oidc ({@code application-type=web-app})
 * guards {@link #PATH}: it sends the browser to the provider, exchanges the code and verifies the
 * ID and access tokens. Here the verified access token becomes a server-side session: roles and
 * tenants from its {@code mirador_roles} and {@code mirador_tenants} claims (as the core reads
 * them), the token itself kept to be forwarded, and the session ending when the token expires.
 * quarkus-oidc's own session cookie is dropped, so the browser holds only {@code mirador_session}.
 * The answer is a page that moves on by a meta refresh, not a redirect: a SameSite=Strict cookie
 * set at the end of a navigation that began at the provider's site would not be sent on a redirect
 * of that same navigation (RATIONALE.md, "OIDC").
 */
@Singleton
final class OidcLogin {
  static final String PATH = "/login/oidc";
  private static final String QUARKUS_SESSION_COOKIE = "q_session";
  private static final String LOGIN_COOKIE_PATH = "/login";

  private final UiSessions sessions;
  private final UiMetrics metrics;
  private final UiConfig config;

  OidcLogin(UiSessions sessions, UiMetrics metrics, UiConfig config) {
    this.sessions = sessions;
    this.metrics = metrics;
    this.config = config;
  }

  void install(@Observes Router router) {
    if (config.oidc().enabled()) {
      router.route(HttpMethod.GET, PATH).order(-10).handler(this::complete);
    }
  }

  private void complete(RoutingContext rc) {
    if (!(rc.user() instanceof QuarkusHttpUser user) || user.getSecurityIdentity().isAnonymous()) {
      Responses.redirect(rc, 302, "/login");
      return;
    }
    SecurityIdentity identity = user.getSecurityIdentity();
    AccessTokenCredential access = identity.getCredential(AccessTokenCredential.class);
    Optional<JsonObject> claims = access == null ? Optional.empty() : claims(access.getToken());
    if (claims.isEmpty()) {
      metrics.loginFailed("oidc-no-access-token");
      Responses.html(
          rc,
          502,
          Responses.page(
              "Sign-in failed",
              "<h1>Sign-in failed</h1><p>The identity provider gave no JWT access token.</p>"));
      return;
    }
    Set<String> tenants = validTenants(values(claims.get().getValue(config.oidc().tenantsClaim())));
    Set<String> roles = values(claims.get().getValue(config.oidc().rolesClaim()));
    String name = identity.getPrincipal().getName();
    if (tenants.isEmpty()) {
      metrics.loginFailed("oidc-no-tenants");
      Responses.html(
          rc,
          403,
          Responses.page(
              "No tenant",
              "<h1>No tenant</h1><p>Your account has no valid "
                  + Responses.escape(config.oidc().tenantsClaim())
                  + " claim: ask an administrator for access to a tenant.</p>"));
      return;
    }
    Optional<Instant> expires =
        Optional.ofNullable(claims.get().getLong("exp")).map(Instant::ofEpochSecond);
    Principal principal =
        new Principal(name == null || name.isBlank() ? "unknown" : name, roles, tenants);
    sessions.open(rc, Session.open(principal, access.getToken(), Session.Mode.OIDC, expires));
    metrics.loggedIn("oidc");
    // quarkus-oidc's cookies live on /login (quarkus.oidc.authentication.cookie-path).
    rc.response()
        .addCookie(
            Cookie.cookie(QUARKUS_SESSION_COOKIE, "").setPath(LOGIN_COOKIE_PATH).setMaxAge(0));
    rc.response()
        .addCookie(Cookie.cookie(LoginRoutes.NEXT_COOKIE, "").setPath("/login").setMaxAge(0));
    String next = Pages.HOME;
    Cookie wanted = rc.request().getCookie(LoginRoutes.NEXT_COOKIE);
    if (wanted != null) {
      try {
        next = Pages.safeNext(URLDecoder.decode(wanted.getValue(), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        next = Pages.HOME;
      }
    }
    String target = Responses.escape(next);
    rc.response().putHeader("Refresh", "0; url=" + next);
    Responses.html(
        rc,
        200,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta http-equiv=\"refresh\" content=\"0; url="
            + target
            + "\"><title>Signed in · Mirador</title></head><body><p>Signed in. <a href=\""
            + target
            + "\" id=\"continue\">Continue</a></p></body></html>\n");
  }

  /** The payload of a JWT that quarkus-oidc has verified ({@code roles.source=accesstoken}). */
  static Optional<JsonObject> claims(String jwt) {
    String[] parts = jwt == null ? new String[0] : jwt.split("\\.");
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
      return Optional.of(new JsonObject(new String(payload, StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException | DecodeException e) {
      return Optional.empty();
    }
  }

  /** A claim as a set of strings: a JSON array, or one string separated by spaces or commas. */
  static Set<String> values(Object claim) {
    Set<String> out = new LinkedHashSet<>();
    if (claim instanceof JsonArray array) {
      for (Object value : array) {
        if (value instanceof String s && !s.isBlank()) {
          out.add(s);
        }
      }
    } else if (claim instanceof String s) {
      for (String part : s.split("[\\s,]+")) {
        if (!part.isEmpty()) {
          out.add(part);
        }
      }
    }
    return out;
  }

  /** All the tenants when every one is a valid id, else none (as the core decides). */
  static Set<String> validTenants(Set<String> tenants) {
    for (String tenant : tenants) {
      if (!Principal.TENANT.matcher(tenant).matches()) {
        return Set.of();
      }
    }
    return tenants;
  }
}
