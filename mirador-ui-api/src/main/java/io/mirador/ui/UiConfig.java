package io.mirador.ui;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The ui-api's settings ({@code mirador.ui.*}; README.md, "Configuration"). */
@ConfigMapping(prefix = "mirador.ui")
interface UiConfig {
  /** The core ({@code MIRADOR_CORE_URL}). */
  URI coreUrl();

  /** The RCA service ({@code MIRADOR_RCA_URL}). */
  URI rcaUrl();

  /** Where the login link is written ({@code MIRADOR_UI_DATA_DIR}). */
  Path dataDir();

  /**
   * The core's local admin token file ({@code MIRADOR_UI_LOCAL_TOKEN_FILE}); no login link without.
   */
  Optional<Path> localTokenFile();

  /** The base of the login link; default {@code http://127.0.0.1:<port>}. */
  Optional<URI> publicUrl();

  /**
   * Tenants a local admin token sees when the core has no {@code /api/v1/me} yet (older cores); /me
   * answers win.
   */
  @WithDefault("demo")
  List<String> fallbackTenants();

  Upstreams upstream();

  Sessions session();

  Oidc oidc();

  /** Timeouts and bounds of the calls to the core and the RCA service. */
  interface Upstreams {
    @WithDefault("5s")
    Duration connectTimeout();

    @WithDefault("60s")
    Duration coreTimeout();

    /** An on-demand RCA ranks up to six hours of features: longer than a query. */
    @WithDefault("180s")
    Duration rcaTimeout();

    /** The largest upstream answer passed on (a 5,000-span trace is about 5 MB of JSON). */
    @WithDefault("33554432")
    int maxResponseBytes();

    /** The largest request body forwarded ({@code POST /rca} bodies are a few hundred bytes). */
    @WithDefault("65536")
    int maxRequestBytes();
  }

  /** Session lifetimes and bound. */
  interface Sessions {
    @WithDefault("30m")
    Duration idleTimeout();

    @WithDefault("12h")
    Duration absoluteTimeout();

    @WithDefault("1000")
    int max();

    /**
     * Secure cookies: {@code auto} (when the request came over TLS), {@code true} or {@code false}.
     */
    @WithDefault("auto")
    String secureCookie();
  }

  /** Production login. */
  interface Oidc {
    @WithDefault("false")
    boolean enabled();

    /** A file holding the OIDC client secret ({@code MIRADOR_UI_OIDC_CLIENT_SECRET_FILE}). */
    Optional<Path> clientSecretFile();

    /** The access-token claim listing the user's tenants, as the core reads it. */
    @WithDefault("mirador_tenants")
    String tenantsClaim();

    /** The access-token claim listing the user's roles. */
    @WithDefault("mirador_roles")
    String rolesClaim();
  }
}
