package io.mirador.ui.forward;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;

/**
 * Calls the core or the RCA service with the session's bearer token (JDK HttpClient: RATIONALE.md,
 * "Forwarding"). Redirects are not followed, every call has a deadline, and a response body larger
 * than {@link Settings#maxResponseBytes} is cut off and refused rather than held in memory.
 */
public final class UpstreamClient {
  /** Where the upstreams are and how long and how much the BFF waits for. */
  public record Settings(
      URI coreUrl,
      URI rcaUrl,
      Duration connectTimeout,
      Duration coreTimeout,
      Duration rcaTimeout,
      int maxResponseBytes) {
    public Settings {
      coreUrl = base(requireNonNull(coreUrl, "coreUrl"), "core URL");
      rcaUrl = base(requireNonNull(rcaUrl, "rcaUrl"), "RCA URL");
      requireNonNull(connectTimeout, "connectTimeout");
      requireNonNull(coreTimeout, "coreTimeout");
      requireNonNull(rcaTimeout, "rcaTimeout");
      if (maxResponseBytes < 1024) {
        throw new IllegalArgumentException("maxResponseBytes must be at least 1024");
      }
    }

    private static URI base(URI uri, String name) {
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new IllegalArgumentException(name + " must be an http(s) URL with a host");
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new IllegalArgumentException(name + " must not have a query or fragment");
      }
      String text = uri.toString();
      return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }
  }

  /** An upstream answer: passed through to the browser. */
  public record Answer(int status, String contentType, byte[] body) {}

  /** The upstream could not be asked or did not answer usably. */
  public static final class UpstreamException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Kind {
      UNREACHABLE,
      TIMEOUT,
      TOO_LARGE
    }

    private final Kind kind;

    UpstreamException(Kind kind, String message) {
      super(message);
      this.kind = kind;
    }

    public Kind kind() {
      return kind;
    }
  }

  /** Media types passed through as they are; anything else goes out as octet-stream. */
  private static final java.util.Set<String> PASSED_TYPES =
      java.util.Set.of("application/json", "application/problem+json", "text/csv", "text/plain");

  private final Settings settings;
  private final HttpClient http;

  public UpstreamClient(Settings settings) {
    this.settings = requireNonNull(settings, "settings");
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  public Settings settings() {
    return settings;
  }

  /**
   * {@code method /api/v1/<path>?<query>} on {@code upstream}. {@code path} and {@code query} must
   * come from {@link AllowList} (plain segments, canonical query).
   */
  public Answer send(
      Upstream upstream,
      String method,
      String path,
      String query,
      String bearer,
      byte[] body,
      String contentType)
      throws UpstreamException, InterruptedException {
    URI base = upstream == Upstream.CORE ? settings.coreUrl() : settings.rcaUrl();
    URI target =
        URI.create(
            base + "/api/v1/" + path + (query == null || query.isEmpty() ? "" : "?" + query));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(upstream == Upstream.CORE ? settings.coreTimeout() : settings.rcaTimeout())
            .header("Authorization", "Bearer " + bearer)
            .header("Accept", "application/json");
    if (body != null) {
      request.header("Content-Type", contentType == null ? "application/json" : contentType);
      request.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<InputStream> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException | ConnectException e) {
      throw unreachable(upstream, " is not reachable");
    } catch (HttpTimeoutException e) {
      throw timedOut(upstream);
    } catch (IOException e) {
      throw unreachable(upstream, " could not be asked (" + e.getClass().getSimpleName() + ")");
    }
    byte[] bytes;
    try (InputStream in = response.body()) {
      bytes = in.readNBytes(settings.maxResponseBytes() + 1);
    } catch (HttpTimeoutException e) {
      throw timedOut(upstream);
    } catch (IOException e) {
      throw unreachable(upstream, "'s answer broke off");
    }
    if (bytes.length > settings.maxResponseBytes()) {
      throw new UpstreamException(
          UpstreamException.Kind.TOO_LARGE,
          "the "
              + upstream.displayName()
              + "'s answer is larger than "
              + settings.maxResponseBytes()
              + " bytes: narrow the query");
    }
    return new Answer(response.statusCode(), contentType(response), bytes);
  }

  private static UpstreamException timedOut(Upstream upstream) {
    return new UpstreamException(
        UpstreamException.Kind.TIMEOUT,
        "the " + upstream.displayName() + " did not answer in time");
  }

  /** {@code problem} follows the upstream's name: " is not reachable", "'s answer broke off". */
  private static UpstreamException unreachable(Upstream upstream, String problem) {
    return new UpstreamException(
        UpstreamException.Kind.UNREACHABLE, "the " + upstream.displayName() + problem);
  }

  private static String contentType(HttpResponse<?> response) {
    String type = response.headers().firstValue("Content-Type").orElse("");
    String bare = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return PASSED_TYPES.contains(bare) ? type : "application/octet-stream";
  }
}
