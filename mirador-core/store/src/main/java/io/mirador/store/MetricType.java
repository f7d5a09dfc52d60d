package io.mirador.store;

/** The five OTLP metric data types, each stored in its own table. */
public enum MetricType {
  GAUGE("otel_metrics_gauge"),
  SUM("otel_metrics_sum"),
  HISTOGRAM("otel_metrics_histogram"),
  EXPONENTIAL_HISTOGRAM("otel_metrics_exponential_histogram"),
  SUMMARY("otel_metrics_summary");

  private final String table;

  MetricType(String table) {
    this.table = table;
  }

  /** The table of the exporter's schema that holds this type. */
  public String table() {
    return table;
  }
}
