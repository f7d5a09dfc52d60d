package io.mirador.launcher;

import io.mirador.store.TelemetryStores;
import io.mirador.store.clickhouse.ClickHouseTelemetryStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code mirador up}: runs the product on the embedded default. Today that is the store: it opens
 * (or creates) the embedded ClickHouse database, applies the schema migrations, reports what it
 * holds, and keeps the store open until the process is stopped. The core, agent, RCA and UI
 * services join this command as they are built.
 */
final class UpCommand implements Mirador.Command {

  @Override
  public String name() {
    return "up";
  }

  @Override
  public String summary() {
    return "run Mirador on the embedded store (Ctrl-C stops it)";
  }

  @Override
  public String usage() {
    return "[--data DIR] [--check]";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Map<String, String> options = Mirador.options(args, List.of("--data"), List.of("--check"));
    Path data = Path.of(options.getOrDefault("--data", defaultDataDirectory()));
    ClickHouseTelemetryStore store = TelemetryStores.embedded(data.resolve("clickhouse"));
    out.println("Mirador store ready: " + data.toAbsolutePath().normalize());
    out.println("  schema version " + store.schemaVersion());
    for (String table : store.tables()) {
      out.println("  " + table);
    }
    if (options.containsKey("--check")) {
      store.close();
      out.println("check passed");
      return 0;
    }
    out.println("Running. The core, agent, RCA and UI services are not built yet; Ctrl-C stops.");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  store.close();
                  stopped.countDown();
                },
                "mirador-stop"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Mirador.Command.KEEP_RUNNING;
  }

  static String defaultDataDirectory() {
    String configured = System.getenv("MIRADOR_DATA");
    return configured == null || configured.isBlank() ? "var/data" : configured;
  }
}
