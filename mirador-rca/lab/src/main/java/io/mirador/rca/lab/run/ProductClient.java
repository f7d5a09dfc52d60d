package io.mirador.rca.lab.run;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The product as a user meets it over HTTP: the RCA service's detection state, findings and
 * on-demand RCA, and the core's service list (which services have spans stored), all with the
 * core's local admin token.
 */
final class ProductClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration RCA_TIMEOUT = Duration.ofMinutes(3);

  private final Stack stack;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** An answer other than 200: the status and the problem's detail (never a token). */
  static final class ProductException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    ProductException(String call, int status, String detail) {
      super(call + " answered HTTP " + status + (detail.isEmpty() ? "" : ": " + detail));
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  ProductClient(Stack stack) {
    this.stack = requireNonNull(stack, "stack");
  }

  /** {@code GET /api/v1/detection}: the loop's state for the lab's tenant. */
  JsonNode detection() throws IOException, InterruptedException {
    return get(stack.rca(), "/api/v1/detection?tenant=" + enc(stack.tenant()), TIMEOUT);
  }

  /** Every finding opened in [from, to), all pages. */
  List<JsonNode> findings(Instant from, Instant to) throws IOException, InterruptedException {
    List<JsonNode> all = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 100; page++) {
      String path =
          "/api/v1/findings?tenant="
              + enc(stack.tenant())
              + "&from="
              + enc(from.toString())
              + "&to="
              + enc(to.toString())
              + "&limit=500"
              + (cursor == null ? "" : "&cursor=" + enc(cursor));
      JsonNode body = get(stack.rca(), path, TIMEOUT);
      body.path("items").forEach(all::add);
      cursor = body.path("nextCursor").isTextual() ? body.get("nextCursor").asText() : null;
      if (cursor == null) {
        break;
      }
    }
    return all;
  }

  /** {@code POST /api/v1/rca} over [from, to); waits out 429s (Retry-After) up to 10 times. */
  JsonNode rca(Instant from, Instant to) throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("tenant", stack.tenant());
    body.put("from", from.toString());
    body.put("to", to.toString());
    for (int attempt = 0; ; attempt++) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(stack.rca().resolve("/api/v1/rca"))
                  .timeout(RCA_TIMEOUT)
                  .header("Authorization", "Bearer " + stack.token())
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 429 && attempt < 10) {
        long wait = r.headers().firstValueAsLong("Retry-After").orElse(5);
        Thread.sleep(Math.min(60, Math.max(1, wait)) * 1000);
        continue;
      }
      return answer("POST /api/v1/rca", r);
    }
  }

  /** Whether the core has features (any service) for [from, to): its ingest has reached them. */
  boolean hasFeatures(Instant from, Instant to) throws IOException, InterruptedException {
    JsonNode body =
        get(
            stack.core(),
            "/api/v1/tenants/"
                + enc(stack.tenant())
                + "/features?from="
                + enc(from.toString())
                + "&to="
                + enc(to.toString()),
            TIMEOUT);
    return body.path("services").size() > 0;
  }

  /** The services the core stored spans of in [from, to) (at most a day). */
  Set<String> servicesWithSpans(Instant from, Instant to) throws IOException, InterruptedException {
    JsonNode body =
        get(
            stack.core(),
            "/api/v1/tenants/"
                + enc(stack.tenant())
                + "/services?from="
                + enc(from.toString())
                + "&to="
                + enc(to.toString()),
            TIMEOUT);
    Set<String> names = new TreeSet<>();
    for (JsonNode s : body.path("services")) {
      if (s.path("requests").asLong() > 0 && s.path("service").isTextual()) {
        names.add(s.get("service").asText());
      }
    }
    return names;
  }

  private JsonNode get(URI base, String path, Duration timeout)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + stack.token())
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return answer("GET " + path.replaceAll("\\?.*", ""), r);
  }

  private static JsonNode answer(String call, HttpResponse<String> r) throws IOException {
    if (r.statusCode() != 200) {
      String detail = "";
      try {
        detail = JSON.readTree(r.body()).path("detail").asText("");
      } catch (IOException notJson) {
        // no detail
      }
      throw new ProductException(call, r.statusCode(), detail);
    }
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IOException(call + " answered something that is not JSON", e);
    }
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
