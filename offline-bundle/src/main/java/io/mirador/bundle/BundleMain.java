package io.mirador.bundle;

import io.mirador.bundle.manifest.ReleaseKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of the bundle builder (run by Maven in {@code package}, by {@code ./mirador
 * bundle}, and usable by hand):
 *
 * <pre>
 * BundleMain build --root=DIR --version=V [--kind=appliance|agent|all] [--out=DIR] [--key-dir=DIR]
 *                  [--schema=N] [--chdb-library=FILE --chdb-version=V] [--source-date=ISO|EPOCH]
 *                  [--gzip-level=1-9] [--work=DIR] [--maven-repo=DIR] [--commit=SHA]
 *                  [--installer-jar=FILE] [--install-script=FILE]
 * BundleMain key [--key-dir=DIR]     prints the release public key (generating the key if absent)
 * </pre>
 *
 * Options take {@code --name=value} (an empty value means "the default"). Exit 0 on success, 1 on a
 * failed build, 2 on a usage error.
 */
public final class BundleMain {
  private static final Set<String> BUILD_OPTIONS =
      Set.of(
          "root",
          "version",
          "kind",
          "out",
          "key-dir",
          "schema",
          "chdb-library",
          "chdb-version",
          "source-date",
          "gzip-level",
          "work",
          "maven-repo",
          "commit",
          "installer-jar",
          "install-script");

  private BundleMain() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty()) {
      err.println("usage: BundleMain build --root=DIR --version=V [options] | key [--key-dir=DIR]");
      return 2;
    }
    try {
      Map<String, String> options = options(args.subList(1, args.size()));
      return switch (args.get(0)) {
        case "build" -> build(options, out);
        case "key" -> key(options, out);
        default -> throw new IllegalArgumentException("unknown command " + args.get(0));
      };
    } catch (IllegalArgumentException e) {
      err.println("bundle: " + e.getMessage());
      return 2;
    } catch (IOException | RuntimeException e) {
      err.println("bundle: " + e.getMessage());
      return 1;
    }
  }

  private static int build(Map<String, String> o, PrintStream out) throws IOException {
    for (String name : o.keySet()) {
      if (!BUILD_OPTIONS.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name);
      }
    }
    Path root = Path.of(require(o, "root"));
    Path outDir =
        Path.of(o.getOrDefault("out", root.resolve("offline-bundle/target/bundles").toString()));
    String kinds = o.getOrDefault("kind", "all");
    List<BundleKind> which =
        kinds.equals("all")
            ? List.of(BundleKind.APPLIANCE, BundleKind.AGENT)
            : List.of(BundleKind.parse(kinds));
    List<BuiltBundle> built = new ArrayList<>();
    for (BundleKind kind : which) {
      BundleInputs inputs = BundleInputs.ofRepository(root.toAbsolutePath().normalize());
      if (o.containsKey("installer-jar") || o.containsKey("install-script")) {
        inputs =
            new BundleInputs(
                inputs.apps(),
                Path.of(o.getOrDefault("installer-jar", inputs.installerJar().toString())),
                inputs.installerLib(),
                Path.of(o.getOrDefault("install-script", inputs.installScript().toString())),
                inputs.systemdDir(),
                inputs.configDir(),
                inputs.npmLockFile());
      }
      BundleBuilder b =
          BundleBuilder.forInputs(root, inputs)
              .kind(kind)
              .version(require(o, "version"))
              .output(outDir)
              .log(out);
      b.keyDirectory(ReleaseKey.defaultDirectory(o.get("key-dir")));
      if (o.containsKey("work")) {
        b.workDirectory(Path.of(o.get("work")));
      }
      if (o.containsKey("maven-repo")) {
        b.mavenRepository(Path.of(o.get("maven-repo")));
      }
      if (o.containsKey("schema")) {
        b.schema(integer(o.get("schema"), "schema"));
      }
      if (o.containsKey("chdb-library")) {
        b.chdb(Path.of(o.get("chdb-library")), o.getOrDefault("chdb-version", "unknown"));
      }
      if (o.containsKey("gzip-level")) {
        b.gzipLevel(integer(o.get("gzip-level"), "gzip-level"));
      }
      if (o.containsKey("commit")) {
        b.commit(o.get("commit"));
      }
      b.sourceDate(sourceDate(o.get("source-date")));
      out.println(
          "bundle: building the " + kind.label() + " bundle " + require(o, "version") + "...");
      BuiltBundle bundle = b.build();
      built.add(bundle);
      out.printf(
          "bundle: %s%n  %,d bytes (%,d stored, %d files, %d stored once as hard links)%n  sha256 %s%n  stages (ms) %s%n  parts compressed (bytes) %s%n",
          bundle.tarball(),
          bundle.compressedBytes(),
          bundle.storedBytes(),
          bundle.files(),
          bundle.hardLinks(),
          bundle.sha256(),
          bundle.stageMillis(),
          new java.util.TreeMap<>(bundle.parts()));
    }
    writeTestProperties(outDir, built);
    if (!built.isEmpty()) {
      BuiltBundle first = built.get(0);
      out.println(
          "bundle: signed with the release key; its public key is " + first.publicKey() + ":");
      out.print(java.nio.file.Files.readString(first.publicKey()));
      out.println("bundle: verify a tarball with the stock tool:");
      for (BuiltBundle b : built) {
        out.println(
            "  minisign -Vm "
                + b.tarball().getFileName()
                + " -p "
                + first.publicKey().getFileName());
      }
    }
    return 0;
  }

  /**
   * {@code bundle.properties} next to the bundles: what a test building variants must match
   * (Failsafe loads it as system properties: pom.xml, systemPropertiesFile).
   */
  private static void writeTestProperties(Path outDir, List<BuiltBundle> built) throws IOException {
    StringBuilder text = new StringBuilder("# written by BundleMain build\n");
    for (BuiltBundle b : built) {
      if (b.kind() == BundleKind.APPLIANCE) {
        text.append("mirador.bundle.schema=").append(b.schema()).append('\n');
        text.append("mirador.bundle.sha256.appliance=").append(b.sha256()).append('\n');
      } else {
        text.append("mirador.bundle.sha256.agent=").append(b.sha256()).append('\n');
      }
    }
    java.nio.file.Files.writeString(outDir.resolve("bundle.properties"), text.toString());
  }

  private static int key(Map<String, String> o, PrintStream out) throws IOException {
    ReleaseKey key =
        ReleaseKey.loadOrGenerate(
            ReleaseKey.defaultDirectory(o.get("key-dir")), new SecureRandom());
    out.println(
        (key.generated() ? "generated a new release key in" : "release key in")
            + " "
            + key.directory()
            + " ("
            + ReleaseKey.SECRET_FILE
            + " 0600, "
            + ReleaseKey.PUBLIC_FILE
            + "):");
    out.print(key.publicKeyFile());
    return 0;
  }

  static Instant sourceDate(String configured) {
    String value = configured;
    if (value == null || value.isBlank()) {
      value = System.getenv("SOURCE_DATE_EPOCH");
    }
    if (value == null || value.isBlank()) {
      return Instant.parse("2026-01-01T00:00:00Z");
    }
    if (value.matches("\\d{1,12}")) {
      return Instant.ofEpochSecond(Long.parseLong(value));
    }
    try {
      return Instant.parse(value).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("source date must be ISO-8601 or epoch seconds: " + value);
    }
  }

  private static Map<String, String> options(List<String> args) {
    Map<String, String> o = new HashMap<>();
    for (String a : args) {
      if (!a.startsWith("--") || a.indexOf('=') < 3) {
        throw new IllegalArgumentException("options are --name=value, not '" + a + "'");
      }
      String name = a.substring(2, a.indexOf('='));
      String value = a.substring(a.indexOf('=') + 1);
      if (!value.isEmpty()) {
        o.put(name, value);
      }
    }
    return o;
  }

  private static String require(Map<String, String> o, String name) {
    String v = o.get(name);
    if (v == null) {
      throw new IllegalArgumentException("--" + name + "= is required");
    }
    return v;
  }

  private static int integer(String value, String name) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, not " + value);
    }
  }
}
