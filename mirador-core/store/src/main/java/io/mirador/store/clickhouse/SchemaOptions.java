package io.mirador.store.clickhouse;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the schema lives: a database, and optionally a cluster. With a cluster, each table is a
 * {@code ReplicatedMergeTree} named {@code <table>_local} on every node ({@code ON CLUSTER}) and a
 * {@code Distributed} table of the plain name routes reads and writes.
 *
 * @param database the database name
 * @param cluster the cluster name from the server's {@code remote_servers}, if any
 */
public record SchemaOptions(String database, Optional<String> cluster) {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  public SchemaOptions {
    requireNonNull(database, "database");
    requireNonNull(cluster, "cluster");
    requireIdentifier(database, "database");
    cluster.ifPresent(c -> requireIdentifier(c, "cluster"));
  }

  /** A single-node schema in {@code database}. */
  public static SchemaOptions singleNode(String database) {
    return new SchemaOptions(database, Optional.empty());
  }

  /** A replicated, distributed schema in {@code database} on {@code cluster}. */
  public static SchemaOptions onCluster(String database, String cluster) {
    return new SchemaOptions(database, Optional.of(cluster));
  }

  public boolean clustered() {
    return cluster.isPresent();
  }

  /**
   * Identifiers cannot be bound as parameters, so they are restricted to a form that needs no
   * quoting.
   */
  static String requireIdentifier(String name, String what) {
    if (!IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what + " must match [A-Za-z_][A-Za-z0-9_]{0,63}, got " + name.length() + " characters");
    }
    return name;
  }
}
