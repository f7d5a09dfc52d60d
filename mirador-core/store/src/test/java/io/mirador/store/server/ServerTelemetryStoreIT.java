package io.mirador.store.server;

import io.mirador.store.TelemetryStore;
import io.mirador.store.clickhouse.ClickHouseTelemetryStore;
import io.mirador.store.clickhouse.InsertFormat;
import io.mirador.store.clickhouse.SchemaOptions;
import io.mirador.store.testing.TelemetryStoreContractIT;
import java.net.URI;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.clickhouse.ClickHouseContainer;

/**
 * The storage contract on a ClickHouse server: the one named by {@code MIRADOR_CLICKHOUSE_URL}
 * (with {@code MIRADOR_CLICKHOUSE_USER} and {@code MIRADOR_CLICKHOUSE_PASSWORD}), else one that
 * Testcontainers starts where Docker runs. Skipped, with the reason printed, where neither exists.
 */
class ServerTelemetryStoreIT extends TelemetryStoreContractIT {
  private static final String IMAGE = "clickhouse/clickhouse-server:25.8";
  private static ClickHouseTelemetryStore store;
  private static ClickHouseContainer container;

  @BeforeAll
  static void connect() {
    if (store != null) {
      return;
    }
    String url = System.getenv("MIRADOR_CLICKHOUSE_URL");
    String user = envOr("MIRADOR_CLICKHOUSE_USER", "default");
    String password = envOr("MIRADOR_CLICKHOUSE_PASSWORD", "");
    if (url == null || url.isBlank()) {
      boolean docker;
      try {
        docker = DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException e) {
        docker = false;
      }
      if (!docker) {
        String reason =
            "ServerTelemetryStoreIT skipped: no MIRADOR_CLICKHOUSE_URL and no Docker engine";
        System.out.println(reason);
        Assumptions.abort(reason);
      }
      container = new ClickHouseContainer(IMAGE);
      container.start();
      url = "http://" + container.getHost() + ":" + container.getMappedPort(8123);
      user = container.getUsername();
      password = container.getPassword();
    }
    store =
        ClickHouseTelemetryStore.open(
            ServerTransport.builder().url(URI.create(url)).user(user).password(password).build(),
            SchemaOptions.singleNode("mirador_contract"),
            InsertFormat.ROW_BINARY);
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null ? fallback : value;
  }

  @Override
  protected TelemetryStore store() {
    return store;
  }
}
