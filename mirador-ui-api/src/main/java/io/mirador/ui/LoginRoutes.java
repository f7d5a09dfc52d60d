package io.mirador.ui;

import io.mirador.ui.session.LoginCodes;
import io.mirador.ui.session.LoginThrottle;
import io.mirador.ui.session.Principal;
import io.mirador.ui.session.Session;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code /login}. Embedded mode: {@code GET /login?code=} exchanges the one-time code for a session
 * on the core's local admin token and answers 303 to the findings (the code leaves the address bar
 * and the history); {@code POST /login} takes the admin token from a form. Both are rate-limited
 * per client address and verified by the core's {@code /api/v1/me}. OIDC mode: {@code GET /login}
 * starts the authorization-code flow ({@link OidcLogin}).
 */
@Singleton
final class LoginRoutes {
  static final String NEXT_COOKIE = "mirador_next";
  private static final int MAX_FORM = 8192;

  private final UiSessions sessions;
  private final LoginCodes codes;
  private final LoginThrottle throttle;
  private final CoreIdentity core;
  private final LoginLink link;
  private final UiMetrics metrics;
  private final UiConfig config;

  LoginRoutes(
      UiSessions sessions,
      LoginCodes codes,
      LoginThrottle throttle,
      CoreIdentity core,
      LoginLink link,
      UiMetrics metrics,
      UiConfig config) {
    this.sessions = sessions;
    this.codes = codes;
    this.throttle = throttle;
    this.core = core;
    this.link = link;
    this.metrics = metrics;
    this.config = config;
  }

  void install(@Observes Router router) {
    router.route(HttpMethod.GET, "/login").order(-10).blockingHandler(this::get, false);
    router
        .route(HttpMethod.POST, "/login")
        .order(-10)
        .handler(BodyHandler.create(false).setBodyLimit(MAX_FORM))
        .blockingHandler(this::post, false)
        .failureHandler(
            rc ->
                Responses.html(
                    rc,
                    rc.statusCode() == 413 ? 413 : 400,
                    loginPage("The form could not be read.", Pages.HOME)));
  }

  private void get(RoutingContext rc) {
    String next = Pages.safeNext(rc.request().getParam("next"));
    if (config.oidc().enabled()) {
      rc.response()
          .addCookie(
              Cookie.cookie(NEXT_COOKIE, URLEncoder.encode(next, StandardCharsets.UTF_8))
                  .setPath("/login")
                  .setHttpOnly(true)
                  .setSameSite(CookieSameSite.LAX)
                  .setMaxAge(600)
                  .setSecure(rc.request().isSSL()));
      Responses.redirect(rc, 302, OidcLogin.PATH);
      return;
    }
    String code = rc.request().getParam("code");
    if (code == null) {
      if (sessions.current(rc).isPresent()) {
        Responses.redirect(rc, 303, next);
        return;
      }
      Responses.html(rc, 200, loginPage(null, next));
      return;
    }
    String client = client(rc);
    if (!throttle.allowed(client)) {
      throttled(rc);
      return;
    }
    LoginCodes.Outcome outcome = codes.redeem(code);
    if (outcome != LoginCodes.Outcome.ACCEPTED) {
      throttle.failed(client);
      metrics.loginFailed("code-" + outcome.name().toLowerCase(Locale.ROOT));
      Responses.html(rc, 401, loginPage(codeMessage(outcome), Pages.HOME));
      return;
    }
    Optional<String> token = localToken();
    if (token.isEmpty()) {
      metrics.loginFailed("no-token-file");
      link.renew();
      Responses.html(
          rc,
          503,
          loginPage(
              "The core's admin token file cannot be read: is the core running? A new"
                  + " login link has been written for when it is.",
              Pages.HOME));
      return;
    }
    if (!openSession(rc, client, token.get(), "code", Pages.HOME)) {
      link.renew(); // the code is spent; a refusal by the core is not the operator's fault
    }
  }

  private void post(RoutingContext rc) {
    if (config.oidc().enabled()) {
      Responses.problem(rc, 404, "Not Found", "this Mirador signs in through OIDC: GET /login");
      return;
    }
    if (!sameOrigin(rc)) {
      metrics.refused("origin");
      Responses.html(rc, 403, loginPage("The form came from another site.", Pages.HOME));
      return;
    }
    String type = rc.request().getHeader("Content-Type");
    if (type == null
        || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      Responses.html(rc, 415, loginPage("Send the form as a browser does.", Pages.HOME));
      return;
    }
    String next = Pages.safeNext(rc.request().getFormAttribute("next"));
    String client = client(rc);
    if (!throttle.allowed(client)) {
      throttled(rc);
      return;
    }
    String token = rc.request().getFormAttribute("token");
    if (token == null || token.isBlank()) {
      Responses.html(rc, 400, loginPage("Enter the admin token.", next));
      return;
    }
    openSession(rc, client, token.strip(), "token", next);
  }

  /** Opens a session on {@code token} once the core accepts it; false when it did not. */
  private boolean openSession(
      RoutingContext rc, String client, String token, String how, String next) {
    Principal principal;
    try {
      principal = core.whoIs(token);
    } catch (CoreIdentity.Refused e) {
      if (e.badToken()) {
        throttle.failed(client);
        metrics.loginFailed("bad-token");
        Responses.html(rc, 401, loginPage("The core did not accept this token.", next));
      } else {
        metrics.loginFailed("core-unavailable");
        Responses.html(
            rc, 503, loginPage("The core could not be asked: " + e.getMessage() + ".", next));
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Responses.html(rc, 503, loginPage("Interrupted.", next));
      return false;
    }
    if (principal.tenants().isEmpty()) {
      metrics.loginFailed("no-tenants");
      Responses.html(rc, 403, loginPage("This token may see no tenant.", next));
      return false;
    }
    throttle.succeeded(client);
    metrics.loggedIn(how);
    sessions.open(rc, Session.open(principal, token, Session.Mode.LOCAL, Optional.empty()));
    Responses.redirect(rc, 303, next);
    return true;
  }

  private Optional<String> localToken() {
    Optional<Path> file = config.localTokenFile();
    if (file.isEmpty()) {
      return Optional.empty();
    }
    try {
      String token = Files.readString(file.get(), StandardCharsets.US_ASCII).strip();
      return token.isEmpty() || token.length() > CoreIdentity.MAX_TOKEN
          ? Optional.empty()
          : Optional.of(token);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private void throttled(RoutingContext rc) {
    metrics.loginFailed("throttled");
    rc.response().putHeader("Retry-After", Long.toString(throttle.retryAfterSeconds()));
    Responses.html(
        rc, 429, loginPage("Too many failed sign-ins: wait a minute and try again.", Pages.HOME));
  }

  private String codeMessage(LoginCodes.Outcome outcome) {
    String again =
        link.enabled()
            ? " For a new link run ./mirador login-link (or delete the file ui/login-link in the"
                + " data directory: a new one appears within a second), or sign in with the admin"
                + " token below."
            : " Sign in with the admin token below.";
    return switch (outcome) {
      case USED -> "This login link was already used: each link works once." + again;
      case EXPIRED -> "This login link has expired: links work for 10 minutes." + again;
      default -> "This login link is not valid (mistyped, or replaced by a newer one)." + again;
    };
  }

  /** A POST's Origin (when the browser sends one) must be this server. */
  private static boolean sameOrigin(RoutingContext rc) {
    String origin = rc.request().getHeader("Origin");
    if (origin == null) {
      return true;
    }
    String host = rc.request().getHeader("Host");
    return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
  }

  static String client(RoutingContext rc) {
    return rc.request().remoteAddress() == null
        ? "unknown"
        : rc.request().remoteAddress().hostAddress();
  }

  /** The sign-in page: a message (fixed text, escaped anyway) and the admin-token form. */
  static String loginPage(String message, String next) {
    StringBuilder body = new StringBuilder("<h1>Mirador</h1>");
    if (message != null) {
      body.append("<p class=\"message\" role=\"alert\" id=\"login-message\">")
          .append(Responses.escape(message))
          .append("</p>");
    }
    body.append(
            "<form method=\"post\" action=\"/login\" id=\"login-form\">"
                + "<input type=\"hidden\" name=\"next\" value=\"")
        .append(Responses.escape(next))
        .append(
            "\"><label for=\"token\">Admin token</label>"
                + "<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\""
                + " required autofocus><button type=\"submit\">Sign in</button></form>"
                + "<p class=\"hint\">Use the one-time link that <code>./mirador up</code> gave,"
                + " or the core's admin token (file <code>core/local-admin.token</code> in the"
                + " data directory).</p>");
    return Responses.page("Sign in", body.toString());
  }
}
