package io.mirador.rca.lab.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A stand-in for the estate's control API (unit tests of the lab's own logic only): answers {@code
 * /topology}, {@code /health}, {@code /faults} and {@code /stats} as the contract says, on the
 * test's clock. Faults on {@code busy} are refused with 409, unknown types with 400.
 */
final class FakeEstate implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final List<JsonNode> requests = new ArrayList<>();
  private final List<ObjectNode> faults = new ArrayList<>();
  private final HttpServer server;
  private final Supplier<Instant> clock;
  private final AtomicInteger ids = new AtomicInteger();

  FakeEstate(Supplier<Instant> clock) throws IOException {
    this.clock = clock;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI control() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private synchronized void handle(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    String method = x.getRequestMethod();
    if (method.equals("GET") && path.equals("/topology")) {
      ObjectNode t = JSON.createObjectNode();
      ArrayNode services = t.putArray("services");
      for (String[] s :
          new String[][] {
            {"frontend", "frontend"}, {"orders", "api"}, {"db", "db"}, {"busy", "api"}
          }) {
        services.addObject().put("name", s[0]).put("kind", s[1]).put("pid", 1);
      }
      ArrayNode edges = t.putArray("edges");
      edges.addObject().put("from", "frontend").put("to", "orders").put("mode", "sync");
      edges.addObject().put("from", "orders").put("to", "db").put("mode", "sync");
      edges.addObject().put("from", "orders").put("to", "busy").put("mode", "sync");
      send(x, 200, t.toString());
    } else if (method.equals("GET") && path.equals("/health")) {
      send(x, 200, "{\"services\":{}}");
    } else if (method.equals("GET") && path.equals("/stats")) {
      send(x, 200, "{\"requests\":10}");
    } else if (method.equals("GET") && path.equals("/faults")) {
      ArrayNode list = JSON.createArrayNode();
      faults.forEach(list::add);
      send(x, 200, JSON.createObjectNode().set("faults", list).toString());
    } else if (method.equals("POST") && path.equals("/faults")) {
      JsonNode body = JSON.readTree(x.getRequestBody());
      requests.add(body);
      if (body.path("service").asText().equals("busy")) {
        send(x, 409, "{\"error\":\"busy already has an active fault\"}");
        return;
      }
      if (body.path("type").asText().equals("meteor")) {
        send(x, 400, "{\"error\":\"type must be one of ...\"}");
        return;
      }
      Instant start = clock.get();
      ObjectNode f = JSON.createObjectNode();
      f.put("id", "f" + ids.incrementAndGet());
      f.put("service", body.path("service").asText());
      f.put("type", body.path("type").asText());
      f.set("params", body.path("params"));
      f.put("start", start.toString());
      f.put("end", start.plusSeconds(body.path("durationSeconds").asLong()).toString());
      faults.add(f);
      send(x, 201, f.toString());
    } else {
      send(x, 404, "{\"error\":\"not found\"}");
    }
  }

  private static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
    x.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
