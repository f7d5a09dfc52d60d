package io.mirador.store.clickhouse;

import java.util.List;

/**
 * The redaction counts table (migration 6): per tenant, minute, signal, OTLP location, source and
 * action, the number of redactions in the telemetry the core stored. A SummingMergeTree: rows of
 * the same key are summed when parts merge, so the table shrinks to at most one row per key and
 * minute whatever the ingest rate; reads sum anyway, as merges happen in the background. No TTL:
 * the counts are the auditor's record and hold no telemetry values (store RATIONALE.md).
 */
final class RedactionSchema {
  static final String NAME = "mirador_redactions";

  static final List<String> COLUMNS =
      List.of("TenantId", "Minute", "Signal", "Location", "Source", "Action", "Count");

  private static final String COLUMN_DDL =
      "TenantId LowCardinality(String) CODEC(ZSTD(1)),"
          + " Minute DateTime('UTC') CODEC(Delta, ZSTD(1)),"
          + " Signal LowCardinality(String) CODEC(ZSTD(1)),"
          + " Location LowCardinality(String) CODEC(ZSTD(1)),"
          + " Source LowCardinality(String) CODEC(ZSTD(1)),"
          + " Action LowCardinality(String) CODEC(ZSTD(1)),"
          + " Count UInt64 CODEC(ZSTD(1))";

  private static final String LAYOUT =
      "PARTITION BY toYYYYMM(Minute) ORDER BY (TenantId, Minute, Signal, Location, Source, Action)";

  private RedactionSchema() {}

  /** The table rows live in: the plain name on one node, {@code <name>_local} on a cluster. */
  static String storageName(SchemaOptions options) {
    return options.clustered() ? NAME + "_local" : NAME;
  }

  /** The statements of migration 6. */
  static List<String> statements(SchemaOptions options) {
    String db = options.database();
    if (!options.clustered()) {
      return List.of(
          "CREATE TABLE IF NOT EXISTS %s.%s (%s) ENGINE = SummingMergeTree(Count) %s"
              .formatted(db, NAME, COLUMN_DDL, LAYOUT));
    }
    String cluster = options.cluster().orElseThrow();
    String local = storageName(options);
    return List.of(
        ("CREATE TABLE IF NOT EXISTS %s.%s ON CLUSTER %s (%s) ENGINE ="
                + " ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/%s/%s', '{replica}',"
                + " Count) %s")
            .formatted(db, local, cluster, COLUMN_DDL, db, local, LAYOUT),
        "CREATE TABLE IF NOT EXISTS %s.%s ON CLUSTER %s AS %s.%s ENGINE = Distributed(%s, %s, %s, %s)"
            .formatted(db, NAME, cluster, db, local, cluster, db, local, "cityHash64(TenantId)"));
  }
}
