package io.mirador.ui;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.regex.Pattern;

/**
 * Puts the security headers on every response the router writes, pages, assets, API answers,
 * redirects and errors alike: they are set as the headers go out (a headers-end handler of the
 * first route), so no later handler can forget or drop them.
 */
@Singleton
final class SecurityHeaders {
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none';"
          + " frame-ancestors 'none'; form-action 'self'";

  /** esbuild's {@code [name]-[hash]} entry names: the hash is 8 or more base32 characters. */
  private static final Pattern HASHED_ASSET =
      Pattern.compile("/assets/[A-Za-z0-9_.-]+-[A-Z0-9]{8,}\\.(js|css|woff2?|svg|png|map)");

  void install(@Observes Router router) {
    router
        .route()
        .order(Integer.MIN_VALUE)
        .handler(
            rc -> {
              rc.addHeadersEndHandler(v -> apply(rc));
              rc.next();
            });
  }

  static void apply(RoutingContext rc) {
    MultiMap headers = rc.response().headers();
    headers.set("Content-Security-Policy", CSP);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Cross-Origin-Opener-Policy", "same-origin");
    headers.set("Cross-Origin-Resource-Policy", "same-origin");
    String path = rc.request().path();
    boolean immutable =
        rc.response().getStatusCode() == 200
            && path != null
            && HASHED_ASSET.matcher(path).matches();
    headers.set("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-store");
  }
}
