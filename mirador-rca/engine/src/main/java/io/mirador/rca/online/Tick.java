package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * What one run of the detection loop did for one tenant.
 *
 * @param lastMinute the latest minute evaluated, empty when no new minute was complete
 * @param minutes minutes evaluated in this run (more than one after a pause)
 * @param refitted whether the services' detectors were fitted again
 * @param services services with a fitted detector
 * @param scored service-minutes scored
 * @param anomalous service-minutes at or above their alarm level
 * @param opened incidents opened
 * @param updated incident updates
 * @param closed incidents closed
 * @param fallbacks findings built from the detector's evidence because the RCA could not run
 * @param heldBack service-minutes strong enough to open an incident at once whose strength rested
 *     on latency quantiles over too few requests ({@code DetectionLoop.Builder#minTailRequests}):
 *     scored as ordinary anomalous minutes instead
 * @param pending incidents whose latest state the finding sink has not accepted yet
 */
public record Tick(
    String tenant,
    Optional<Instant> lastMinute,
    int minutes,
    boolean refitted,
    int services,
    int scored,
    int anomalous,
    int opened,
    int updated,
    int closed,
    int fallbacks,
    int heldBack,
    int pending) {
  public Tick {
    requireNonNull(tenant, "tenant");
    requireNonNull(lastMinute, "lastMinute");
  }
}
