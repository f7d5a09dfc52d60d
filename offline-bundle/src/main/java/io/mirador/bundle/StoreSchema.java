package io.mirador.bundle;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The store schema version the bundled core migrates to, read from the store jar the core app ships
 * (its newest migration), so VERSION's {@code schema=} can never drift from the code in the bundle.
 * The migration list is package-private in the store; this loads it in an isolated class loader
 * over the core's own jars and reads it reflectively. A public constant in the store would make
 * this a one-liner (README.md, "Open points").
 */
final class StoreSchema {
  private static final String PACKAGE = "io.mirador.store.clickhouse.";

  private StoreSchema() {}

  static int of(Path coreApp) throws IOException {
    List<URL> urls = new ArrayList<>();
    for (String dir : List.of("lib/main", "lib/boot")) {
      Path d = coreApp.resolve(dir);
      if (Files.isDirectory(d)) {
        try (Stream<Path> jars = Files.list(d)) {
          for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
            urls.add(jar.toUri().toURL());
          }
        }
      }
    }
    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Class<?> options = loader.loadClass(PACKAGE + "SchemaOptions");
      Object single = options.getMethod("singleNode", String.class).invoke(null, "mirador");
      Method all = loader.loadClass(PACKAGE + "Migrations").getDeclaredMethod("all", options);
      all.setAccessible(true);
      Method version = loader.loadClass(PACKAGE + "Migration").getDeclaredMethod("version");
      version.setAccessible(true);
      int newest = -1;
      for (Object migration : (List<?>) all.invoke(null, single)) {
        newest = Math.max(newest, (Integer) version.invoke(migration));
      }
      if (newest < 0) {
        throw new IOException("the core's store has no migrations");
      }
      return newest;
    } catch (ReflectiveOperationException | ClassCastException e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      throw new IOException(
          "cannot read the store schema version from "
              + coreApp
              + "/lib/main (io.mirador.mirador-store jar): "
              + cause
              + "; pass the schema explicitly (--schema=N)",
          e);
    }
  }
}
