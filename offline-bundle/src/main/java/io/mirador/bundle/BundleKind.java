package io.mirador.bundle;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The two bundles: the appliance (every app, the embedded engine) and the agent alone for
 * application hosts. Each names the apps it ships, by their directory under {@code apps/}.
 */
public enum BundleKind {
  APPLIANCE("mirador-", List.of("agent", "core", "rca", "ui"), true, Set.of()),
  /**
   * The agent's runtime leaves out java.desktop (9 MB of the tarball): its only users in the agent
   * are optional (Jackson's java.beans support, EL's full bean support, Quarkus' native-image
   * substitutions); RATIONALE.md has the list.
   */
  AGENT("mirador-agent-", List.of("agent"), false, Set.of("java.desktop"));

  private final String filePrefix;
  private final List<String> apps;
  private final boolean engine;
  private final Set<String> excludedModules;

  BundleKind(String filePrefix, List<String> apps, boolean engine, Set<String> excludedModules) {
    this.filePrefix = filePrefix;
    this.apps = apps;
    this.engine = engine;
    this.excludedModules = excludedModules;
  }

  /** JDK modules the scan finds that this kind's runtime leaves out. */
  public Set<String> excludedModules() {
    return excludedModules;
  }

  /** As written in VERSION and in the signatures' trusted comments. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public List<String> apps() {
    return apps;
  }

  /** Whether the bundle carries lib/chdb/libchdb.so. */
  public boolean hasEngine() {
    return engine;
  }

  /** {@code mirador-<version>-linux-x86_64.tar.gz} or {@code mirador-agent-<version>-...}. */
  public String tarballName(String version) {
    return filePrefix + version + "-linux-x86_64.tar.gz";
  }

  /**
   * The top directory inside the tarball: {@code mirador-<version>} (appliance) or {@code
   * mirador-agent-<version>} (agent), so both bundles can be unpacked in one place without mixing.
   */
  public String topDirectory(String version) {
    return filePrefix + version;
  }

  public static BundleKind parse(String text) {
    for (BundleKind k : values()) {
      if (k.label().equals(text)) {
        return k;
      }
    }
    throw new IllegalArgumentException("kind must be appliance or agent, not '" + text + "'");
  }
}
