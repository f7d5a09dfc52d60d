package io.mirador.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Bad requests against the packaged agent's real HTTP port (the Quarkus route, not only the
 * handler): each gets its status and counter, and the agent keeps serving.
 */
class HttpReceiverIT {
  private static HttpResponse<byte[]> post(
      HttpClient http, String url, String contentType, String encoding, byte[] body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (encoding != null) {
      b.header("Content-Encoding", encoding);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] gzip(byte[] b) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(b);
    }
    return out.toByteArray();
  }

  @Test
  void badRequestsGetTheirStatusAndCounterAndTheAgentKeepsServing() throws Exception {
    var dir = ItDirs.fresh("http-receiver");
    try (FakeCore core = new FakeCore(0);
        AgentProcess agent = AgentProcess.forwardingTo(core, dir)) {
      java.nio.file.Files.writeString(
          agent.config,
          java.nio.file.Files.readString(agent.config)
              .replace("receivers:\n", "receivers:\n  maxRequestBytes: 65536\n"));
      agent.start();
      core.expectedSender = agent.publicKey();
      HttpClient http = HttpClient.newHttpClient();
      String traces = agent.httpBase() + "/v1/traces";
      byte[] good = Fixtures.traces(new Random(1), 5).toByteArray();

      assertThat(post(http, traces, "text/plain", null, good).statusCode()).isEqualTo(415);
      assertThat(
              post(http, traces, "application/x-protobuf", null, new byte[] {0x0a, (byte) 0xff, 1})
                  .statusCode())
          .isEqualTo(400);
      HttpResponse<byte[]> badJson =
          post(
              http,
              traces,
              "application/json",
              null,
              "{\"resourceSpans\":[".getBytes(StandardCharsets.UTF_8));
      assertThat(badJson.statusCode()).isEqualTo(400);
      assertThat(new String(badJson.body(), StandardCharsets.UTF_8)).contains("\"code\":3");
      byte[] big = Fixtures.traces(new Random(2), 2000).toByteArray();
      assertThat(post(http, traces, "application/x-protobuf", null, big).statusCode())
          .isEqualTo(413);
      assertThat(
              post(http, traces, "application/x-protobuf", "gzip", gzip(new byte[8 << 20]))
                  .statusCode())
          .isEqualTo(413);
      byte[] gz = gzip(good);
      assertThat(
              post(http, traces, "application/x-protobuf", "gzip", Arrays.copyOf(gz, gz.length - 9))
                  .statusCode())
          .isEqualTo(400);

      HttpResponse<byte[]> ok = post(http, traces, "application/x-protobuf", "gzip", gz);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.headers().firstValue("Content-Type")).contains("application/x-protobuf");
      AgentCrashIT.await(() -> core.spanCount() == 5, java.time.Duration.ofSeconds(30), "stored");

      String prefix = "mirador_agent_request_errors_total{reason=\"%s\",signal=\"traces\"}";
      assertThat(agent.metric(prefix.formatted("unsupported_media_type"))).isEqualTo(1.0);
      assertThat(agent.metric(prefix.formatted("malformed"))).isEqualTo(2.0);
      assertThat(agent.metric(prefix.formatted("too_large"))).isEqualTo(2.0);
      assertThat(agent.metric(prefix.formatted("bad_encoding"))).isEqualTo(1.0);
      assertThat(agent.metric("mirador_agent_records_total{outcome=\"sent\",signal=\"traces\"}"))
          .isEqualTo(5.0);
    }
  }
}
