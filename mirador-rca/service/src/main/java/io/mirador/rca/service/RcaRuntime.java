package io.mirador.rca.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/** Produces the core client and the detection loop's credentials from the configuration. */
@Singleton
final class RcaRuntime {

  @Produces
  @Singleton
  HttpClient http() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Produces
  @Singleton
  CoreClient core(HttpClient http, ObjectMapper json, RcaConfig config) {
    return new CoreClient(http, json, config.coreUrl(), config.coreTimeout());
  }

  /**
   * The detection loop's credentials: a token file (the core's local admin token), or an OIDC
   * client-credentials grant. Without either, every loop run fails with UNAUTHENTICATED (counted,
   * and the readiness check says so) rather than the service refusing to start: the API still works
   * with callers' tokens.
   */
  @Produces
  @Singleton
  LoopCredentials loopCredentials(HttpClient http, ObjectMapper json, RcaConfig config) {
    RcaConfig.Credentials c = config.credentials();
    if (c.tokenEndpoint().isPresent()) {
      if (c.clientId().isEmpty() || c.clientSecretFile().isEmpty()) {
        throw new IllegalStateException(
            "mirador.rca.credentials.token-endpoint needs client-id and client-secret-file");
      }
      return new LoopCredentials(
          new ClientCredentialsTokenSource(
              http,
              json,
              c.tokenEndpoint().get(),
              c.clientId().get(),
              c.clientSecretFile().get(),
              c.scope(),
              config.coreTimeout(),
              Clock.systemUTC()),
          "oidc-client-credentials");
    }
    if (c.tokenFile().isPresent()) {
      return new LoopCredentials(new FileTokenSource(c.tokenFile().get()), "token-file");
    }
    return new LoopCredentials(
        () -> {
          throw new io.mirador.rca.online.SourceException(
              io.mirador.rca.online.SourceException.Reason.UNAUTHENTICATED,
              "no credentials configured for the detection loop (mirador.rca.credentials.*)");
        },
        "none");
  }

  /** The loop's token source and how it gets its tokens (for health and logs). */
  record LoopCredentials(TokenSource source, String kind) {}
}
