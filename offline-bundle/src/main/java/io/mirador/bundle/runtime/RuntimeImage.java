package io.mirador.bundle.runtime;

import static java.util.Objects.requireNonNull;

import io.mirador.bundle.tree.FileDigests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A Java runtime made by jlink from the build's JDK with only the given modules, stripped (no debug
 * symbols, headers or man pages) and compressed (zip-6). Images are cached in a work directory
 * under a key of JDK version, modules and options, so a second bundle of the same build (a test
 * variant) reuses the first one's image instead of linking again.
 */
public final class RuntimeImage {
  /** jlink's options besides the module list; part of the cache key. */
  static final List<String> OPTIONS =
      List.of("--strip-debug", "--no-header-files", "--no-man-pages");

  private final Path directory;
  private final SortedSet<String> modules;

  private RuntimeImage(Path directory, SortedSet<String> modules) {
    this.directory = directory;
    this.modules = modules;
  }

  public Path directory() {
    return directory;
  }

  public SortedSet<String> modules() {
    return modules;
  }

  /** The runtime's version from its {@code release} file, e.g. {@code 25.0.3}. */
  public String javaVersion() throws IOException {
    Properties release = new Properties();
    try (var in = Files.newInputStream(directory.resolve("release"))) {
      release.load(in);
    }
    String version = release.getProperty("JAVA_VERSION", "").replace("\"", "");
    if (version.isBlank()) {
      throw new IOException(directory.resolve("release") + " has no JAVA_VERSION");
    }
    return version;
  }

  /** Links (or reuses from {@code workDir}) a runtime with {@code modules}. */
  public static RuntimeImage link(Set<String> modules, Path workDir) throws IOException {
    SortedSet<String> sorted = new TreeSet<>(requireNonNull(modules, "modules"));
    if (sorted.isEmpty()) {
      throw new IllegalArgumentException("a runtime needs at least java.base");
    }
    String key =
        FileDigests.sha256(
                (Runtime.version() + "\n" + String.join(",", sorted) + "\n" + OPTIONS)
                    .getBytes(StandardCharsets.UTF_8))
            .substring(0, 16);
    Files.createDirectories(workDir);
    Path image = workDir.resolve("runtime-" + key);
    Path done = workDir.resolve("runtime-" + key + ".done");
    if (Files.exists(done) && Files.isExecutable(image.resolve("bin/java"))) {
      return new RuntimeImage(image, sorted);
    }
    deleteTree(image);
    // A jlink process, not the in-process ToolProvider: jlink's generate-jli-classes plugin
    // writes java.lang.invoke holder classes that depend on the state of the JVM it runs in, so
    // in-process runs differ from each other by a few bytes (RATIONALE.md); a fresh jlink JVM
    // gives the same image every time.
    Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
    if (!Files.isExecutable(jlink)) {
      throw new IOException(jlink + " is missing: build with a JDK, not a JRE");
    }
    List<String> command = new ArrayList<>();
    command.add(jlink.toString());
    command.add("--add-modules");
    command.add(String.join(",", sorted));
    command.addAll(OPTIONS);
    command.add("--output");
    command.add(image.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int status;
    try {
      status = process.waitFor();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while jlink ran", e);
    }
    if (status != 0) {
      throw new IOException("jlink failed (" + status + "): " + log.strip());
    }
    Files.writeString(done, String.join("\n", sorted) + "\n");
    return new RuntimeImage(image, sorted);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
