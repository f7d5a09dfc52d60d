package io.mirador.rca.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process stand-in for the core's query API ({@code /api/v1/tenants/{tenant}/...}, the paths
 * and bodies of mirador-core/service's QueryResource and FindingResource): a seeded shop (front-end
 * -> carts -> carts-db, front-end -> catalogue) whose carts-db fails in [faultFrom, faultTo);
 * tokens map to the tenants they may see.
 */
final class FakeCore implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
  static final List<String> SERVICES = List.of("front-end", "carts", "carts-db", "catalogue");

  final Map<String, Set<String>> tokens = new HashMap<>();
  final Map<String, ObjectNode> findings = new LinkedHashMap<>();
  final List<String> requests = new CopyOnWriteArrayList<>();
  final AtomicInteger creates = new AtomicInteger();

  /** The next this many creates are stored but answered 503, as if the answer were lost. */
  final AtomicInteger loseCreateAnswers = new AtomicInteger();

  volatile Instant faultFrom = T0.plus(Duration.ofMinutes(240));
  volatile Instant faultTo = T0.plus(Duration.ofMinutes(252));
  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;

  FakeCore() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v1/tenants/", this::handle);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  static Instant minute(int m) {
    return T0.plus(Duration.ofMinutes(m));
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      requests.add(ex.getRequestMethod() + " " + path);
      String[] parts = path.split("/");
      // ["", "api", "v1", "tenants", tenant, resource, id?]
      String tenant = parts[4];
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
      if (token == null || !tokens.containsKey(token)) {
        reply(ex, 401, problem(401, "no valid bearer token"));
        return;
      }
      if (!tokens.get(token).contains(tenant)) {
        reply(ex, 403, problem(403, "the caller may not see this tenant"));
        return;
      }
      Map<String, String> q = query(ex.getRequestURI().getRawQuery());
      String resource = parts[5];
      String method = ex.getRequestMethod();
      switch (resource) {
        case "features" -> {
          if (parts.length > 6) {
            // hostile answers for the finer features: the RCA must rank on without them
            reply(ex, 200, malformedFeature(parts[6]));
          } else {
            reply(ex, 200, features(Instant.parse(q.get("from")), Instant.parse(q.get("to"))));
          }
        }
        case "spans" -> reply(ex, 200, spans(q));
        case "logs" -> reply(ex, 200, logs(q));
        case "findings" -> findings(ex, tenant, parts.length > 6 ? parts[6] : null, method, q);
        default -> reply(ex, 404, problem(404, "no such resource"));
      }
    } catch (RuntimeException e) {
      reply(ex, 500, problem(500, "fake core failed: " + e));
    }
  }

  private synchronized void findings(
      HttpExchange ex, String tenant, String id, String method, Map<String, String> q)
      throws IOException {
    if (method.equals("POST")) {
      ObjectNode input = (ObjectNode) json.readTree(ex.getRequestBody());
      byte[] bytes = new byte[16];
      new SplittableRandom(creates.incrementAndGet()).nextBytes(bytes);
      String newId = HexFormat.of().formatHex(bytes);
      ObjectNode stored = store(newId, tenant, input);
      if (loseCreateAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        reply(ex, 503, problem(503, "answer lost"));
        return;
      }
      reply(ex, 201, stored);
    } else if (method.equals("PUT")) {
      if (!findings.containsKey(id)) {
        reply(ex, 404, problem(404, "no finding with this id in this tenant"));
        return;
      }
      ObjectNode input = (ObjectNode) json.readTree(ex.getRequestBody());
      reply(ex, 200, store(id, tenant, input));
    } else if (id != null) {
      ObjectNode f = findings.get(id);
      if (f == null || !f.path("tenant").asText().equals(tenant)) {
        reply(ex, 404, problem(404, "no finding with this id in this tenant"));
      } else {
        reply(ex, 200, f);
      }
    } else {
      ObjectNode page = json.createObjectNode();
      ArrayNode items = page.putArray("items");
      findings.values().stream()
          .filter(f -> f.path("tenant").asText().equals(tenant))
          .filter(f -> q.get("status") == null || f.path("status").asText().equals(q.get("status")))
          .forEach(items::add);
      page.putNull("nextCursor");
      reply(ex, 200, page);
    }
  }

  private ObjectNode store(String id, String tenant, ObjectNode input) {
    ObjectNode f = json.createObjectNode();
    f.put("id", id);
    f.put("tenant", tenant);
    f.put("status", input.path("status").asText("OPEN"));
    f.set("openedAt", input.path("openedAt"));
    f.set("detectedAt", input.path("detectedAt"));
    f.set("closedAt", input.path("closedAt"));
    f.set("symptom", input.path("symptom"));
    f.set("causes", input.path("causes"));
    f.set("evidence", input.path("evidence"));
    findings.put(id, f);
    return f;
  }

  private ObjectNode malformedFeature(String feature) {
    ObjectNode out = json.createObjectNode();
    String array =
        switch (feature) {
          case "self-times" -> "selfTimes";
          case "operations" -> "operations";
          case "span-events" -> "events";
          case "edges" -> "edges";
          default -> "pairs";
        };
    ObjectNode row = out.putArray(array).addObject();
    row.put("service", "carts-db");
    row.put("caller", "front-end");
    row.put("callee", "carts-db");
    row.put("minuteStartUnixNano", 0);
    row.put("calls", -1);
    row.put("count", -1);
    row.put("spans", -1);
    return out;
  }

  private ObjectNode features(Instant from, Instant to) {
    ObjectNode body = json.createObjectNode();
    body.put("from", from.toString());
    body.put("to", to.toString());
    ArrayNode services = body.putArray("services");
    boolean any = false;
    for (Instant m = from; m.isBefore(to); m = m.plus(Duration.ofMinutes(1))) {
      if (m.isBefore(T0)) {
        continue;
      }
      any = true;
      for (String s : SERVICES) {
        services.add(row(s, m));
      }
    }
    ArrayNode edges = body.putArray("edges");
    if (any) {
      edge(edges, "front-end", "carts");
      edge(edges, "carts", "carts-db");
      edge(edges, "front-end", "catalogue");
    }
    return body;
  }

  private void edge(ArrayNode edges, String caller, String callee) {
    edges
        .addObject()
        .put("caller", caller)
        .put("callee", callee)
        .put("calls", 100)
        .put("errors", 0)
        .put("latencyP50Nanos", 1e6)
        .put("latencyP95Nanos", 2e6)
        .put("latencyP99Nanos", 3e6);
  }

  private ObjectNode row(String service, Instant minute) {
    var r = new SplittableRandom(service.hashCode() * 31L + minute.getEpochSecond());
    boolean fault = !minute.isBefore(faultFrom) && minute.isBefore(faultTo);
    double p50 = 1e6 * (1 + SERVICES.indexOf(service)) * (1 + 0.05 * r.nextGaussian());
    long requests = Math.round(100 + 5 * r.nextGaussian());
    long errors = r.nextInt(3);
    long errorLogs = r.nextInt(2);
    double cpu = 0.3 + 0.02 * r.nextGaussian();
    if (fault && service.equals("carts-db")) {
      p50 *= 8;
      errors = requests / 2;
      errorLogs += 40;
      cpu = 0.95;
    } else if (fault && (service.equals("carts") || service.equals("front-end"))) {
      p50 *= 1.3;
      errors += 2;
    }
    ObjectNode row = json.createObjectNode();
    row.put("service", service);
    row.put("minuteStartUnixNano", minute.getEpochSecond() * 1_000_000_000L);
    row.put("requests", requests);
    row.put("errors", errors);
    row.put("errorRate", (double) errors / requests);
    row.put("latencyP50Nanos", p50);
    row.put("latencyP95Nanos", 2 * p50);
    row.put("latencyP99Nanos", 3 * p50);
    row.put("errorLogs", errorLogs);
    row.putObject("gauges").put("container.cpu.utilization", cpu);
    return row;
  }

  private ObjectNode spans(Map<String, String> q) {
    ObjectNode page = json.createObjectNode();
    ArrayNode items = page.putArray("items");
    if ("Error".equals(q.get("status")) && "carts-db".equals(q.get("service"))) {
      items
          .addObject()
          .put("startTimeUnixNano", faultFrom.getEpochSecond() * 1_000_000_000L + 5)
          .put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736")
          .put("spanId", "00f067aa0ba902b7")
          .put("name", "SELECT carts")
          .put("serviceName", "carts-db")
          .put("statusCode", "Error")
          .put("statusMessage", "connection pool exhausted");
    }
    page.putNull("nextCursor");
    return page;
  }

  private ObjectNode logs(Map<String, String> q) {
    ObjectNode page = json.createObjectNode();
    ArrayNode items = page.putArray("items");
    if ("17".equals(q.get("minSeverity")) && "carts-db".equals(q.get("service"))) {
      items
          .addObject()
          .put("timeUnixNano", faultFrom.getEpochSecond() * 1_000_000_000L + 7)
          .put("traceId", "")
          .put("severityNumber", 17)
          .put("serviceName", "carts-db")
          .put("body", "too many connections");
    }
    page.putNull("nextCursor");
    return page;
  }

  private ObjectNode problem(int status, String detail) {
    return json.createObjectNode()
        .put("status", status)
        .put("title", "problem")
        .put("detail", detail);
  }

  private void reply(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    ex.getResponseHeaders()
        .set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  private static Map<String, String> query(String raw) {
    var out = new HashMap<String, String>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  List<String> requestsTo(String resource) {
    return new ArrayList<>(requests.stream().filter(r -> r.contains("/" + resource)).toList());
  }
}
