package io.mirador.rca.lab.estate;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirador.rca.lab.schedule.PlannedFault;
import io.mirador.rca.lab.schedule.Topology;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The estate's control API (the lab contract): topology, health, faults, workload counters. Every
 * call has a timeout; an answer that is not what the contract says is an {@link IOException} that
 * names the call, never a silent default.
 */
public final class EstateClient {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI control;
  private final HttpClient http;

  /** A fault the estate would not start: 400 (bad service, type or parameter) or 409 (busy). */
  public static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    RefusedException(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  public EstateClient(URI control) {
    this.control = requireNonNull(control, "control");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  /** {@code GET /topology} as the estate answered it (services with their pids, edges). */
  public JsonNode topologyJson() throws IOException, InterruptedException {
    return get("/topology");
  }

  public Topology topology() throws IOException, InterruptedException {
    return topology(topologyJson());
  }

  /** The topology of a {@code GET /topology} answer. */
  public static Topology topology(JsonNode body) throws IOException {
    List<Topology.Service> services = new ArrayList<>();
    for (JsonNode s : body.path("services")) {
      services.add(new Topology.Service(text(s, "name", "/topology"), s.path("kind").asText("")));
    }
    List<Topology.Edge> edges = new ArrayList<>();
    for (JsonNode e : body.path("edges")) {
      edges.add(
          new Topology.Edge(
              text(e, "from", "/topology"), text(e, "to", "/topology"), e.path("mode").asText("")));
    }
    if (services.isEmpty()) {
      throw new IOException("the estate's /topology lists no services");
    }
    return new Topology(services, edges);
  }

  /** Whether {@code GET /health} says every service is up. */
  public boolean healthy() throws InterruptedException {
    try {
      HttpResponse<String> r = send(HttpRequest.newBuilder(control.resolve("/health")).GET());
      return r.statusCode() == 200;
    } catch (IOException unreachable) {
      return false;
    }
  }

  /** Starts the planned fault; the estate's answer, or {@link RefusedException} on 400/409. */
  public StartedFault start(PlannedFault fault)
      throws IOException, InterruptedException, RefusedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("service", fault.service());
    body.put("type", fault.type().wireName());
    body.put("durationSeconds", fault.duration().toSeconds());
    body.set("params", JSON.valueToTree(fault.params()));
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(control.resolve("/faults"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    if (r.statusCode() == 400 || r.statusCode() == 409) {
      throw new RefusedException(r.statusCode(), message(r.body()));
    }
    if (r.statusCode() != 201 && r.statusCode() != 200) {
      throw new IOException("POST /faults answered HTTP " + r.statusCode());
    }
    return started(parse(r.body(), "POST /faults"));
  }

  /** Ends a fault early ({@code DELETE /faults/{id}}); an unknown or ended one is fine. */
  public void stop(String id) throws IOException, InterruptedException {
    if (!id.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new IOException("the estate gave a fault id that is not a plain token");
    }
    send(HttpRequest.newBuilder(control.resolve("/faults/" + id)).DELETE());
  }

  /** Every fault the estate knows, active and past, with the real start and end. */
  public List<StartedFault> faults() throws IOException, InterruptedException {
    JsonNode body = get("/faults");
    JsonNode list = body.isArray() ? body : body.path("faults");
    List<StartedFault> faults = new ArrayList<>();
    for (JsonNode f : list) {
      faults.add(started(f));
    }
    return faults;
  }

  /** The workload counters, as the estate reports them. */
  public JsonNode stats() throws IOException, InterruptedException {
    return get("/stats");
  }

  private static StartedFault started(JsonNode f) throws IOException {
    String where = "the estate's fault";
    return new StartedFault(
        text(f, "id", where),
        text(f, "service", where),
        text(f, "type", where),
        instant(f, "start"),
        instant(f, "end"),
        f);
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = send(HttpRequest.newBuilder(control.resolve(path)).GET());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + " answered HTTP " + r.statusCode());
    }
    return parse(r.body(), "GET " + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode parse(String body, String call) throws IOException {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IOException(call + " answered something that is not JSON", e);
    }
  }

  private static String text(JsonNode node, String field, String where) throws IOException {
    JsonNode value = node.get(field);
    if (value == null || !value.isValueNode() || value.asText().isEmpty()) {
      throw new IOException(where + " has no " + field);
    }
    return value.asText();
  }

  private static Instant instant(JsonNode node, String field) throws IOException {
    String value = text(node, field, "the estate's fault");
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IOException("the estate's fault " + field + " is not an RFC 3339 time", e);
    }
  }

  /** The estate's error message, cut short (it is shown in the run log). */
  private static String message(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      for (String field : List.of("message", "error", "detail")) {
        if (node.hasNonNull(field)) {
          return cut(node.get(field).asText());
        }
      }
    } catch (IOException notJson) {
      // the raw text below
    }
    return cut(body);
  }

  private static String cut(String text) {
    String oneLine = text.replaceAll("[\\r\\n\\t]+", " ").strip();
    return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
  }
}
