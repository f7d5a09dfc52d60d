package io.mirador.store.clickhouse;

import io.mirador.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned migrations at start and records each in {@code mirador_schema_migrations}.
 * The checksums of the migrations of a schema built with the same options never change: the schema
 * text is generated from the options, so the same options give the same statements.
 */
final class Migrations {
  static final String TABLE = "mirador_schema_migrations";
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private final ClickHouseTransport transport;
  private final SchemaOptions options;
  private final List<Migration> migrations;

  Migrations(ClickHouseTransport transport, SchemaOptions options) {
    this(transport, options, all(options));
  }

  Migrations(ClickHouseTransport transport, SchemaOptions options, List<Migration> migrations) {
    this.transport = transport;
    this.options = options;
    this.migrations = List.copyOf(migrations);
  }

  /** Every migration of the schema, in version order. Add new ones at the end; never edit one. */
  static List<Migration> all(SchemaOptions options) {
    return List.of(
        new Migration(
            1,
            "OpenTelemetry exporter tables with TenantId and per-row retention",
            Schema.initialStatements(options)),
        new Migration(2, "findings and audit trail tables", RecordSchema.statements(options)),
        new Migration(
            3,
            "telemetry tables: compact parts below 256 MiB, merges of 10 parts",
            Schema.partSettingStatements(options)),
        new Migration(
            4,
            "spans written with LZ4, recompressed with ZSTD(1) after a day",
            Schema.spanCodecStatements(options)),
        new Migration(
            5,
            "findings record when the detection opened the incident",
            RecordSchema.detectedAtStatements(options)),
        new Migration(
            6,
            "redaction counts per tenant, minute, signal, location, source and action",
            RedactionSchema.statements(options)),
        new Migration(
            7,
            "telemetry and redaction tables keep a window of 1,000 inserts for deduplication",
            Schema.deduplicationStatements(options)));
  }

  /** What {@link #apply()} did: how many migrations it applied, and the version now in place. */
  record Outcome(int applied, int version) {}

  /** Applies what has not been applied. */
  Outcome apply() {
    String onCluster = options.cluster().map(c -> " ON CLUSTER " + c).orElse("");
    String db = options.database();
    transport.execute("CREATE DATABASE IF NOT EXISTS " + db + onCluster);
    String engine =
        options.clustered()
            ? "ReplicatedMergeTree('/clickhouse/tables/{shard}/%s/%s', '{replica}')"
                .formatted(db, TABLE)
            : "MergeTree()";
    transport.execute(
        ("CREATE TABLE IF NOT EXISTS %s.%s%s (Version UInt32, Description String, Checksum String,"
                + " AppliedAt DateTime64(3) DEFAULT now64(3)) ENGINE = %s ORDER BY Version")
            .formatted(db, TABLE, onCluster, engine));
    Map<Integer, String> applied = appliedChecksums();
    int count = 0;
    int version = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
    for (Migration migration : migrations) {
      String recorded = applied.get(migration.version());
      if (recorded != null) {
        if (!recorded.equals(migration.checksum())) {
          throw new StoreException(
              "schema migration "
                  + migration.version()
                  + " was applied with different statements (checksum "
                  + recorded
                  + ", this build "
                  + migration.checksum()
                  + "): the database was created by another Mirador version or with other"
                  + " storage options");
        }
        continue;
      }
      LOG.info("applying schema migration {}: {}", migration.version(), migration.description());
      for (String statement : migration.statements()) {
        transport.execute(statement);
      }
      transport.query(
          "INSERT INTO %s.%s (Version, Description, Checksum) VALUES ({v:UInt32}, {d:String}, {c:String})"
              .formatted(db, TABLE),
          QueryParameters.builder()
              .add("v", Integer.toString(migration.version()))
              .add("d", migration.description())
              .add("c", migration.checksum())
              .build(),
          "TabSeparated");
      count++;
      version = Math.max(version, migration.version());
    }
    return new Outcome(count, version);
  }

  /** Version and checksum of every applied migration. */
  Map<Integer, String> appliedChecksums() {
    String out =
        new String(
            transport.query(
                "SELECT Version, any(Checksum) FROM %s.%s GROUP BY Version ORDER BY Version"
                    .formatted(options.database(), TABLE),
                QueryParameters.none(),
                "TabSeparated"),
            StandardCharsets.UTF_8);
    Map<Integer, String> applied = new HashMap<>();
    for (String line : out.split("\n")) {
      if (!line.isEmpty()) {
        String[] fields = line.split("\t", 2);
        applied.put(Integer.parseInt(fields[0]), fields[1]);
      }
    }
    return applied;
  }
}
