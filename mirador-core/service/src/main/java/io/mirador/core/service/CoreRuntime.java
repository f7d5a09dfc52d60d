package io.mirador.core.service;

import io.mirador.core.config.ConfigException;
import io.mirador.core.config.CoreConfig;
import io.mirador.core.config.CoreConfigLoader;
import io.mirador.core.config.StoreOpener;
import io.mirador.store.TelemetryStore;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Produces the configuration and the store. The configuration file is named by {@code
 * mirador.config} (environment {@code MIRADOR_CONFIG}); an invalid file stops the start with the
 * loader's message, which names the file and the field. {@code mirador.data-dir} ({@code
 * MIRADOR_DATA_DIR}) replaces the file's {@code dataDir}.
 */
@Singleton
final class CoreRuntime {

  @Produces
  @Singleton
  CoreConfig config(
      @ConfigProperty(name = "mirador.config") String file,
      @ConfigProperty(name = "mirador.data-dir") Optional<String> dataDir) {
    try {
      return CoreConfigLoader.load(Path.of(file), dataDir.map(Path::of));
    } catch (ConfigException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Produces
  @Singleton
  TelemetryStore store(CoreConfig config) {
    return StoreOpener.open(config);
  }

  void close(@Disposes TelemetryStore store) {
    store.close();
  }
}
