package io.mirador.ui;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** How the ui-api answers: RFC 7807 problems, HTML pages, redirects. */
final class Responses {
  static final String PROBLEM_JSON = "application/problem+json";
  static final String JSON = "application/json";
  static final String HTML = "text/html; charset=utf-8";

  private Responses() {}

  /** An {@code application/problem+json} answer; {@code detail} must carry no secret. */
  static void problem(RoutingContext rc, int status, String title, String detail) {
    if (rc.response().ended()) {
      return;
    }
    JsonObject body =
        new JsonObject()
            .put("type", "about:blank")
            .put("title", title)
            .put("status", status)
            .put("detail", detail);
    rc.response().setStatusCode(status).putHeader("Content-Type", PROBLEM_JSON).end(body.encode());
  }

  static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status).putHeader("Content-Type", JSON).end(body.encode());
  }

  static void html(RoutingContext rc, int status, String page) {
    rc.response().setStatusCode(status).putHeader("Content-Type", HTML).end(page);
  }

  /** A redirect to a same-origin {@code location} (a path, validated by the caller). */
  static void redirect(RoutingContext rc, int status, String location) {
    HttpServerResponse response = rc.response();
    response.setStatusCode(status).putHeader("Location", location).end();
  }

  /** Escapes text for HTML element content and double-quoted attribute values. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A minimal page: no script, no inline style (the CSP allows neither). */
  static String page(String title, String bodyHtml) {
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>"
        + escape(title)
        + " · Mirador</title><link rel=\"stylesheet\" href=\"/login.css\"></head>"
        + "<body><main class=\"mirador-plain\">"
        + bodyHtml
        + "</main></body></html>\n";
  }
}
