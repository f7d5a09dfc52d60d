package io.mirador.bundle;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a bundle's parts come from in a built checkout: each app's Quarkus fast-jar directory, the
 * installer's jar (with its {@code lib/} of dependency jars when it is not shaded: identical jars
 * of the apps are then stored once) and install.sh, the systemd unit templates, the configuration
 * templates, the UI's npm lock file. {@link #missing(BundleKind)} names whatever a kind needs and
 * is not there, so a build fails with one message naming every missing part instead of a half
 * bundle.
 */
public record BundleInputs(
    Map<String, Path> apps,
    Path installerJar,
    Path installerLib,
    Path installScript,
    Path systemdDir,
    Path configDir,
    Path npmLockFile) {
  public BundleInputs {
    apps = Map.copyOf(apps);
    requireNonNull(installerJar, "installerJar");
    requireNonNull(installerLib, "installerLib");
    requireNonNull(installScript, "installScript");
    requireNonNull(systemdDir, "systemdDir");
    requireNonNull(configDir, "configDir");
    requireNonNull(npmLockFile, "npmLockFile");
  }

  /** The repository's layout (README.md, "Inputs"). */
  public static BundleInputs ofRepository(Path root) {
    Map<String, Path> apps = new LinkedHashMap<>();
    apps.put("agent", root.resolve("mirador-agent/target/quarkus-app"));
    apps.put("core", root.resolve("mirador-core/service/target/quarkus-app"));
    apps.put("rca", root.resolve("mirador-rca/service/target/quarkus-app"));
    apps.put("ui", root.resolve("mirador-ui-api/target/quarkus-app"));
    return new BundleInputs(
        apps,
        root.resolve("installer/target/mirador-installer.jar"),
        root.resolve("installer/target/lib"),
        firstExisting(
            root.resolve("installer/install.sh"),
            root.resolve("installer/src/main/sh/install.sh"),
            root.resolve("installer/src/main/shell/install.sh")),
        root.resolve("deploy/systemd"),
        root.resolve("installer/src/main/resources/io/mirador/installer/templates"),
        root.resolve("mirador-ui-api/src/main/webui/package-lock.json"));
  }

  /** The first of {@code candidates} that exists, else the first (named when reported missing). */
  private static Path firstExisting(Path... candidates) {
    for (Path p : candidates) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return candidates[0];
  }

  public Path app(String name) {
    Path p = apps.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no input for app " + name);
    }
    return p;
  }

  /** The unit templates a kind ships: {@code mirador-<app>.service.in} for each of its apps. */
  public List<Path> systemdUnits(BundleKind kind) {
    return kind.apps().stream()
        .map(a -> systemdDir.resolve("mirador-" + a + ".service.in"))
        .toList();
  }

  /** The configuration templates a kind ships: {@code mirador-<app>.*.tmpl} of its apps. */
  public List<Path> configTemplates(BundleKind kind) throws IOException {
    if (!Files.isDirectory(configDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(configDir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".tmpl"))
          .filter(
              p ->
                  kind.apps().stream()
                      .anyMatch(a -> p.getFileName().toString().startsWith("mirador-" + a + ".")))
          .sorted()
          .toList();
    }
  }

  /**
   * Every part {@code kind} needs that is absent, described for the person running the build;
   * {@code chdbLibrary} may be null (not given).
   */
  public List<String> missing(BundleKind kind, Path chdbLibrary) throws IOException {
    List<String> missing = new ArrayList<>();
    for (String app : kind.apps()) {
      Path run = app(app).resolve("quarkus-run.jar");
      if (!Files.isRegularFile(run)) {
        missing.add(app + " app: " + run + " (build it: ./mvnw -pl <module> package -DskipTests)");
      } else if (!Files.isRegularFile(app(app).resolve("quarkus-app-dependencies.txt"))) {
        missing.add(app + " app: " + app(app).resolve("quarkus-app-dependencies.txt"));
      }
    }
    if (!Files.isRegularFile(installerJar)) {
      missing.add(
          "installer: " + installerJar + " (module installer, ./mvnw -pl installer package)");
    }
    if (!Files.isRegularFile(installScript)) {
      missing.add("installer front end: " + installScript);
    }
    for (Path unit : systemdUnits(kind)) {
      if (!Files.isRegularFile(unit)) {
        missing.add("systemd unit template: " + unit + " (module deploy)");
      }
    }
    List<Path> templates = configTemplates(kind);
    for (String app : kind.apps()) {
      if (templates.stream()
          .noneMatch(t -> t.getFileName().toString().startsWith("mirador-" + app + "."))) {
        missing.add("configuration template: " + configDir + "/mirador-" + app + ".*.tmpl");
      }
    }
    if (kind.hasEngine() && chdbLibrary == null) {
      missing.add("embedded engine: not given (BundleBuilder.chdb, --chdb-library=FILE)");
    } else if (kind.hasEngine() && !Files.isRegularFile(chdbLibrary)) {
      missing.add("embedded engine: " + chdbLibrary + " (tools/fetch-chdb.sh, run by the build)");
    }
    if (kind.apps().contains("ui") && !Files.isRegularFile(npmLockFile)) {
      missing.add("UI lock file: " + npmLockFile);
    }
    return missing;
  }
}
