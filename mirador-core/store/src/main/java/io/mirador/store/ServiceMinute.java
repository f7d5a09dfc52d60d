package io.mirador.store;

import java.util.Map;

/**
 * What one service did in one minute, as the RCA engine reads it: requests (server and consumer
 * spans), failed requests, their latency quantiles, error log records, and the minute's average of
 * each requested gauge (CPU, memory, ...). Latency is NaN in a minute without requests.
 */
public record ServiceMinute(
    String service,
    long minuteStartUnixNano,
    long requests,
    long errors,
    double latencyP50Nanos,
    double latencyP95Nanos,
    double latencyP99Nanos,
    long errorLogs,
    Map<String, Double> gauges) {

  public ServiceMinute {
    gauges = Map.copyOf(gauges);
  }

  /** Failed requests over requests; 0 in a minute without requests. */
  public double errorRate() {
    return requests == 0 ? 0 : (double) errors / requests;
  }
}
