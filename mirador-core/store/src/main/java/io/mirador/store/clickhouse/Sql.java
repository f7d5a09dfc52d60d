package io.mirador.store.clickhouse;

/** Table names and clauses that depend on the schema options, for building statements. */
final class Sql {
  private final SchemaOptions options;

  Sql(SchemaOptions options) {
    this.options = options;
  }

  /** The table readers and writers use: {@code db.name} (the Distributed table on a cluster). */
  String table(Table table) {
    return table(table.name());
  }

  String table(String name) {
    return options.database() + "." + name;
  }

  /** The table that holds the rows: mutations go here ({@code db.name_local} on a cluster). */
  String storageTable(Table table) {
    return options.database() + "." + table.storageName(options);
  }

  /** {@code " ON CLUSTER c"}, or nothing on a single node. */
  String onCluster() {
    return options.cluster().map(c -> " ON CLUSTER " + c).orElse("");
  }

  /** A time filter on {@code column} for {@code [from, to)} bound as nanosecond parameters. */
  static String timeFilter(String column) {
    return column
        + " >= fromUnixTimestamp64Nano({from:Int64}) AND "
        + column
        + " < fromUnixTimestamp64Nano({to:Int64})";
  }
}
