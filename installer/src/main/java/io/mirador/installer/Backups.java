package io.mirador.installer;

import io.mirador.installer.layout.History;
import io.mirador.installer.layout.Json;
import io.mirador.installer.layout.Prefix;
import io.mirador.installer.service.Ownership;
import io.mirador.installer.store.Store;
import io.mirador.installer.verify.ReleaseFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Backups of configuration, keys and data: {@code backups/<UTC time>-<version>/} with {@code etc/},
 * {@code keys/}, {@code data/} (everything but the store) and {@code store/} (ClickHouse {@code
 * BACKUP DATABASE}, taken by the engine of the release that wrote the data, with every service
 * stopped). Never deleted except by {@code prune-backups}.
 */
final class Backups {
  static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private final Prefix prefix;
  private final Store store;

  Backups(Prefix prefix, Store store) {
    this.prefix = prefix;
    this.store = store;
  }

  Path storeDir() {
    return prefix.data().resolve("core/clickhouse");
  }

  /** Takes a backup; services must be stopped. Returns its record. */
  History.Backup take(
      String version, boolean engine, Path library, String reason, String user, String group)
      throws IOException {
    Instant now = Instant.now();
    String name = STAMP.format(now) + "-" + version;
    Path dir = prefix.backups().resolve(name);
    for (int i = 1; Files.exists(dir); i++) {
      dir = prefix.backups().resolve(name + "." + i);
    }
    name = dir.getFileName().toString();
    Prefix.createPrivateDirectory(prefix.backups());
    Prefix.createPrivateDirectory(dir);
    try {
      copyIfPresent(prefix.etc(), dir.resolve("etc"));
      copyIfPresent(prefix.keys(), dir.resolve("keys"));
      Path storeDir = storeDir();
      if (Files.isDirectory(prefix.data())) {
        TreeCopy.copy(
            prefix.data(),
            dir.resolve("data"),
            p -> !p.startsWith(storeDir) && !p.getFileName().toString().contains(".replaced-"));
      }
      int schema = 0;
      if (engine && Files.isDirectory(storeDir)) {
        // The engine writes the backup as the user the installer runs as; the directory must be
        // where backups.allowed_path points (the backup's own directory).
        schema = store.backup(library, storeDir, dir.resolve("store"));
      }
      History.Backup b = new History.Backup(name, version, schema, now.toString(), reason);
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("name", name);
      meta.put("version", version);
      meta.put("schema", (long) schema);
      meta.put("createdAt", now.toString());
      meta.put("reason", reason);
      Prefix.writeAtomically(dir.resolve("backup.json"), Json.write(meta), Prefix.OWNER_ONLY_FILE);
      Ownership.chownTree(dir, user, group);
      return b;
    } catch (IOException | RuntimeException e) {
      ReleaseFiles.deleteTree(dir);
      throw new IOException("backup failed (nothing kept): " + e.getMessage(), e);
    }
  }

  private static void copyIfPresent(Path from, Path to) throws IOException {
    if (Files.isDirectory(from)) {
      TreeCopy.copy(from, to, p -> true);
    }
  }

  /**
   * Why {@code backup} cannot be restored, or empty when it looks restorable: its directory, a
   * readable {@code backup.json} that names it, and (for the engine) its {@code store/} directory.
   * Checked before anything is replaced, so a missing backup stops a restore with nothing touched.
   */
  java.util.Optional<String> problem(History.Backup backup, boolean engine) {
    Path dir = prefix.backups().resolve(backup.name());
    if (!Files.isDirectory(dir)) {
      return java.util.Optional.of("backup " + backup.name() + " is missing: no directory " + dir);
    }
    try {
      History.Backup onDisk = read(backup.name());
      if (!onDisk.name().equals(backup.name()) || !onDisk.version().equals(backup.version())) {
        return java.util.Optional.of(
            "backup "
                + backup.name()
                + " is unreadable: "
                + dir.resolve("backup.json")
                + " describes another backup");
      }
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.of(
          "backup "
              + backup.name()
              + " is unreadable: "
              + dir.resolve("backup.json")
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
    if (engine && backup.schema() > 0) {
      Path store = dir.resolve("store");
      try (var entries = Files.list(store)) {
        if (entries.findAny().isEmpty()) {
          return java.util.Optional.of(
              "backup " + backup.name() + " is unreadable: its store " + store + " is empty");
        }
      } catch (IOException e) {
        return java.util.Optional.of(
            "backup " + backup.name() + " is unreadable: no store at " + store);
      }
    }
    return java.util.Optional.empty();
  }

  /** Reads a backup's record from its directory. */
  History.Backup read(String name) throws IOException {
    Path dir = prefix.backups().resolve(name).normalize();
    if (!dir.getParent().equals(prefix.backups())
        || !Files.isRegularFile(dir.resolve("backup.json"))) {
      throw new IOException("no backup named " + name + " in " + prefix.backups());
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m =
        (Map<String, Object>)
            Json.parse(Files.readString(dir.resolve("backup.json"), StandardCharsets.UTF_8));
    return new History.Backup(
        (String) m.get("name"),
        (String) m.get("version"),
        ((Long) m.get("schema")).intValue(),
        (String) m.get("createdAt"),
        (String) m.get("reason"));
  }

  /**
   * Puts a backup back: etc (files of the backup replace those present; trusted keys added since
   * are kept), keys, data, and the store (the current store is moved aside, not deleted). Services
   * must be stopped. Returns the directory the replaced store was moved to, or null.
   */
  Path restore(History.Backup backup, boolean engine, Path library, String user, String group)
      throws IOException {
    Path dir = prefix.backups().resolve(backup.name());
    Path etc = dir.resolve("etc");
    if (Files.isDirectory(etc)) {
      try (var walk = Files.walk(etc)) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          Path target = prefix.etc().resolve(etc.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(target);
          } else {
            Files.copy(
                p,
                target,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
    }
    if (Files.isDirectory(dir.resolve("keys"))) {
      ReleaseFiles.deleteTree(prefix.keys());
      TreeCopy.copy(dir.resolve("keys"), prefix.keys(), p -> true);
    }
    Path storeDir = storeDir();
    if (Files.isDirectory(dir.resolve("data"))) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(prefix.data())) {
        for (Path p : entries) {
          if (!p.getFileName().toString().equals("core")) {
            ReleaseFiles.deleteTree(p);
          }
        }
      }
      Path core = prefix.data().resolve("core");
      if (Files.isDirectory(core)) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(core)) {
          for (Path p : entries) {
            String n = p.getFileName().toString();
            if (!p.equals(storeDir) && !n.contains(".replaced-")) {
              ReleaseFiles.deleteTree(p);
            }
          }
        }
      }
      try (var walk = Files.walk(dir.resolve("data"))) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          Path target = prefix.data().resolve(dir.resolve("data").relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(target);
          } else if (!Files.exists(target)) {
            Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
    }
    Path aside = null;
    if (engine && Files.isDirectory(dir.resolve("store"))) {
      if (Files.exists(storeDir)) {
        aside = storeDir.resolveSibling("clickhouse.replaced-" + STAMP.format(Instant.now()));
        Files.move(storeDir, aside);
      }
      Files.createDirectories(storeDir);
      try {
        store.restore(library, storeDir, dir.resolve("store"));
      } catch (IOException e) {
        ReleaseFiles.deleteTree(storeDir);
        if (aside != null) {
          Files.move(aside, storeDir);
        }
        throw e;
      }
    }
    Ownership.chownTree(prefix.etc(), user, group);
    Ownership.chownTree(prefix.keys(), user, group);
    Ownership.chownTree(prefix.data(), user, group);
    return aside;
  }
}
