package io.mirador.bundle;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads a bundle tarball back for tests: its entries, one file's bytes, or unpacked by GNU tar. */
final class Tarball {
  record Entry(
      String name,
      boolean directory,
      boolean symlink,
      boolean hardLink,
      String linkName,
      int mode,
      long uid,
      long gid,
      String userName,
      String groupName,
      long mtimeSeconds,
      long size) {}

  private Tarball() {}

  static List<Entry> entries(Path tarball) throws IOException {
    List<Entry> out = new ArrayList<>();
    try (TarArchiveInputStream tar = open(tarball)) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        out.add(
            new Entry(
                e.getName(),
                e.isDirectory(),
                e.isSymbolicLink(),
                e.isLink(),
                e.getLinkName(),
                e.getMode(),
                e.getLongUserId(),
                e.getLongGroupId(),
                e.getUserName(),
                e.getGroupName(),
                e.getLastModifiedTime().toMillis() / 1000,
                e.getSize()));
      }
    }
    return out;
  }

  /** The regular files' contents by name (hard links resolved to their target's content). */
  static Map<String, byte[]> files(Path tarball) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (TarArchiveInputStream tar = open(tarball)) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        if (e.isFile() && !e.isLink()) {
          out.put(e.getName(), tar.readAllBytes());
        } else if (e.isLink()) {
          out.put(e.getName(), out.get(e.getLinkName()));
        }
      }
    }
    return out;
  }

  static String text(Path tarball, String name) throws IOException {
    byte[] b = files(tarball).get(name);
    if (b == null) {
      throw new IOException(name + " not in " + tarball);
    }
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Unpacks with the system's tar (what an operator runs) into {@code dir}. */
  static void extract(Path tarball, Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Process p =
        new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException("tar -xzf failed: " + out);
    }
  }

  private static TarArchiveInputStream open(Path tarball) throws IOException {
    InputStream in =
        new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tarball)), 1 << 16);
    return new TarArchiveInputStream(in, "UTF-8");
  }

  static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** Runs a command, returning exit code and output. */
  record Result(int exit, String output) {}

  static Result run(Path dir, String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " timed out");
    }
    return new Result(p.exitValue(), out);
  }
}
