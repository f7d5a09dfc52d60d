package io.mirador.bundle.sbom;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.SortedSet;

/**
 * One component of the SBOM: what it is (a package URL when it has one), its licences as declared
 * by its own metadata, the hash of its file, and where it occurs in the bundle.
 *
 * @param type CycloneDX type: library, application, framework, platform, file
 * @param scope "required" when shipped, "excluded" when only used to build (npm dev dependencies)
 */
public record Component(
    String type,
    String group,
    String name,
    String version,
    String purl,
    List<String> licenses,
    String hashAlgorithm,
    String hash,
    String scope,
    SortedSet<String> occurrences) {
  public Component {
    requireNonNull(type, "type");
    requireNonNull(name, "name");
    requireNonNull(version, "version");
    licenses = List.copyOf(licenses);
    occurrences = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(occurrences));
  }

  /** The component's identity in the BOM: its purl, else its type, name and version. */
  public String ref() {
    return purl != null
        ? purl
        : type + ":" + (group == null ? "" : group + "/") + name + "@" + version;
  }
}
