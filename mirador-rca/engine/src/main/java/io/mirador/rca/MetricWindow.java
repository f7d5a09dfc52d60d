package io.mirador.rca;

import static java.util.Objects.requireNonNull;

/** One metric of one service: its values in the baseline window and in the incident window. */
public record MetricWindow(String service, String metric, double[] baseline, double[] incident) {
  public MetricWindow {
    requireNonNull(service, "service");
    requireNonNull(metric, "metric");
    requireNonNull(baseline, "baseline");
    requireNonNull(incident, "incident");
    if (baseline.length == 0) {
      throw new IllegalArgumentException(service + "/" + metric + ": empty baseline");
    }
    if (incident.length == 0) {
      throw new IllegalArgumentException(service + "/" + metric + ": empty incident window");
    }
  }
}
