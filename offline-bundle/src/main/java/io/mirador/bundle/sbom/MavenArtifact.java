package io.mirador.bundle.sbom;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Maven artifact as Quarkus lists it in {@code quarkus-app-dependencies.txt} ({@code
 * group:artifact:classifier:type:version}) and names its jar in {@code lib/} ({@code
 * group.artifact-version[-classifier].jar}).
 */
public record MavenArtifact(String group, String artifact, String classifier, String version) {
  /** Parses one line of quarkus-app-dependencies.txt; empty for blank or malformed lines. */
  static Optional<MavenArtifact> parseDependencyLine(String line) {
    String[] p = line.strip().split(":", -1);
    if (p.length != 5 || p[0].isEmpty() || p[1].isEmpty() || p[4].isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new MavenArtifact(p[0], p[1], p[2], p[4]));
  }

  static List<MavenArtifact> parseDependencyList(String text) {
    List<MavenArtifact> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      parseDependencyLine(line).ifPresent(out::add);
    }
    return out;
  }

  /** The file name Quarkus gives this artifact's jar in lib/boot or lib/main. */
  String quarkusJarName() {
    return group
        + "."
        + artifact
        + "-"
        + version
        + (classifier.isEmpty() ? "" : "-" + classifier)
        + ".jar";
  }

  /** The package URL (purl spec: pkg:maven/group/artifact@version?classifier=...). */
  String purl() {
    return "pkg:maven/"
        + group
        + "/"
        + artifact
        + "@"
        + version
        + (classifier.isEmpty() ? "" : "?classifier=" + classifier)
        + "";
  }
}
