package io.mirador.ui;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * HTTP to the BFF under test: redirects are not followed (the tests assert them) and the session
 * cookie is passed by hand.
 */
final class BffClient {
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private BffClient() {}

  /** {@code pathAndQuery} on the test server at {@code base}. */
  static URI uri(URL base, String pathAndQuery) {
    return URI.create(base.toString().replaceAll("/$", "") + pathAndQuery);
  }

  /** GET {@code path}, with the {@code cookie} header when not null. */
  static HttpResponse<String> get(URL base, String path, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(base, path)).GET();
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
