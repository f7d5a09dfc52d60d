package io.mirador.store;

import io.mirador.store.chdb.ChdbTransport;
import io.mirador.store.chdb.EmbeddedClickHouse;
import io.mirador.store.clickhouse.ClickHouseTelemetryStore;
import io.mirador.store.clickhouse.InsertFormat;
import io.mirador.store.clickhouse.SchemaOptions;
import io.mirador.store.server.ServerTransport;
import java.net.URI;
import java.nio.file.Path;

/** Opens the store on its two transports. */
public final class TelemetryStores {
  /** The database the embedded default uses. */
  public static final String DEFAULT_DATABASE = "mirador";

  private TelemetryStores() {}

  /** The embedded default: ClickHouse in this process, storing under {@code dataDirectory}. */
  public static ClickHouseTelemetryStore embedded(Path dataDirectory) {
    return ClickHouseTelemetryStore.open(
        new ChdbTransport(EmbeddedClickHouse.open(dataDirectory)),
        SchemaOptions.singleNode(DEFAULT_DATABASE),
        InsertFormat.ROW_BINARY);
  }

  /**
   * A ClickHouse server or cluster over HTTP(S).
   *
   * @param url the server's HTTP interface, for example {@code http://clickhouse:8123}
   */
  public static ClickHouseTelemetryStore server(
      URI url, String user, String password, SchemaOptions options) {
    return ClickHouseTelemetryStore.open(
        ServerTransport.builder().url(url).user(user).password(password).build(),
        options,
        InsertFormat.ROW_BINARY);
  }
}
