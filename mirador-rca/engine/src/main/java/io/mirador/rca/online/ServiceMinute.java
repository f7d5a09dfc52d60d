package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * What one service did in one minute, as the core's feature endpoint reports it: requests (server
 * and consumer spans), failed requests, latency quantiles in nanoseconds (NaN in a minute without
 * requests), error log records, and the minute's average of each resource gauge present.
 */
public record ServiceMinute(
    String service,
    Instant minute,
    long requests,
    long errors,
    double latencyP50Nanos,
    double latencyP95Nanos,
    double latencyP99Nanos,
    long errorLogs,
    Map<String, Double> gauges) {
  public ServiceMinute {
    requireNonNull(service, "service");
    requireNonNull(minute, "minute");
    gauges = Map.copyOf(requireNonNull(gauges, "gauges"));
    if (service.isEmpty()) {
      throw new IllegalArgumentException("service must not be empty");
    }
    if (!minute.truncatedTo(ChronoUnit.MINUTES).equals(minute)) {
      throw new IllegalArgumentException("minute must be a whole minute, got " + minute);
    }
    if (requests < 0 || errors < 0 || errorLogs < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }

  /** The same minute with {@code more} gauges, each replacing one of the same name. */
  public ServiceMinute withGauges(Map<String, Double> more) {
    var all = new java.util.HashMap<>(gauges);
    all.putAll(requireNonNull(more, "more"));
    return new ServiceMinute(
        service,
        minute,
        requests,
        errors,
        latencyP50Nanos,
        latencyP95Nanos,
        latencyP99Nanos,
        errorLogs,
        all);
  }

  /** Failed requests over requests; 0 in a minute without requests. */
  public double errorRate() {
    return requests == 0 ? 0 : (double) errors / requests;
  }
}
