package io.mirador.core.service.ingest;

import io.mirador.core.ingest.CoreKeys;
import io.mirador.core.ingest.IngestPipeline;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TenantId;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the keyring is loaded and the store answers a read (a trace lookup of a tenant that
 * never exists) and the last store write did not fail.
 */
@Readiness
@ApplicationScoped
public class IngestReadiness implements HealthCheck {
  private static final TenantId PROBE = TenantId.of("mirador-health-probe");
  private static final String PROBE_TRACE = "00000000000000000000000000000001";

  private final CoreKeys keys;
  private final IngestPipeline pipeline;
  private final TelemetryStore store;

  IngestReadiness(CoreKeys keys, IngestPipeline pipeline, TelemetryStore store) {
    this.keys = keys;
    this.pipeline = pipeline;
    this.store = store;
  }

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("mirador-ingest");
    String keyId;
    try {
      keyId = keys.activeKeyId();
    } catch (RuntimeException e) {
      return response.down().withData("keyring", "not loaded").build();
    }
    response.withData("keyring", "loaded").withData("activeKey", keyId);
    try {
      store.trace(PROBE, PROBE_TRACE);
    } catch (RuntimeException e) {
      return response.down().withData("store", "unreachable").build();
    }
    if (pipeline.storeFailing()) {
      return response.down().withData("store", "last write failed").build();
    }
    return response
        .up()
        .withData("store", "reachable")
        .withData("inflightBytes", pipeline.inflightBytes())
        .build();
  }
}
