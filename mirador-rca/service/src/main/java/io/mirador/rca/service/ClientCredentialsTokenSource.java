package io.mirador.rca.service;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirador.rca.online.SourceException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The OAuth 2.0 client-credentials grant (RFC 6749, 4.4) against the OIDC provider's token
 * endpoint: the detection loop's own identity in production. The token is cached until a minute
 * before it expires. The client secret is read from a file at each grant, so it can rotate.
 */
final class ClientCredentialsTokenSource implements TokenSource {
  private static final Duration EARLY = Duration.ofMinutes(1);
  private static final int MAX_RESPONSE = 64 * 1024;

  private final HttpClient http;
  private final ObjectMapper json;
  private final URI endpoint;
  private final String clientId;
  private final Path secretFile;
  private final Optional<String> scope;
  private final Duration timeout;
  private final Clock clock;
  private String token;
  private Instant expires = Instant.MIN;

  ClientCredentialsTokenSource(
      HttpClient http,
      ObjectMapper json,
      URI endpoint,
      String clientId,
      Path secretFile,
      Optional<String> scope,
      Duration timeout,
      Clock clock) {
    this.http = requireNonNull(http, "http");
    this.json = requireNonNull(json, "json");
    this.endpoint = requireNonNull(endpoint, "endpoint");
    this.clientId = requireNonNull(clientId, "clientId");
    this.secretFile = requireNonNull(secretFile, "secretFile");
    this.scope = requireNonNull(scope, "scope");
    this.timeout = requireNonNull(timeout, "timeout");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public synchronized String token() {
    if (token != null && clock.instant().isBefore(expires.minus(EARLY))) {
      return token;
    }
    try {
      String secret = Files.readString(secretFile, StandardCharsets.UTF_8).strip();
      String basic =
          Base64.getEncoder()
              .encodeToString(
                  (form(clientId) + ":" + form(secret)).getBytes(StandardCharsets.UTF_8));
      String body =
          "grant_type=client_credentials" + scope.map(s -> "&scope=" + form(s)).orElse("");
      HttpRequest request =
          HttpRequest.newBuilder(endpoint)
              .timeout(timeout)
              .header("Authorization", "Basic " + basic)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("Accept", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200 || response.body().length > MAX_RESPONSE) {
        throw new SourceException(
            SourceException.Reason.UNAUTHENTICATED,
            "the token endpoint refused the client credentials (HTTP "
                + response.statusCode()
                + ")");
      }
      JsonNode grant = json.readTree(response.body());
      String access = grant.path("access_token").asText("");
      if (!BearerTokens.valid(access)) {
        throw new SourceException(
            SourceException.Reason.UNAUTHENTICATED, "the token endpoint returned no bearer token");
      }
      long seconds = grant.path("expires_in").asLong(300);
      token = access;
      expires = clock.instant().plusSeconds(Math.max(60, Math.min(seconds, 86_400)));
      return token;
    } catch (IOException e) {
      throw new SourceException(
          SourceException.Reason.UNAVAILABLE,
          "the token endpoint cannot be reached: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceException(SourceException.Reason.UNAVAILABLE, "interrupted");
    }
  }

  /** RFC 6749 2.3.1: client id and secret are form-encoded before Basic authentication. */
  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
