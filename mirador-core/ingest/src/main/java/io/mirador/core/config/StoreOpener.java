package io.mirador.core.config;

import io.mirador.store.TelemetryStore;
import io.mirador.store.TelemetryStores;
import io.mirador.store.clickhouse.SchemaOptions;

/** Opens the store of this core's region: the only storage target the core ever writes to. */
public final class StoreOpener {
  private StoreOpener() {}

  public static TelemetryStore open(CoreConfig config) {
    return switch (config.storage()) {
      case StorageTarget.Embedded embedded -> TelemetryStores.embedded(embedded.path());
      case StorageTarget.Server server -> {
        String password = server.passwordEnv().map(System::getenv).orElse("");
        if (server.passwordEnv().isPresent() && password == null) {
          throw new IllegalStateException(
              "environment variable "
                  + server.passwordEnv().get()
                  + " (the ClickHouse password) is not set");
        }
        SchemaOptions options =
            server
                .cluster()
                .map(c -> SchemaOptions.onCluster(server.database(), c))
                .orElse(SchemaOptions.singleNode(server.database()));
        yield TelemetryStores.server(server.url(), server.user(), password, options);
      }
    };
  }
}
