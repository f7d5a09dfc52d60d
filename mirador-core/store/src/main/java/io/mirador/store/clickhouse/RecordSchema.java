package io.mirador.store.clickhouse;

import java.util.ArrayList;
import java.util.List;

/**
 * Tables of the core's own records, beside the telemetry: findings (one row per version; reads take
 * the latest) and the audit trail (append-only). Neither has a TTL: findings go with a tenant's
 * erasure, and the audit trail outlives it (RATIONALE.md).
 */
final class RecordSchema {
  static final Table FINDINGS =
      new Table(
          "mirador_findings",
          """
          TenantId LowCardinality(String) CODEC(ZSTD(1)),
          FindingId String CODEC(ZSTD(1)),
          WrittenAt DateTime64(9) CODEC(Delta, ZSTD(1)),
          OpenedAt DateTime64(9) CODEC(Delta, ZSTD(1)),
          UpdatedAt DateTime64(9) CODEC(Delta, ZSTD(1)),
          ClosedAt DateTime64(9) CODEC(Delta, ZSTD(1)),
          Status LowCardinality(String) CODEC(ZSTD(1)),
          SymptomService String CODEC(ZSTD(1)),
          SymptomMetric String CODEC(ZSTD(1)),
          WindowStart DateTime64(9) CODEC(Delta, ZSTD(1)),
          WindowEnd DateTime64(9) CODEC(Delta, ZSTD(1)),
          Causes String CODEC(ZSTD(1)),
          Evidence String CODEC(ZSTD(3))
          """,
          "PARTITION BY toYYYYMM(OpenedAt) ORDER BY (TenantId, FindingId, WrittenAt)",
          "cityHash64(TenantId, FindingId)");

  static final Table AUDIT =
      new Table(
          "mirador_audit",
          """
          TenantId LowCardinality(String) CODEC(ZSTD(1)),
          Time DateTime64(9) CODEC(Delta, ZSTD(1)),
          EventId String CODEC(ZSTD(1)),
          Actor String CODEC(ZSTD(1)),
          Action LowCardinality(String) CODEC(ZSTD(1)),
          Parameters String CODEC(ZSTD(1)),
          Outcome LowCardinality(String) CODEC(ZSTD(1)),
          ResultCount Int64 CODEC(ZSTD(1))
          """,
          "PARTITION BY toYYYYMM(Time) ORDER BY (TenantId, Time, EventId)",
          "cityHash64(TenantId)");

  private RecordSchema() {}

  /** The statements of migration 2. */
  static List<String> statements(SchemaOptions options) {
    List<String> statements = new ArrayList<>();
    statements.addAll(FINDINGS.createStatements(options));
    statements.addAll(AUDIT.createStatements(options));
    return statements;
  }

  /**
   * The statements of migration 5: findings record when the detection opened the incident ({@code
   * DetectedAt}, null for findings written before). On a cluster the local and the distributed
   * table both get the column.
   */
  static List<String> detectedAtStatements(SchemaOptions options) {
    String onCluster = options.cluster().map(c -> " ON CLUSTER " + c).orElse("");
    String add = " ADD COLUMN IF NOT EXISTS DetectedAt Nullable(DateTime64(9)) CODEC(ZSTD(1))";
    List<String> statements = new ArrayList<>();
    statements.add(
        "ALTER TABLE "
            + options.database()
            + "."
            + FINDINGS.storageName(options)
            + onCluster
            + add);
    if (options.clustered()) {
      statements.add("ALTER TABLE " + options.database() + "." + FINDINGS.name() + onCluster + add);
    }
    return statements;
  }
}
