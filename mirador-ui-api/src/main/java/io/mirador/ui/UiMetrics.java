package io.mirador.ui;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * The ui-api's counters on {@code /q/metrics}: every refusal and failed login is counted by reason,
 * every upstream failure by upstream and kind.
 */
@Singleton
final class UiMetrics {
  private final MeterRegistry registry;

  UiMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A request refused before forwarding: unauthenticated, csrf, tenant, admin, malformed... */
  void refused(String reason) {
    registry.counter("mirador.ui.refusals", "reason", reason).increment();
  }

  /** A failed login: wrong token, invalid, used or expired code, throttled. */
  void loginFailed(String reason) {
    registry.counter("mirador.ui.login.failures", "reason", reason).increment();
  }

  void loggedIn(String how) {
    registry.counter("mirador.ui.logins", "how", how).increment();
  }

  void upstreamFailed(String upstream, String kind) {
    registry
        .counter("mirador.ui.upstream.failures", "upstream", upstream, "kind", kind)
        .increment();
  }
}
