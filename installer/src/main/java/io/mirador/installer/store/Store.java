package io.mirador.installer.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link StoreTool} in a child JVM (this installer's runtime and jar) with a given release's
 * engine library: a backup is taken by the engine of the release that wrote the data.
 */
public final class Store {
  private final Path java;
  private final Path installerJar;

  public Store(Path java, Path installerJar) {
    this.java = java;
    this.installerJar = installerJar;
  }

  /** The schema version of the store at {@code storeDir} (0 when empty). */
  public int schema(Path library, Path storeDir) throws IOException {
    return run(library, storeDir, List.of("schema"));
  }

  /** BACKUP DATABASE into {@code backupDir} (must not exist); returns the schema backed up. */
  public int backup(Path library, Path storeDir, Path backupDir) throws IOException {
    return run(library, storeDir, List.of("backup", backupDir.toString()));
  }

  /** RESTORE DATABASE from {@code backupDir}; returns the schema restored. */
  public int restore(Path library, Path storeDir, Path backupDir) throws IOException {
    return run(library, storeDir, List.of("restore", backupDir.toString()));
  }

  private int run(Path library, Path storeDir, List<String> action) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(installerJar.toString());
    command.add(StoreTool.class.getName());
    command.add(library.toString());
    command.add(storeDir.toString());
    command.addAll(action);
    Path errors = Files.createTempFile("mirador-store-", ".err");
    Process p =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectError(errors.toFile())
            .start();
    try {
      String out;
      try (var o = p.getInputStream()) {
        out = new String(o.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
      if (!p.waitFor(30, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException("store " + action.get(0) + " did not finish in 30 minutes");
      }
      String err = Files.readString(errors, StandardCharsets.UTF_8).trim();
      if (p.exitValue() != 0) {
        throw new IOException(lastLine(err.isEmpty() ? "store " + action.get(0) + " failed" : err));
      }
      String[] lines = out.split("\n");
      return Integer.parseInt(lines[lines.length - 1].trim());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted", e);
    } catch (NumberFormatException e) {
      throw new IOException("store tool printed no schema version", e);
    } finally {
      Files.deleteIfExists(errors);
    }
  }

  private static String lastLine(String s) {
    String[] lines = s.split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      if (lines[i].contains("failed")) {
        return lines[i].trim();
      }
    }
    return lines[lines.length - 1].trim();
  }
}
