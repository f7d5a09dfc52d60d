package io.mirador.ui;

import io.mirador.ui.forward.UpstreamClient;
import io.mirador.ui.session.LoginCodes;
import io.mirador.ui.session.LoginThrottle;
import io.mirador.ui.session.SessionStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The plain-Java parts, built from the configuration. */
final class Beans {
  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @Singleton
  SessionStore sessions(UiConfig config, Clock clock) {
    UiConfig.Sessions s = config.session();
    return new SessionStore(
        new SessionStore.Limits(s.idleTimeout(), s.absoluteTimeout(), s.max()), clock);
  }

  @Produces
  @Singleton
  LoginCodes loginCodes(Clock clock) {
    return new LoginCodes(clock, LoginCodes.DEFAULT_TTL);
  }

  @Produces
  @Singleton
  LoginThrottle loginThrottle(Clock clock) {
    return LoginThrottle.defaults(clock);
  }

  @Produces
  @Singleton
  UpstreamClient upstreams(UiConfig config) {
    UiConfig.Upstreams u = config.upstream();
    return new UpstreamClient(
        new UpstreamClient.Settings(
            config.coreUrl(),
            config.rcaUrl(),
            u.connectTimeout(),
            u.coreTimeout(),
            u.rcaTimeout(),
            u.maxResponseBytes()));
  }
}
