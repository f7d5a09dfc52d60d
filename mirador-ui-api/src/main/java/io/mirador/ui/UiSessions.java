package io.mirador.ui;

import io.mirador.ui.session.Session;
import io.mirador.ui.session.SessionStore;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.Optional;

/** The {@code mirador_session} cookie and the store behind it. */
@Singleton
final class UiSessions {
  static final String COOKIE = "mirador_session";

  private final SessionStore store;
  private final String secureCookie;

  UiSessions(SessionStore store, UiConfig config) {
    this.store = store;
    this.secureCookie = config.session().secureCookie();
  }

  /** The request's live session, if its cookie names one. */
  Optional<Session> current(RoutingContext rc) {
    Cookie cookie = rc.request().getCookie(COOKIE);
    return cookie == null ? Optional.empty() : store.find(cookie.getValue());
  }

  /** Opens {@code session} and sets its cookie on the response (any earlier session ends). */
  void open(RoutingContext rc, Session session) {
    close(rc);
    SessionStore.Opened opened = store.open(session);
    rc.response().addCookie(cookie(rc, opened.id()));
  }

  /** Ends the request's session, if any, and expires the cookie. */
  void close(RoutingContext rc) {
    Cookie cookie = rc.request().getCookie(COOKIE);
    if (cookie != null) {
      store.close(cookie.getValue());
      rc.response().addCookie(cookie(rc, "").setMaxAge(0));
    }
  }

  private Cookie cookie(RoutingContext rc, String value) {
    boolean secure =
        switch (secureCookie) {
          case "true" -> true;
          case "false" -> false;
          default -> rc.request().isSSL();
        };
    return Cookie.cookie(COOKIE, value)
        .setPath("/")
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT)
        .setSecure(secure);
  }
}
