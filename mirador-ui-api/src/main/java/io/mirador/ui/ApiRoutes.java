package io.mirador.ui;

import io.mirador.ui.forward.AllowList;
import io.mirador.ui.forward.Decision;
import io.mirador.ui.forward.Upstream;
import io.mirador.ui.forward.UpstreamClient;
import io.mirador.ui.session.Principal;
import io.mirador.ui.session.Secrets;
import io.mirador.ui.session.Session;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * The BFF API (contract "BFF API"): the session, logout, and the forwarding of {@code
 * /ui/api/core/**} and {@code /ui/api/rca/**}. Every request needs a session (401); every state
 * change needs {@code X-CSRF-Token} (403); {@link AllowList} decides what is forwarded; the body of
 * {@code POST /rca} may name only a session tenant. Upstream status, content type and body pass
 * through.
 */
@Singleton
final class ApiRoutes {
  static final String CSRF_HEADER = "X-CSRF-Token";
  private static final Logger LOG = Logger.getLogger(ApiRoutes.class);
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD);

  private final UiSessions sessions;
  private final UpstreamClient upstream;
  private final UiMetrics metrics;
  private final int maxRequestBytes;

  ApiRoutes(UiSessions sessions, UpstreamClient upstream, UiMetrics metrics, UiConfig config) {
    this.sessions = sessions;
    this.upstream = upstream;
    this.metrics = metrics;
    this.maxRequestBytes = config.upstream().maxRequestBytes();
  }

  void install(@Observes Router router) {
    router
        .route("/ui/api/*")
        .order(-20)
        .handler(BodyHandler.create(false).setBodyLimit(maxRequestBytes))
        .failureHandler(this::failed);
    router.route(HttpMethod.GET, "/ui/api/session").order(-10).handler(this::session);
    router.route(HttpMethod.POST, "/ui/api/logout").order(-10).handler(this::logout);
    router
        .route("/ui/api/core/*")
        .order(-10)
        .blockingHandler(rc -> forward(rc, Upstream.CORE), false);
    router
        .route("/ui/api/rca/*")
        .order(-10)
        .blockingHandler(rc -> forward(rc, Upstream.RCA), false);
    router
        .route("/ui/api/*")
        .order(-5)
        .handler(
            rc -> {
              metrics.refused("not-allowed");
              Responses.problem(rc, 404, "Not Found", "no such UI API endpoint");
            });
  }

  private void session(RoutingContext rc) {
    Optional<Session> session = authenticated(rc);
    if (session.isEmpty()) {
      return;
    }
    Principal who = session.get().principal();
    Responses.json(
        rc,
        200,
        new JsonObject()
            .put("user", who.user())
            .put("roles", new JsonArray(new TreeSet<>(who.roles()).stream().toList()))
            .put("tenants", new JsonArray(new TreeSet<>(who.tenants()).stream().toList()))
            .put("csrf", session.get().csrf())
            .put("mode", session.get().mode().wireName()));
  }

  private void logout(RoutingContext rc) {
    Optional<Session> session = authenticated(rc);
    if (session.isEmpty() || !csrfOk(rc, session.get())) {
      return;
    }
    sessions.close(rc);
    rc.response().setStatusCode(204).end();
  }

  private void forward(RoutingContext rc, Upstream target) {
    Optional<Session> session = authenticated(rc);
    if (session.isEmpty()) {
      return;
    }
    HttpMethod method = rc.request().method();
    if (!SAFE.contains(method) && !csrfOk(rc, session.get())) {
      return;
    }
    String prefix = target == Upstream.CORE ? "/ui/api/core/" : "/ui/api/rca/";
    String uri = rc.request().uri();
    if (uri == null || !uri.startsWith(prefix)) {
      // An absolute-form request target, or a path the router normalized into this prefix.
      refuse(rc, new Decision.Refuse(400, "Bad Request", "the path must be plain", "malformed"));
      return;
    }
    int q = uri.indexOf('?');
    String rawPath = uri.substring(prefix.length(), q < 0 ? uri.length() : q);
    String rawQuery = q < 0 ? null : uri.substring(q + 1);
    Decision decision =
        AllowList.decide(target, method.name(), rawPath, rawQuery, session.get().principal());
    if (decision instanceof Decision.Refuse refusal) {
      refuse(rc, refusal);
      return;
    }
    Decision.Forward forward = (Decision.Forward) decision;
    byte[] body = null;
    String contentType = null;
    if (!SAFE.contains(method)) {
      Buffer buffer = rc.body() == null ? null : rc.body().buffer();
      if (buffer != null && buffer.length() > 0) {
        contentType = rc.request().getHeader("Content-Type");
        if (contentType == null
            || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
          refuse(
              rc,
              new Decision.Refuse(
                  415, "Unsupported Media Type", "the body must be application/json", "media"));
          return;
        }
        Optional<Decision.Refuse> tenant = bodyTenant(buffer, session.get().principal());
        if (tenant.isPresent()) {
          refuse(rc, tenant.get());
          return;
        }
        body = buffer.getBytes();
        contentType = "application/json";
      }
    }
    try {
      UpstreamClient.Answer answer =
          upstream.send(
              forward.upstream(),
              forward.method(),
              forward.path(),
              forward.query(),
              session.get().bearer(),
              body,
              contentType);
      rc.response()
          .setStatusCode(answer.status())
          .putHeader("Content-Type", answer.contentType())
          .end(Buffer.buffer(answer.body()));
    } catch (UpstreamClient.UpstreamException e) {
      metrics.upstreamFailed(target.name().toLowerCase(Locale.ROOT), e.kind().name());
      LOG.warnf("%s %s%s: %s", method, prefix, rawPath, e.getMessage());
      int status = e.kind() == UpstreamClient.UpstreamException.Kind.TIMEOUT ? 504 : 502;
      Responses.problem(
          rc, status, status == 504 ? "Gateway Timeout" : "Bad Gateway", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Responses.problem(rc, 503, "Service Unavailable", "the ui-api is stopping");
    }
  }

  /** A JSON body's {@code tenant} must be one of the session's (the RCA's {@code POST /rca}). */
  static Optional<Decision.Refuse> bodyTenant(Buffer body, Principal who) {
    Object parsed;
    try {
      parsed = io.vertx.core.json.Json.decodeValue(body);
    } catch (DecodeException e) {
      return Optional.of(
          new Decision.Refuse(400, "Bad Request", "the body is not valid JSON", "malformed"));
    }
    if (!(parsed instanceof JsonObject object)) {
      return Optional.of(
          new Decision.Refuse(400, "Bad Request", "the body must be a JSON object", "malformed"));
    }
    Object tenant = object.getValue("tenant");
    if (tenant == null) {
      return Optional.empty();
    }
    if (!(tenant instanceof String name) || !who.mayRead(name)) {
      return Optional.of(AllowList.tenantRefusal());
    }
    return Optional.empty();
  }

  private Optional<Session> authenticated(RoutingContext rc) {
    Optional<Session> session = sessions.current(rc);
    if (session.isEmpty()) {
      metrics.refused("unauthenticated");
      Responses.problem(
          rc, 401, "Unauthorized", "not signed in (or the session has ended): sign in at /login");
    }
    return session;
  }

  private boolean csrfOk(RoutingContext rc, Session session) {
    if (Secrets.same(session.csrf(), rc.request().getHeader(CSRF_HEADER))) {
      return true;
    }
    metrics.refused("csrf");
    Responses.problem(
        rc,
        403,
        "Forbidden",
        "a state change needs the header " + CSRF_HEADER + " from GET /ui/api/session");
    return false;
  }

  private void refuse(RoutingContext rc, Decision.Refuse refusal) {
    metrics.refused(refusal.reason());
    Responses.problem(rc, refusal.status(), refusal.title(), refusal.detail());
  }

  private void failed(RoutingContext rc) {
    int status = rc.statusCode() == 413 ? 413 : rc.statusCode() >= 400 ? rc.statusCode() : 500;
    if (status == 500) {
      LOG.errorf(
          "UI API request failed: %s",
          rc.failure() == null ? "?" : rc.failure().getClass().getName());
    }
    metrics.refused(status == 413 ? "too-large" : "failed");
    Responses.problem(
        rc,
        status,
        status == 413 ? "Content Too Large" : status == 500 ? "Internal Server Error" : "Error",
        status == 413
            ? "the request body is larger than " + maxRequestBytes + " bytes"
            : "the request could not be handled");
  }
}
