package io.mirador.rca.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The RCA service's configuration ({@code mirador.rca.*}; README.md lists every key). */
@ConfigMapping(prefix = "mirador.rca")
public interface RcaConfig {
  /** The core's HTTP base URL: the RCA service reads features and stores findings there. */
  @WithDefault("http://127.0.0.1:8080")
  URI coreUrl();

  /** Timeout of one call to the core. */
  @WithDefault("30s")
  Duration coreTimeout();

  /** RCA and anomaly analyses that may run at once; more are refused with 429. */
  @WithDefault("2")
  int maxConcurrentAnalyses();

  /** The detection loop's own credentials for the core. */
  Credentials credentials();

  /** The detection loop. */
  Detection detection();

  /** How the detection loop authenticates to the core: a token file, or OIDC client credentials. */
  interface Credentials {
    /**
     * A file holding a bearer token, re-read when it changes: the core's local admin token file in
     * the embedded default mode.
     */
    Optional<Path> tokenFile();

    /** OIDC token endpoint for the client-credentials grant (production). */
    Optional<URI> tokenEndpoint();

    Optional<String> clientId();

    /** A file holding the client secret (never the secret itself in configuration). */
    Optional<Path> clientSecretFile();

    Optional<String> scope();
  }

  /** The detection loop: which tenants, how it fits and settles. */
  interface Detection {
    @WithDefault("true")
    boolean enabled();

    /** Tenants the loop watches; none means the loop does not run. */
    Optional<List<String>> tenants();

    @WithDefault("3h")
    Duration baseline();

    @WithDefault("1h")
    Duration refitEvery();

    /** After a minute ends, how long its late telemetry is waited for before it is scored. */
    @WithDefault("20s")
    Duration settle();

    /** Minutes with data before a service is scored, on a widened level (the warm start). */
    @WithDefault("5")
    int minBaselineMinutes();

    /** Minutes with data from which a service's level is no longer widened. */
    @WithDefault("30")
    int fullBaselineMinutes();
  }
}
