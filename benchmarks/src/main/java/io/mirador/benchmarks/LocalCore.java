package io.mirador.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * What the harnesses that start a packaged core and agent as children share: a free loopback port,
 * and registering the agent's key with the core through the admin API.
 */
public final class LocalCore {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private LocalCore() {}

  /** A port that was free a moment ago (the child binds it right after). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Registers an agent's public key with the core, authenticated by the local admin token. */
  public static void registerAgent(
      int coreHttpPort, String adminToken, String tenant, String agentId, String publicKeyBase64)
      throws IOException, InterruptedException {
    String body =
        "{\"tenant\":\""
            + tenant
            + "\",\"agentId\":\""
            + agentId
            + "\",\"publicKey\":\""
            + publicKeyBase64
            + "\"}";
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + coreHttpPort + "/api/v1/admin/agents"))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200 && r.statusCode() != 201) {
      throw new IllegalStateException("agent registration answered HTTP " + r.statusCode());
    }
  }
}
