package io.mirador.installer.layout;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The installed layout under one prefix:
 *
 * <pre>
 * releases/&lt;version&gt;/  current -&gt; releases/&lt;version&gt;  etc/ (0700)  keys/ (0700)
 * data/ (0700)  backups/  run/ (pid files, logs/)  state/history.json
 * </pre>
 */
public record Prefix(Path root) {
  public static final String OWNER_ONLY_DIR = "rwx------";
  public static final String OWNER_ONLY_FILE = "rw-------";

  public Prefix {
    root = root.toAbsolutePath().normalize();
  }

  public Path releases() {
    return root.resolve("releases");
  }

  public Path release(String version) {
    return releases().resolve(version);
  }

  public Path current() {
    return root.resolve("current");
  }

  public Path etc() {
    return root.resolve("etc");
  }

  public Path trustedKeys() {
    return etc().resolve("trusted-keys");
  }

  public Path keys() {
    return root.resolve("keys");
  }

  public Path data() {
    return root.resolve("data");
  }

  public Path backups() {
    return root.resolve("backups");
  }

  public Path run() {
    return root.resolve("run");
  }

  public Path logs() {
    return run().resolve("logs");
  }

  public Path state() {
    return root.resolve("state");
  }

  public Path history() {
    return state().resolve("history.json");
  }

  public Path settings() {
    return etc().resolve("installer.properties");
  }

  public boolean installed() {
    return Files.isRegularFile(history());
  }

  public History readHistory() throws IOException {
    try {
      return History.fromJson(Json.parse(Files.readString(history(), StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
      throw new IOException(history() + " is damaged: " + e.getMessage(), e);
    }
  }

  public void writeHistory(History history) throws IOException {
    writeAtomically(history(), Json.write(history.toJson()), OWNER_ONLY_FILE);
  }

  /** Points {@code current} at {@code releases/<version>} atomically (a new link renamed over). */
  public void switchCurrent(String version) throws IOException {
    Path tmp = root.resolve(".current.tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, Path.of("releases", version));
    Files.move(tmp, current(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The version {@code current} points at, or null. */
  public String currentVersion() throws IOException {
    if (!Files.isSymbolicLink(current())) {
      return null;
    }
    return Files.readSymbolicLink(current()).getFileName().toString();
  }

  public static void createPrivateDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(OWNER_ONLY_DIR));
  }

  /**
   * Writes {@code text} to a temp file with {@code perms}, fsyncs it and renames it over target.
   */
  public static void writeAtomically(Path target, String text, String perms) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp =
        Files.createTempFile(
            dir,
            "." + target.getFileName() + ".",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(perms)));
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public static boolean isLink(Path p) {
    return Files.isSymbolicLink(p) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS);
  }
}
