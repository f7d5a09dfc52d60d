package io.mirador.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client side of {@code pii-audit} against a small local HTTP server that answers like the
 * core's privacy endpoints (contract of issue 17): arguments, token, requests, output, exit codes.
 */
class PiiAuditCommandTest {
  private static final String TOKEN = "tok-3f9a1c0b7e";
  private static final Instant NOW = Instant.parse("2026-12-07T01:30:00Z");

  private static final String REPORT =
      """
      {"tenant":"acme","from":"2026-12-06T01:30:00Z","to":"2026-12-07T01:30:00Z","total":60,
       "redactions":[
        {"detector":"email","action":"hash","signal":"traces","location":"span_attribute","count":30},
        {"detector":"credit_card","action":"mask","signal":"logs","location":"log_body","count":20},
        {"detector":"email","action":"hash","signal":"logs","location":"log_body","count":6},
        {"detector":"key_rule","action":"drop","signal":"metrics","location":"metric_attribute","count":4}]}
      """;
  private static final String CLEAN =
      """
      {"tenant":"acme","from":"2026-12-06T01:30:00Z","to":"2026-12-07T01:30:00Z","clean":true,
       "scanned":{"spans":400,"logs":40,"dataPoints":3,"values":12345},"truncated":false,"matches":[]}
      """;
  private static final String DIRTY =
      """
      {"tenant":"acme","from":"2026-12-06T01:30:00Z","to":"2026-12-07T01:30:00Z","clean":false,
       "scanned":{"spans":10,"logs":2,"dataPoints":0,"values":99},"truncated":true,
       "matches":[
        {"detector":"email","signal":"traces","location":"span_attribute","key":"user.email","count":3,
         "examples":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331"},
          {"traceId":"1af7651916cd43dd8448eb211c80319c","spanId":"c7ad6b7169203331"},
          {"traceId":"2af7651916cd43dd8448eb211c80319c"},{"timestamp":"2026-12-07T01:00:00Z"}]},
        {"detector":"credit_card","signal":"logs","location":"log_body","key":null,"count":2,
         "examples":[{"timestamp":"2026-12-07T01:00:00Z"}]},
        {"detector":"phone","signal":"traces","location":"span_attribute","key":"x\\u001b[2Jy","count":1,
         "examples":[]}]}
      """;

  private HttpServer server;
  private final List<String> requests = new ArrayList<>();
  private final List<String> authorizations = new ArrayList<>();
  private final Map<String, Integer> status = new HashMap<>();
  private final Map<String, String> bodies = new HashMap<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Map<String, String> env = new HashMap<>();
  @TempDir Path data;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getRawPath();
          requests.add(
              exchange.getRequestMethod() + " " + path + "?" + exchange.getRequestURI().getQuery());
          authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
          String endpoint = path.substring(path.lastIndexOf('/') + 1);
          byte[] body = bodies.getOrDefault(endpoint, "{}").getBytes(StandardCharsets.UTF_8);
          int code = status.getOrDefault(endpoint, 200);
          exchange
              .getResponseHeaders()
              .add("Content-Type", code == 200 ? "application/json" : "application/problem+json");
          exchange.sendResponseHeaders(code, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    bodies.put("redactions", REPORT);
    bodies.put("scan", CLEAN);
    env.put("MIRADOR_TOKEN", TOKEN);
    env.put("MIRADOR_CORE_URL", "http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private int run(String... args) {
    PiiAuditCommand command = new PiiAuditCommand(env::get, NOW);
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    try {
      return command.run(List.of(args), o, e);
    } catch (Mirador.UsageException x) {
      e.println("mirador pii-audit: " + x.getMessage());
      return 2;
    }
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void cleanScanPrintsTheGroupedReportAndExitsZero() {
    assertThat(run("--tenant", "acme")).isZero();
    assertThat(requests)
        .containsExactly(
            "GET /api/v1/tenants/acme/privacy/redactions?from=2026-12-06T01:30:00Z&to=2026-12-07T01:30:00Z",
            "POST /api/v1/tenants/acme/privacy/scan?from=2026-12-06T01:30:00Z&to=2026-12-07T01:30:00Z");
    assertThat(authorizations).containsOnly("Bearer " + TOKEN);
    String text = out();
    assertThat(text)
        .contains(
            "Redactions of tenant acme from 2026-12-06T01:30:00Z to 2026-12-07T01:30:00Z: 60 in"
                + " total")
        // grouped: email/hash sums its two rows (30 + 6), sorted by count
        .containsPattern(
            "By detector and action\\n.*DETECTOR +ACTION +COUNT\\n +email +hash +36\\n"
                + " +credit_card +mask +20\\n +key_rule +drop +4\\n")
        .containsPattern("By signal\\n.*\\n +traces +30\\n +logs +26\\n +metrics +4\\n")
        .containsPattern("By location\\n.*\\n +span_attribute +30\\n +log_body +26\\n")
        .containsPattern(" +credit_card +mask +logs +log_body +20\\n")
        .contains("400 spans, 40 logs, 3 data points, 12,345 values read")
        .contains("CLEAN: no stored value matches");
    assertThat(text + err()).doesNotContain(TOKEN);
  }

  @Test
  void matchesArePrintedByPlaceAndExitOne() {
    bodies.put("scan", DIRTY);
    assertThat(run("--tenant", "acme", "--limit", "99")).isEqualTo(1);
    assertThat(requests.get(1)).endsWith("&limit=99").startsWith("POST ");
    String text = out();
    assertThat(text)
        .contains("NOT CLEAN: 6 stored values match a detector")
        .containsPattern(
            "email +traces +span_attribute +user.email +3 +trace 0af7651916cd43dd8448eb211c80319c"
                + " span b7ad6b7169203331, trace 1af7651916cd43dd8448eb211c80319c span"
                + " c7ad6b7169203331, \\+2 more\n")
        .containsPattern(
            "credit_card +logs +log_body +\\(name/message/body\\) +2 +at 2026-12-07T01:00:00Z")
        .contains("WARNING: the scan stopped at its value limit");
    // The escape sequence in a hostile key reaches the terminal defused.
    assertThat(text).doesNotContain("\u001b").contains("x?[2Jy");
  }

  @Test
  void noScanSkipsThePostAndExitsZero() {
    bodies.put("scan", DIRTY);
    assertThat(run("--tenant", "acme", "--no-scan")).isZero();
    assertThat(requests).hasSize(1).allMatch(r -> r.startsWith("GET "));
    assertThat(out()).contains("not run (--no-scan)");
  }

  @Test
  void jsonPrintsBothAnswersAndKeepsTheExitCode() throws Exception {
    bodies.put("scan", DIRTY);
    assertThat(
            run(
                "--tenant",
                "acme",
                "--json",
                "--from",
                "2026-12-01T00:00:00Z",
                "--to",
                "2026-12-02T00:00:00Z"))
        .isEqualTo(1);
    assertThat(requests.getFirst()).contains("from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z");
    JsonNode both = new ObjectMapper().readTree(out());
    assertThat(both.path("redactions").path("total").asLong()).isEqualTo(60);
    assertThat(both.path("scan").path("matches")).hasSize(3);
  }

  @Test
  void refusalsSayWhatTheyMeanAndExitTwo() {
    status.put("redactions", 401);
    bodies.put("redactions", "{\"title\":\"Unauthorized\",\"status\":401}");
    assertThat(run("--tenant", "acme")).isEqualTo(2);
    assertThat(err()).contains("the core refused the admin token (401)");

    status.put("redactions", 403);
    bodies.put("redactions", "{\"title\":\"Forbidden\",\"detail\":\"viewer role\"}");
    assertThat(run("--tenant", "acme")).isEqualTo(2);
    assertThat(err())
        .contains("may not read the privacy report of tenant acme (403")
        .contains("(core: viewer role)");

    status.put("redactions", 404);
    bodies.put("redactions", "{\"title\":\"Not Found\",\"detail\":\"no tenant 'nope'\"}");
    assertThat(run("--tenant", "nope")).isEqualTo(2);
    assertThat(err()).contains("the core does not know tenant nope").contains("no tenant 'nope'");

    status.remove("redactions");
    status.put("scan", 500);
    bodies.put("scan", "<html>oops</html>");
    assertThat(run("--tenant", "acme")).isEqualTo(2);
    assertThat(err()).contains("POST /api/v1/tenants/acme/privacy/scan failed with HTTP 500");
    assertThat(out() + err()).doesNotContain(TOKEN);
  }

  @Test
  void anUnreachableCoreIsNamed() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertThat(run("--tenant", "acme", "--core", "http://127.0.0.1:" + closed)).isEqualTo(2);
    assertThat(err()).contains("cannot reach the core at http://127.0.0.1:" + closed);
  }

  @Test
  void theTokenComesFromTheDataDirectoryWhenNotInTheEnvironment() throws IOException {
    env.remove("MIRADOR_TOKEN");
    assertThat(run("--tenant", "acme", "--data", data.toString())).isEqualTo(2);
    assertThat(err())
        .contains("no admin token: set MIRADOR_TOKEN")
        .contains(data.resolve("core/local-admin.token").toString());
    assertThat(requests).isEmpty();

    Files.createDirectories(data.resolve("core"));
    Files.writeString(data.resolve("core/local-admin.token"), "file-token-77\n");
    assertThat(run("--tenant", "acme", "--data", data.toString())).isZero();
    assertThat(authorizations).containsOnly("Bearer file-token-77");

    Files.writeString(data.resolve("core/local-admin.token"), "two words\n");
    assertThat(run("--tenant", "acme", "--data", data.toString())).isEqualTo(2);
    assertThat(err()).contains("holds characters a bearer token cannot have").doesNotContain("two");
  }

  @Test
  void badArgumentsAreUsageErrors() {
    PiiAuditCommand command = new PiiAuditCommand(env::get, NOW);
    assertThatThrownBy(() -> command.parse(List.of())).hasMessageContaining("--tenant is required");
    assertThatThrownBy(() -> command.parse(List.of("--tenant", "Acme/../x")))
        .hasMessageContaining("--tenant must be a tenant id");
    assertThatThrownBy(() -> command.parse(List.of("--tenant", "a", "--from", "yesterday")))
        .hasMessageContaining("--from must be an ISO-8601 instant");
    assertThatThrownBy(
            () ->
                command.parse(
                    List.of(
                        "--tenant",
                        "a",
                        "--from",
                        "2026-12-07T00:00:00Z",
                        "--to",
                        "2026-12-07T00:00:00Z")))
        .hasMessageContaining("--from must be before --to");
    assertThatThrownBy(
            () -> command.parse(List.of("--tenant", "a", "--from", "2020-01-01T00:00:00Z")))
        .hasMessageContaining("400 days");
    assertThatThrownBy(() -> command.parse(List.of("--tenant", "a", "--limit", "0")))
        .hasMessageContaining("--limit must be a positive");
    assertThatThrownBy(() -> command.parse(List.of("--tenant", "a", "--limit", "many")))
        .hasMessageContaining("--limit must be a positive");
    for (String core :
        List.of("ftp://h", "http://127.0.0.1:1/api", "http://u:p@h:1", "http://h?x=1", "::")) {
      assertThatThrownBy(() -> command.parse(List.of("--tenant", "a", "--core", core)))
          .as(core)
          .hasMessageContaining("--core must be");
    }
    assertThatThrownBy(() -> command.parse(List.of("--tenant", "a", "--bogus")))
        .hasMessageContaining("unexpected argument '--bogus'");
  }

  @Test
  void defaultsAreTheLastDayAndTheLocalCore() {
    env.clear();
    env.put("MIRADOR_HTTP_PORT", "18080");
    PiiAuditCommand.Options o = new PiiAuditCommand(env::get, NOW).parse(List.of("--tenant", "a"));
    assertThat(o.to()).isEqualTo(NOW);
    assertThat(o.from()).isEqualTo(Instant.parse("2026-12-06T01:30:00Z"));
    assertThat(o.core()).hasToString("http://127.0.0.1:18080");
    assertThat(o.scan()).isTrue();
    assertThat(o.json()).isFalse();
    assertThat(o.limit()).isNull();
    assertThat(o.data()).isEqualTo(Path.of("var/data").toAbsolutePath());
    assertThat(
            new PiiAuditCommand(env::get, NOW)
                .parse(List.of("--tenant", "a", "--core", "https://core.example:8443/"))
                .core())
        .hasToString("https://core.example:8443");
  }

  @Test
  void isListedAndUsageErrorsGoThroughTheFrontDoor() {
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertThat(Mirador.run(List.of("help"), o, e)).isZero();
    assertThat(out()).contains("pii-audit");
    assertThat(Mirador.run(List.of("pii-audit"), o, e)).isEqualTo(2);
    assertThat(err())
        .contains("--tenant is required")
        .contains("usage: mirador pii-audit --tenant");
  }

  @Test
  void printableDefusesControlsAndBoundsLength() {
    assertThat(Printable.of("a\u001b[31mb\u202ec\u0085d\n")).isEqualTo("a?[31mb?c?d?");
    assertThat(Printable.of("x".repeat(500))).hasSize(Printable.MAX_CHARS + 1).endsWith("…");
    assertThat(Printable.of(null)).isEmpty();
    assertThat(PrivacyApiClient.problemDetail("not json")).isEmpty();
    assertThat(PrivacyApiClient.problemDetail("{\"title\":\"T\"}")).isEqualTo("T");
  }
}
