package io.mirador.store.clickhouse;

/**
 * One table of the schema: the OpenTelemetry Collector ClickHouse exporter's table, led by {@code
 * TenantId} and carrying a per-row {@code RetentionDays}.
 *
 * @param name the table name readers and writers use
 * @param columns the column list, as in {@code CREATE TABLE name (columns)}
 * @param layout partitioning, ordering, TTL and settings that follow the engine
 * @param shardingKey the {@code Distributed} sharding expression on a cluster
 */
record Table(String name, String columns, String layout, String shardingKey) {

  /** The table rows live in: the plain name on one node, {@code <name>_local} on a cluster. */
  String storageName(SchemaOptions options) {
    return options.clustered() ? name + "_local" : name;
  }

  /** The DDL that creates the table (two statements on a cluster: local and distributed). */
  java.util.List<String> createStatements(SchemaOptions options) {
    String db = options.database();
    if (!options.clustered()) {
      return java.util.List.of(
          "CREATE TABLE IF NOT EXISTS %s.%s (%s) ENGINE = MergeTree() %s"
              .formatted(db, name, columns, layout));
    }
    String cluster = options.cluster().orElseThrow();
    String local = storageName(options);
    return java.util.List.of(
        ("CREATE TABLE IF NOT EXISTS %s.%s ON CLUSTER %s (%s) ENGINE ="
                + " ReplicatedMergeTree('/clickhouse/tables/{shard}/%s/%s', '{replica}') %s")
            .formatted(db, local, cluster, columns, db, local, layout),
        "CREATE TABLE IF NOT EXISTS %s.%s ON CLUSTER %s AS %s.%s ENGINE = Distributed(%s, %s, %s, %s)"
            .formatted(db, name, cluster, db, local, cluster, db, local, shardingKey));
  }
}
