package io.mirador.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A stand-in for the core and the RCA service in the BFF's own tests (BffIT): it answers {@code
 * /api/v1/me} for two known tokens, records every other request, and serves it back on {@code GET
 * /__recorded} (a plain text line per request, so the test reads it over HTTP whatever class loader
 * it runs in). The IT against the real core is CoreBffIT.
 */
public final class FakeUpstream implements QuarkusTestResourceLifecycleManager {
  static final String ADMIN_TOKEN = "admin-token-0123456789";
  static final String VIEWER_TOKEN = "viewer-token-0123456789";

  private HttpServer server;
  private final List<String> recorded = new ArrayList<>();

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(Executors.newFixedThreadPool(4));
      server.createContext("/", this::handle);
      server.start();
      Path dir = Files.createTempDirectory("mirador-ui-bff-it");
      Path token = dir.resolve("local-admin.token");
      Files.writeString(token, ADMIN_TOKEN + "\n");
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      return Map.of(
          "mirador.ui.core-url",
          url,
          "mirador.ui.rca-url",
          url + "/rca-service",
          "mirador.ui.local-token-file",
          token.toString(),
          "mirador.ui.data-dir",
          dir.resolve("ui").toString(),
          "mirador.ui.upstream.max-response-bytes",
          "4096",
          "mirador.ui.upstream.core-timeout",
          "1s");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
    byte[] body = exchange.getRequestBody().readAllBytes();
    if (path.equals("/__recorded")) {
      String text;
      synchronized (recorded) {
        text = String.join("\n", recorded);
      }
      reply(exchange, 200, "text/plain", text);
      return;
    }
    if (path.equals("/api/v1/me")) {
      if (auth.equals("Bearer " + ADMIN_TOKEN)) {
        reply(
            exchange,
            200,
            "application/json",
            "{\"subject\":\"local-admin\",\"roles\":[\"admin\"],\"tenants\":[\"demo\",\"a\"]}");
      } else if (auth.equals("Bearer " + VIEWER_TOKEN)) {
        reply(
            exchange,
            200,
            "application/json",
            "{\"subject\":\"ann\",\"roles\":[\"viewer\"],\"tenants\":[\"a\"]}");
      } else {
        reply(
            exchange,
            401,
            "application/problem+json",
            "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"bad token\"}");
      }
      return;
    }
    synchronized (recorded) {
      recorded.add(
          exchange.getRequestMethod()
              + " "
              + path
              + (query == null ? "" : "?" + query)
              + " auth="
              + auth
              + " body="
              + new String(body, StandardCharsets.UTF_8));
    }
    if (query != null && query.contains("big=1")) {
      reply(exchange, 200, "application/json", "{\"x\":\"" + "y".repeat(10_000) + "\"}");
      return;
    }
    if (query != null && query.contains("slow=1")) {
      try {
        Thread.sleep(3000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reply(exchange, 200, "application/json", "{}");
      return;
    }
    if (query != null && query.contains("missing=1")) {
      reply(
          exchange,
          404,
          "application/problem+json",
          "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"no such trace\"}");
      return;
    }
    if (query != null && query.contains("html=1")) {
      reply(exchange, 200, "text/html", "<script>alert(1)</script>");
      return;
    }
    reply(exchange, 200, "application/json;charset=UTF-8", "{\"path\":\"" + path + "\"}");
  }

  private static void reply(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Set-Cookie", "upstream=leak");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }
}
