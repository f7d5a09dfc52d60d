package io.mirador.bundle.runtime;

import io.mirador.bundle.tree.FileDigests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The modules a bundle's runtime gets: what the apps' class files refer to ({@link
 * JdkModuleScanner}) plus what they reach only by reflection or service loading, which no scan sees
 * (RATIONALE.md, "The runtime's modules", has the measurements behind each):
 *
 * <ul>
 *   <li>{@code jdk.crypto.ec}: kept for code that still asks for the SunEC provider by module; the
 *       EC implementation itself moved into java.base in JDK 22.
 *   <li>{@code jdk.zipfs}: the zip file system provider (service-loaded; Quarkus and jar tooling
 *       open jars as file systems).
 *   <li>{@code jdk.charsets}: character sets beyond the standard ones (service-loaded).
 *   <li>{@code jdk.naming.dns}: JNDI's DNS provider (service-loaded).
 *   <li>{@code jdk.localedata}: no: the apps format with the root locale; saves 10+ MB.
 * </ul>
 *
 * And one module the scan finds is left out: {@code jdk.compiler}, referred to only by
 * vertx-codegen's annotation processor, which Quarkus packs but never loads at run time (about 20
 * MB; every app starts without it, BundledRuntimeIT).
 *
 * <p>The scan is cached in the work directory under the jars' digests.
 */
public final class RuntimeModules {
  public static final Set<String> EXTRA =
      Set.of("jdk.crypto.ec", "jdk.zipfs", "jdk.charsets", "jdk.naming.dns");

  /** Referred to by class files the apps never load (see above). */
  public static final Set<String> EXCLUDED = Set.of("jdk.compiler");

  private RuntimeModules() {}

  /**
   * The modules for {@code jars}, minus {@link #EXCLUDED} and {@code alsoExcluded}, plus {@link
   * #EXTRA}.
   */
  public static Set<String> forApps(List<Path> jars, Path work, Set<String> alsoExcluded)
      throws IOException {
    StringBuilder key = new StringBuilder(Runtime.version().toString());
    for (Path jar : jars) {
      try (InputStream in = Files.newInputStream(jar)) {
        key.append('\n').append(FileDigests.sha256(in));
      }
    }
    Path cache =
        work.resolve(
            "modules-"
                + FileDigests.sha256(key.toString().getBytes(StandardCharsets.UTF_8))
                    .substring(0, 16)
                + ".txt");
    Set<String> modules = new TreeSet<>();
    if (Files.isRegularFile(cache)) {
      modules.addAll(Files.readAllLines(cache));
    } else {
      modules.addAll(new JdkModuleScanner().scan(jars));
      Files.createDirectories(work);
      Files.write(cache, modules);
    }
    modules.removeAll(EXCLUDED);
    modules.removeAll(alsoExcluded);
    modules.addAll(EXTRA);
    return modules;
  }
}
