package io.mirador.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the files under test live: this module's directory and the repository around it. */
final class DeployTree {
  private DeployTree() {}

  /** The deploy module's directory (Maven runs tests there; {@code basedir} when it says so). */
  static Path module() {
    String basedir = System.getProperty("basedir");
    Path dir = Path.of(basedir == null ? "" : basedir).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir.resolve("systemd"))) {
      throw new IllegalStateException("not the deploy module: " + dir);
    }
    return dir;
  }

  static Path repository() {
    return module().getParent();
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
