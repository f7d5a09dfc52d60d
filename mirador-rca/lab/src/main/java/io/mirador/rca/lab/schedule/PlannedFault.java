package io.mirador.rca.lab.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;

/**
 * One fault of the schedule: injected on {@code service} after {@code gapBefore} of quiet, for
 * {@code duration}, labelled {@code truth}.
 */
public record PlannedFault(
    int index,
    FaultType type,
    String service,
    String truth,
    Duration gapBefore,
    Duration duration,
    Map<String, Object> params) {
  public PlannedFault {
    requireNonNull(type, "type");
    requireNonNull(service, "service");
    requireNonNull(truth, "truth");
    requireNonNull(gapBefore, "gapBefore");
    requireNonNull(duration, "duration");
    params =
        java.util.Collections.unmodifiableMap(
            new java.util.LinkedHashMap<>(requireNonNull(params, "params")));
  }
}
