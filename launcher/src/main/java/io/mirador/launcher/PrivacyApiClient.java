package io.mirador.launcher;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The core's privacy endpoints as {@code pii-audit} calls them, with the admin token as bearer:
 * {@code GET /api/v1/tenants/{t}/privacy/redactions} and {@code POST .../privacy/scan}. Every
 * failure becomes a {@link CoreCallException} whose message says what it means for the operator;
 * the token never appears in one.
 */
final class PrivacyApiClient {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REPORT_TIMEOUT = Duration.ofSeconds(60);

  /** A scan reads every stored value of the range: minutes on a large store. */
  static final Duration SCAN_TIMEOUT = Duration.ofMinutes(30);

  /** A larger answer is not a privacy report: refused rather than buffered. */
  static final int MAX_BODY_CHARS = 32 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI core;
  private final String token;
  private final HttpClient http;

  PrivacyApiClient(URI core, String token) {
    this.core = requireNonNull(core, "core");
    this.token = requireNonNull(token, "token");
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The redaction counts of {@code tenant} in [from, to). */
  JsonNode redactions(String tenant, String from, String to) throws CoreCallException {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("from", from);
    query.put("to", to);
    return call("GET", tenant, "redactions", query, REPORT_TIMEOUT);
  }

  /** Scans the stored telemetry of {@code tenant} in [from, to); {@code limit} may be null. */
  JsonNode scan(String tenant, String from, String to, Long limit) throws CoreCallException {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("from", from);
    query.put("to", to);
    if (limit != null) {
      query.put("limit", Long.toString(limit));
    }
    return call("POST", tenant, "scan", query, SCAN_TIMEOUT);
  }

  private JsonNode call(
      String method, String tenant, String endpoint, Map<String, String> query, Duration timeout)
      throws CoreCallException {
    String path = "/api/v1/tenants/" + tenant + "/privacy/" + endpoint;
    URI uri = core.resolve(path + "?" + encode(query));
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException | ConnectException e) {
      throw new CoreCallException(
          "cannot reach the core at "
              + core
              + " (is ./mirador up running? --core or MIRADOR_CORE_URL names another core)");
    } catch (HttpTimeoutException e) {
      throw new CoreCallException(
          "the core at " + core + " did not answer " + method + " " + path + " within " + timeout);
    } catch (IOException e) {
      throw new CoreCallException(
          "cannot reach the core at " + core + ": " + Printable.of(String.valueOf(e.getMessage())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CoreCallException("interrupted while waiting for the core at " + core);
    }
    String body = response.body() == null ? "" : response.body();
    if (response.statusCode() != 200) {
      throw new CoreCallException(refusal(response.statusCode(), method, path, tenant, body));
    }
    if (body.length() > MAX_BODY_CHARS) {
      throw new CoreCallException(
          method + " " + path + ": the answer is larger than " + MAX_BODY_CHARS + " characters");
    }
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw new CoreCallException(method + " " + path + ": the core's answer is not an object");
      }
      return node;
    } catch (IOException e) {
      throw new CoreCallException(method + " " + path + ": the core's answer is not JSON");
    }
  }

  /** What a refusal means for the person running the command, with the core's own detail. */
  static String refusal(int status, String method, String path, String tenant, String body) {
    String detail = problemDetail(body);
    String suffix = detail.isEmpty() ? "" : " (core: " + detail + ")";
    return switch (status) {
      case 400 -> method + " " + path + " was refused as malformed (400)" + suffix;
      case 401 ->
          "the core refused the admin token (401): MIRADOR_TOKEN or the token file under the data"
              + " directory does not hold a token the core accepts"
              + suffix;
      case 403 ->
          "the token's identity may not read the privacy report of tenant "
              + tenant
              + " (403: tenant admin or global admin needed)"
              + suffix;
      case 404 ->
          "not found (404): either the core does not know tenant "
              + tenant
              + " or it has no "
              + path.substring(path.lastIndexOf('/'))
              + " endpoint (an older core)"
              + suffix;
      default -> method + " " + path + " failed with HTTP " + status + suffix;
    };
  }

  /** The {@code detail} (else {@code title}) of a problem body, printable and bounded. */
  static String problemDetail(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null && node.isObject()) {
        String detail = node.path("detail").asText("");
        return Printable.of(detail.isEmpty() ? node.path("title").asText("") : detail);
      }
    } catch (IOException | RuntimeException e) {
      // not a problem body: nothing to quote
    }
    return "";
  }

  private static String encode(Map<String, String> query) {
    return query.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** A call to the core that did not give a usable answer; the message is for the operator. */
  static final class CoreCallException extends Exception {
    private static final long serialVersionUID = 1L;

    CoreCallException(String message) {
      super(message);
    }
  }
}
