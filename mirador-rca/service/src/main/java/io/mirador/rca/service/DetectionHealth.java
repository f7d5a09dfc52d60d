package io.mirador.rca.service;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Per tenant: the last run's outcome, the loop's state (learning the baseline N of M minutes, or
 * watching) and the open incidents. Ready when the detection loop is off, or every tenant had a
 * successful run in the last three minutes (the first three minutes after start count as ready).
 * Reports the failure reason per tenant, never a token or a telemetry value.
 */
@Readiness
@Singleton
final class DetectionHealth implements HealthCheck {
  private static final Duration STALE = Duration.ofMinutes(3);

  @Inject DetectionService detection;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder r = HealthCheckResponse.named("rca-detection-loop");
    if (!detection.running()) {
      r.up().withData("loop", "off");
      detection.tenants().forEach(t -> state(r, t));
      return r.build();
    }
    Instant now = Instant.now();
    boolean up = true;
    boolean warmingUp = detection.started().plus(STALE).isAfter(now);
    var success = detection.lastSuccess();
    var failure = detection.lastFailure();
    for (String tenant : detection.tenants()) {
      Instant last = success.get(tenant);
      boolean fresh = last != null && last.plus(STALE).isAfter(now);
      r.withData(tenant, fresh ? "ok" : failure.getOrDefault(tenant, "no run yet"));
      state(r, tenant);
      up &= fresh || warmingUp;
    }
    return r.status(up).build();
  }

  /**
   * The tenant's loop state (learning the baseline N of M minutes, watching on a short baseline
   * with its widened tolerance, watching) and open incidents.
   */
  private void state(HealthCheckResponseBuilder r, String tenant) {
    DetectionService.TenantStatus status = detection.status(tenant);
    r.withData(tenant + ".state", status.description());
    r.withData(tenant + ".openIncidents", status.openIncidents());
  }
}
