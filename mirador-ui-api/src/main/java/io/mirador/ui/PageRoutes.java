package io.mirador.ui;

import io.mirador.ui.session.Session;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The SPA's pages: {@code /} goes to the findings; a page path serves index.html to a logged-in
 * user, sends anyone else to {@code /login?next=<the page>}, and answers an admin page path with a
 * small 403 page (no SPA) to a non-admin.
 */
@Singleton
final class PageRoutes {
  private final UiSessions sessions;
  private final UiMetrics metrics;

  PageRoutes(UiSessions sessions, UiMetrics metrics) {
    this.sessions = sessions;
    this.metrics = metrics;
  }

  void install(@Observes Router router) {
    router
        .route(HttpMethod.GET, "/")
        .order(-10)
        .handler(rc -> Responses.redirect(rc, 302, Pages.HOME));
    router.routeWithRegex(HttpMethod.GET, Pages.PAGE.pattern()).order(-10).handler(this::page);
  }

  private void page(RoutingContext rc) {
    String path = rc.request().path();
    Optional<Session> session = sessions.current(rc);
    if (session.isEmpty()) {
      String uri = rc.request().uri();
      Responses.redirect(
          rc, 303, "/login?next=" + URLEncoder.encode(Pages.safeNext(uri), StandardCharsets.UTF_8));
      return;
    }
    if (Pages.ADMIN_PAGE.matcher(path).matches() && !session.get().principal().isAdmin()) {
      metrics.refused("admin");
      Responses.html(
          rc,
          403,
          Responses.page(
              "Forbidden",
              "<h1>403 · administrators only</h1><p>This page is for the admin role."
                  + " Your account (<span class=\"user\">"
                  + Responses.escape(session.get().principal().user())
                  + "</span>) does not have it.</p><p><a href=\"/findings\">Back to the"
                  + " findings</a></p>"));
      return;
    }
    Optional<String> index = Pages.index();
    if (index.isEmpty()) {
      Responses.problem(rc, 503, "Service Unavailable", "the UI's assets are not built");
      return;
    }
    Responses.html(rc, 200, index.get());
  }
}
