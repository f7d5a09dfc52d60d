package io.mirador.bundle.sbom;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mirador.bundle.tree.BundleEntry;
import io.mirador.bundle.tree.BundleTree;
import io.mirador.bundle.tree.FileDigests;
import io.mirador.bundle.tree.FileEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The bundle's software bill of materials (CycloneDX 1.5 JSON): every jar of the bundle (Maven
 * artifacts by package URL, with the licences their POMs declare; Mirador's own and Quarkus'
 * generated jars as files), the jlinked Java runtime, the embedded ClickHouse library with its
 * SHA-256, and the UI's npm packages from its lock file. Each component lists where it occurs in
 * the bundle ({@code evidence.occurrences}), so a jar that several apps share is one component.
 */
public final class Sbom {
  public static final String PATH = "sbom/bom.cdx.json";
  static final String JAVA_LICENSE = "GPL-2.0-only WITH Classpath-exception-2.0";

  /**
   * SPDX identifiers written as {@code license.id}; any other name goes in {@code license.name}.
   */
  static final java.util.Set<String> SPDX_IDS =
      java.util.Set.of(
          "0BSD",
          "Apache-2.0",
          "BSD-2-Clause",
          "BSD-3-Clause",
          "BlueOak-1.0.0",
          "CC0-1.0",
          "EPL-1.0",
          "EPL-2.0",
          "GPL-2.0-only",
          "GPL-3.0-only",
          "GPL-3.0-or-later",
          "ISC",
          "LGPL-2.1-or-later",
          "LGPL-3.0-or-later",
          "MIT",
          "MPL-2.0",
          "Python-2.0",
          "Unlicense");

  private final List<Component> components;
  private final byte[] json;

  private Sbom(List<Component> components, byte[] json) {
    this.components = components;
    this.json = json;
  }

  public List<Component> components() {
    return components;
  }

  public byte[] json() {
    return json.clone();
  }

  /** What the SBOM is about besides the tree. */
  public record Subject(
      String kind,
      String version,
      Instant time,
      String commit,
      String javaVersion,
      String chdbVersion,
      Path mavenRepository,
      Map<String, Path> dependencyLists,
      Path npmLockFile,
      String npmOccurrence) {
    public Subject {
      requireNonNull(kind, "kind");
      requireNonNull(version, "version");
      requireNonNull(time, "time");
      requireNonNull(commit, "commit");
      requireNonNull(javaVersion, "javaVersion");
      requireNonNull(mavenRepository, "mavenRepository");
      dependencyLists = Map.copyOf(dependencyLists);
    }
  }

  /**
   * Builds the SBOM of {@code tree}. {@code dependencyLists} maps each app's directory in the
   * bundle (e.g. {@code apps/core}) to its quarkus-app-dependencies.txt.
   */
  public static Sbom of(BundleTree tree, FileDigests digests, Subject subject) throws IOException {
    PomLicenses licenses = new PomLicenses(subject.mavenRepository());
    Map<String, Map<String, MavenArtifact>> jarsByApp = new HashMap<>();
    for (Map.Entry<String, Path> e : subject.dependencyLists().entrySet()) {
      Map<String, MavenArtifact> byJar = new HashMap<>();
      for (MavenArtifact a :
          MavenArtifact.parseDependencyList(
              Files.readString(e.getValue(), StandardCharsets.UTF_8))) {
        byJar.put(a.quarkusJarName(), a);
      }
      jarsByApp.put(e.getKey(), byJar);
    }

    Map<String, Component> byRef = new TreeMap<>();
    TreeSet<String> runtimeFiles = new TreeSet<>();
    Map<String, Component> mavenBySha = new HashMap<>();
    String runtimeHash = null;
    for (BundleEntry entry : tree.entries()) {
      if (!(entry instanceof FileEntry file)) {
        continue;
      }
      String path = file.path().value();
      String sha = digests.sha256(file.path());
      if (path.startsWith("runtime/")) {
        if (path.endsWith(".jar") || path.equals("runtime/lib/modules")) {
          runtimeFiles.add(path);
        }
        if (path.equals("runtime/lib/modules")) {
          runtimeHash = sha;
        }
        continue;
      }
      if (path.equals("lib/chdb/libchdb.so")) {
        merge(byRef, chdb(subject.chdbVersion(), sha, path));
        continue;
      }
      if (!path.endsWith(".jar")) {
        continue;
      }
      Component known = mavenBySha.get(sha);
      if (known != null) {
        // The same artifact elsewhere (e.g. the installer's lib/): one component, one more place.
        merge(byRef, withOccurrence(known, path));
        continue;
      }
      Component c = jarComponent(path, sha, jarsByApp, licenses, subject);
      if (c.purl() != null && c.purl().startsWith("pkg:maven/")) {
        mavenBySha.put(sha, c);
      }
      merge(byRef, c);
    }
    merge(
        byRef,
        new Component(
            "platform",
            null,
            "java-runtime",
            subject.javaVersion(),
            "pkg:generic/openjdk-jlink@" + subject.javaVersion(),
            List.of(JAVA_LICENSE),
            runtimeHash == null ? null : "SHA-256",
            runtimeHash,
            "required",
            runtimeFiles));
    if (subject.npmLockFile() != null) {
      for (Component c : NpmLock.read(subject.npmLockFile(), subject.npmOccurrence())) {
        merge(byRef, c);
      }
    }
    List<Component> components = new ArrayList<>(byRef.values());
    components.sort(Comparator.comparing(Component::ref));
    return new Sbom(List.copyOf(components), render(components, subject));
  }

  private static Component jarComponent(
      String path,
      String sha,
      Map<String, Map<String, MavenArtifact>> jarsByApp,
      PomLicenses licenses,
      Subject subject) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    TreeSet<String> where = new TreeSet<>(List.of(path));
    for (Map.Entry<String, Map<String, MavenArtifact>> app : jarsByApp.entrySet()) {
      if (path.startsWith(app.getKey() + "/lib/")) {
        MavenArtifact a = app.getValue().get(name);
        if (a != null) {
          return new Component(
              "library",
              a.group(),
              a.artifact(),
              a.version(),
              a.purl(),
              licenses.of(a.group(), a.artifact(), a.version()),
              "SHA-256",
              sha,
              "required",
              where);
        }
      }
    }
    if (path.startsWith("apps/") && path.contains("/app/") || path.startsWith("installer/")) {
      // Mirador's own module jars (app/<artifact>-<version>.jar) and the installer.
      String artifact = name.substring(0, name.length() - ".jar".length());
      String versioned = "-" + subject.version();
      if (artifact.endsWith(versioned)) {
        artifact = artifact.substring(0, artifact.length() - versioned.length());
      }
      return new Component(
          "application",
          "io.mirador",
          artifact,
          subject.version(),
          null,
          List.of(),
          "SHA-256",
          sha,
          "required",
          where);
    }
    // Quarkus' generated jars (quarkus-run.jar, quarkus/*.jar) and any other jar: a file of
    // Mirador's, listed by path so every jar of the bundle appears in the SBOM.
    return new Component(
        "file",
        "io.mirador",
        path,
        subject.version(),
        null,
        List.of(),
        "SHA-256",
        sha,
        "required",
        where);
  }

  private static Component chdb(String version, String sha, String path) {
    return new Component(
        "library",
        "@chdb",
        "lib-linux-x64-gnu",
        version,
        "pkg:npm/%40chdb/lib-linux-x64-gnu@" + version,
        List.of("Apache-2.0"),
        "SHA-256",
        sha,
        "required",
        new TreeSet<>(List.of(path)));
  }

  private static Component withOccurrence(Component c, String path) {
    return new Component(
        c.type(),
        c.group(),
        c.name(),
        c.version(),
        c.purl(),
        c.licenses(),
        c.hashAlgorithm(),
        c.hash(),
        c.scope(),
        new TreeSet<>(List.of(path)));
  }

  private static void merge(Map<String, Component> byRef, Component c) {
    String key = c.ref() + (c.hash() == null ? "" : "#" + c.hash());
    Component known = byRef.get(key);
    if (known == null) {
      byRef.put(key, c);
      return;
    }
    TreeSet<String> where = new TreeSet<>(known.occurrences());
    where.addAll(c.occurrences());
    byRef.put(
        key,
        new Component(
            known.type(),
            known.group(),
            known.name(),
            known.version(),
            known.purl(),
            known.licenses(),
            known.hashAlgorithm(),
            known.hash(),
            known.scope(),
            where));
  }

  private static byte[] render(List<Component> components, Subject subject) {
    Map<String, Object> bom = new LinkedHashMap<>();
    bom.put("bomFormat", "CycloneDX");
    bom.put("specVersion", "1.5");
    bom.put(
        "serialNumber",
        "urn:uuid:"
            + UUID.nameUUIDFromBytes(
                ("mirador " + subject.kind() + " " + subject.version() + " " + subject.commit())
                    .getBytes(StandardCharsets.UTF_8)));
    bom.put("version", 1);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("timestamp", subject.time().toString());
    metadata.put(
        "tools",
        Map.of(
            "components",
            List.of(Map.of("type", "application", "name", "mirador-offline-bundle"))));
    Map<String, Object> self = new LinkedHashMap<>();
    self.put("type", "application");
    self.put("bom-ref", "mirador-" + subject.kind());
    self.put("group", "io.mirador");
    self.put("name", "mirador-" + subject.kind());
    self.put("version", subject.version());
    self.put("properties", List.of(Map.of("name", "mirador:commit", "value", subject.commit())));
    metadata.put("component", self);
    bom.put("metadata", metadata);
    List<Map<String, Object>> list = new ArrayList<>();
    for (Component c : components) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", c.type());
      m.put("bom-ref", c.ref() + (c.hash() == null ? "" : "#" + c.hash().substring(0, 12)));
      if (c.group() != null) {
        m.put("group", c.group());
      }
      m.put("name", c.name());
      m.put("version", c.version());
      m.put("scope", c.scope());
      if (c.purl() != null) {
        m.put("purl", c.purl());
      }
      if (c.hash() != null) {
        m.put("hashes", List.of(Map.of("alg", c.hashAlgorithm(), "content", c.hash())));
      }
      if (!c.licenses().isEmpty()) {
        List<Map<String, Object>> ls = new ArrayList<>();
        for (String l : c.licenses()) {
          if (l.contains(" WITH ") || l.contains(" OR ") || l.contains(" AND ")) {
            ls.add(Map.of("expression", l));
          } else if (SPDX_IDS.contains(l)) {
            ls.add(Map.of("license", Map.of("id", l)));
          } else {
            ls.add(Map.of("license", Map.of("name", l)));
          }
        }
        m.put("licenses", ls);
      }
      if (!c.occurrences().isEmpty()) {
        List<Map<String, String>> occ = new ArrayList<>();
        c.occurrences().forEach(o -> occ.add(Map.of("location", o)));
        m.put("evidence", Map.of("occurrences", occ));
      }
      list.add(m);
    }
    bom.put("components", list);
    try {
      return new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .writeValueAsBytes(bom);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("SBOM is plain maps and lists", e);
    }
  }
}
