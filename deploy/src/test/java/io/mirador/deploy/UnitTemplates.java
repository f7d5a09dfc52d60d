package io.mirador.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The unit templates of {@code deploy/systemd} and the installed tree they point into: renders them
 * as the installer does (three placeholders, nothing else) and lays out a stub of the installed
 * layout (bundle contract) so that {@code systemd-analyze verify} finds every path.
 */
final class UnitTemplates {
  static final List<String> APPS = List.of("core", "agent", "rca", "ui");
  private static final Pattern PLACEHOLDER = Pattern.compile("@[A-Z_]+@");

  private UnitTemplates() {}

  static Path template(String app) {
    return DeployTree.module().resolve("systemd/mirador-" + app + ".service.in");
  }

  static String render(String template, Path prefix, String user, String group) {
    String rendered =
        template
            .replace("@PREFIX@", prefix.toString())
            .replace("@USER@", user)
            .replace("@GROUP@", group);
    Matcher left = PLACEHOLDER.matcher(rendered);
    if (left.find()) {
      throw new AssertionError("placeholder the installer does not render: " + left.group());
    }
    return rendered;
  }

  /**
   * The installed layout under {@code prefix}: current/ with the runtime's java (an executable
   * stub), each app's quarkus-run.jar, the engine, and etc/, data/, keys/.
   */
  static void layOutInstalledTree(Path prefix, boolean withJava) throws IOException {
    Path release = prefix.resolve("releases/0.0.0-test");
    Files.createDirectories(release.resolve("runtime/bin"));
    Files.createDirectories(release.resolve("lib/chdb"));
    Files.writeString(release.resolve("lib/chdb/libchdb.so"), "");
    for (String app : APPS) {
      Files.createDirectories(release.resolve("apps/" + app));
      Files.writeString(release.resolve("apps/" + app + "/quarkus-run.jar"), "");
    }
    if (withJava) {
      Path java = release.resolve("runtime/bin/java");
      Files.writeString(java, "#!/bin/sh\nexit 0\n");
      Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Files.createSymbolicLink(prefix.resolve("current"), Path.of("releases/0.0.0-test"));
    for (String dir : List.of("etc", "data", "data/core", "keys", "run")) {
      Files.createDirectories(prefix.resolve(dir));
    }
  }
}
