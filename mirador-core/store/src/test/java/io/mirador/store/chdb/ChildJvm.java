package io.mirador.store.chdb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command that runs {@code main} in a JVM of its own with this test's classpath and engine. */
final class ChildJvm {
  private ChildJvm() {}

  static List<String> command(Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add(
        "-D" + EmbeddedClickHouse.LIBRARY_PROPERTY + "=" + EmbeddedClickHouse.defaultLibraryPath());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return command;
  }
}
