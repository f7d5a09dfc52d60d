package io.mirador.core.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Where a region's telemetry is stored: the embedded engine, or a ClickHouse server or cluster. */
public sealed interface StorageTarget {

  /** Embedded ClickHouse (chDB) at a directory; one per process. */
  record Embedded(Path path) implements StorageTarget {
    public Embedded {
      requireNonNull(path, "path");
    }
  }

  /**
   * A ClickHouse server or cluster over its HTTP interface.
   *
   * @param passwordEnv the environment variable holding the password (never the password itself)
   */
  record Server(
      URI url, String database, Optional<String> cluster, String user, Optional<String> passwordEnv)
      implements StorageTarget {
    public Server {
      requireNonNull(url, "url");
      requireNonNull(database, "database");
      requireNonNull(cluster, "cluster");
      requireNonNull(user, "user");
      requireNonNull(passwordEnv, "passwordEnv");
    }
  }
}
