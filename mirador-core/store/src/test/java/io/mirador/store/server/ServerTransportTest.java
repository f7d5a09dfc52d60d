package io.mirador.store.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.mirador.store.StoreException;
import io.mirador.store.clickhouse.InsertFormat;
import io.mirador.store.clickhouse.QueryParameters;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP requests the server transport sends, checked against a local endpoint that records them.
 * (The same transport runs the full contract suite against a real server in ServerTelemetryStoreIT
 * where one is available.)
 */
class ServerTransportTest {
  private record Request(Map<String, String> params, String user, String key, byte[] body) {}

  private HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private int status = 200;
  private String reply = "42\n";
  private ServerTransport transport;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          Map<String, String> params = new LinkedHashMap<>();
          String query = exchange.getRequestURI().getRawQuery();
          for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(
                URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
          }
          requests.add(
              new Request(
                  params,
                  exchange.getRequestHeaders().getFirst("X-ClickHouse-User"),
                  exchange.getRequestHeaders().getFirst("X-ClickHouse-Key"),
                  exchange.getRequestBody().readAllBytes()));
          byte[] body = reply.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    transport =
        ServerTransport.builder()
            .url(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
            .user("writer")
            .password("s3cret")
            .build();
  }

  @AfterEach
  void stop() {
    transport.close();
    server.stop(0);
  }

  @Test
  void queriesTravelInTheBodyWithParametersBoundByName() {
    byte[] out =
        transport.query(
            "SELECT {a:String}",
            QueryParameters.builder().add("a", "x'\ty").build(),
            "JSONEachRow");
    assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("42\n");
    Request request = requests.getFirst();
    assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("SELECT {a:String}");
    assertThat(request.params())
        .containsEntry("default_format", "JSONEachRow")
        .containsEntry("param_a", "x'\\ty");
    assertThat(request.user()).isEqualTo("writer");
    assertThat(request.key()).isEqualTo("s3cret");
  }

  @Test
  void insertsSendRowsAsTheBody() {
    byte[] rows = {0, 1, 2, (byte) 0xff};
    transport.insert("db.t", List.of("A", "B"), InsertFormat.ROW_BINARY, rows);
    Request request = requests.getFirst();
    assertThat(request.params()).containsEntry("query", "INSERT INTO db.t (A, B) FORMAT RowBinary");
    assertThat(request.body()).isEqualTo(rows);
  }

  @Test
  void serverErrorsBecomeStoreExceptionsWithTheFirstLineOfTheMessage() {
    status = 500;
    reply = "Code: 60. DB::Exception: Unknown table db.t. (UNKNOWN_TABLE)\nstack trace line\n";
    assertThatThrownBy(() -> transport.execute("SELECT 1 FROM db.t"))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "ClickHouse HTTP 500: Code: 60. DB::Exception: Unknown table db.t. (UNKNOWN_TABLE)");
  }

  @Test
  void unreachableServerIsAStoreExceptionWithoutCredentials() {
    ServerTransport nowhere =
        ServerTransport.builder().url(URI.create("http://127.0.0.1:1")).password("s3cret").build();
    assertThatThrownBy(() -> nowhere.execute("SELECT 1"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("unreachable")
        .hasMessageNotContaining("s3cret");
    nowhere.close();
  }

  @Test
  void urlsWithCredentialsOrOtherSchemesAreRefused() {
    assertThatThrownBy(() -> ServerTransport.builder().url(URI.create("http://u:p@host:8123")))
        .hasMessageContaining("must not carry credentials");
    assertThatThrownBy(() -> ServerTransport.builder().url(URI.create("ftp://host")))
        .hasMessageContaining("http or https");
  }
}
