package io.mirador.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirador.bundle.manifest.Manifest;
import io.mirador.bundle.manifest.ReleaseKey;
import io.mirador.bundle.tree.FileDigests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundles `package` built from the real apps (system properties mirador.bundle.*): complete
 * manifests, signatures the stock minisign accepts, an SBOM naming every jar and the engine, the
 * size goals, and a second build of the agent bundle that is byte-identical.
 */
class BundleContentIT {
  static final long APPLIANCE_GOAL = 300L * 1000 * 1000;
  static final long AGENT_GOAL = 80L * 1000 * 1000;
  @TempDir Path dir;

  static Path bundle(String property) {
    String value = System.getProperty(property);
    assumeTrue(
        value != null && Files.isRegularFile(Path.of(value)),
        "no bundle at " + property + "=" + value + " (built in package; -Dbundle.skip skips it)");
    return Path.of(value);
  }

  @Test
  void eachBundleVerifiesAgainstItsManifestAndTheStockMinisign() throws Exception {
    Path pub = bundle("mirador.bundle.pubkey");
    for (String property : new String[] {"mirador.bundle.appliance", "mirador.bundle.agent"}) {
      Path tarball = bundle(property);
      Path out = dir.resolve(property);
      Tarball.extract(tarball, out);
      Path top;
      try (var l = Files.list(out)) {
        top = l.findFirst().orElseThrow();
      }
      String prefix = property.endsWith("agent") ? "mirador-agent-" : "mirador-";
      assertThat(top.getFileName().toString())
          .isEqualTo(prefix + System.getProperty("mirador.bundle.version"));
      Manifest manifest = Manifest.parse(Files.readAllBytes(top.resolve("MANIFEST")));
      assertThat(manifest.check(top)).as(property).isEmpty();
      if (Tarball.onPath("minisign")) {
        Tarball.Result m =
            Tarball.run(top, "minisign", "-V", "-m", "MANIFEST", "-p", pub.toString());
        assertThat(m.exit()).as(m.output()).isZero();
        Tarball.Result t =
            Tarball.run(
                tarball.getParent(), "minisign", "-Vm", tarball.toString(), "-p", pub.toString());
        assertThat(t.exit()).as(t.output()).isZero();
      } else {
        System.out.println("BundleContentIT: minisign not installed, stock-tool check skipped");
      }
    }
  }

  @Test
  void theSbomNamesEveryJarAndTheEngineWithItsHash() throws IOException {
    Path tarball = bundle("mirador.bundle.appliance");
    var files = Tarball.files(tarball);
    String top = "mirador-" + System.getProperty("mirador.bundle.version") + "/";
    JsonNode bom = new ObjectMapper().readTree(files.get(top + "sbom/bom.cdx.json"));
    Set<String> locations = new TreeSet<>();
    String engineHash = null;
    for (JsonNode c : bom.path("components")) {
      c.path("evidence")
          .path("occurrences")
          .forEach(o -> locations.add(o.path("location").asText()));
      if (c.path("purl").asText().startsWith("pkg:npm/%40chdb/lib-linux-x64-gnu@")) {
        engineHash = c.path("hashes").get(0).path("content").asText();
      }
    }
    Set<String> jars = new TreeSet<>();
    files.keySet().stream()
        .filter(n -> n.endsWith(".jar"))
        .forEach(n -> jars.add(n.substring(top.length())));
    assertThat(jars).hasSizeGreaterThan(300);
    assertThat(locations).containsAll(jars);
    assertThat(engineHash).isEqualTo(FileDigests.sha256(files.get(top + "lib/chdb/libchdb.so")));
    assertThat(
            new String(
                files.get(top + "licenses/THIRD-PARTY.txt"),
                java.nio.charset.StandardCharsets.UTF_8))
        .contains("com.github.haifengl:smile-core")
        .contains("GPL");
  }

  /** bundle.properties reaches the ITs (the install IT builds variants with this schema). */
  @Test
  void theSchemaPropertyIsTheAppliancesVersionSchema() throws IOException {
    Path tarball = bundle("mirador.bundle.appliance");
    String top = "mirador-" + System.getProperty("mirador.bundle.version") + "/";
    String version = Tarball.text(tarball, top + "VERSION");
    assertThat(version).contains("schema=" + System.getProperty("mirador.bundle.schema") + "\n");
    assertThat(Integer.parseInt(System.getProperty("mirador.bundle.schema"))).isPositive();
  }

  @Test
  void theBundlesMeetTheirSizeGoals() throws IOException {
    long appliance = Files.size(bundle("mirador.bundle.appliance"));
    long agent = Files.size(bundle("mirador.bundle.agent"));
    System.out.printf("BundleContentIT: appliance %,d bytes, agent %,d bytes%n", appliance, agent);
    assertThat(appliance).isLessThanOrEqualTo(APPLIANCE_GOAL);
    assertThat(agent).isLessThanOrEqualTo(AGENT_GOAL);
  }

  /**
   * What keeps the agent under its goal: the installer ships unshaded, its BouncyCastle and crypto
   * jars are byte-identical to the agent app's and stored once (hard links), not a second time.
   */
  @Test
  void theInstallersJarsAreTheAgentsOwnStoredOnce() throws IOException {
    Path tarball = bundle("mirador.bundle.agent");
    String top = "mirador-agent-" + System.getProperty("mirador.bundle.version") + "/";
    List<Tarball.Entry> entries = Tarball.entries(tarball);
    List<Tarball.Entry> lib =
        entries.stream()
            .filter(e -> e.name().startsWith(top + "installer/lib/") && e.name().endsWith(".jar"))
            .toList();
    assertThat(lib)
        .extracting(e -> e.name().substring((top + "installer/lib/").length()))
        .anyMatch(n -> n.startsWith("bcprov-"))
        .anyMatch(n -> n.startsWith("mirador-crypto-"));
    assertThat(lib)
        .allSatisfy(
            e -> {
              assertThat(e.hardLink()).as(e.name()).isTrue();
              assertThat(e.linkName()).as(e.name()).startsWith(top + "apps/agent/lib/");
            });
    // The installer jar itself is small: nothing shaded into it.
    assertThat(entries)
        .filteredOn(e -> e.name().equals(top + "installer/mirador-installer.jar"))
        .singleElement()
        .satisfies(e -> assertThat(e.size()).isLessThan(1_000_000));
  }

  /** A second build of the agent bundle, with a fresh work directory (jlink runs again). */
  @Test
  void aSecondBuildOfTheAgentBundleIsByteIdentical() throws IOException {
    Path agent = bundle("mirador.bundle.agent");
    String date = System.getProperty("mirador.bundle.sourceDate");
    BundleBuilder b =
        BundleBuilder.forRepository(Path.of(System.getProperty("mirador.bundle.root", "..")))
            .kind(BundleKind.AGENT)
            .version(System.getProperty("mirador.bundle.version"))
            .output(dir.resolve("again"))
            .workDirectory(dir.resolve("work"))
            .keyDirectory(ReleaseKey.defaultDirectory(System.getProperty("mirador.bundle.keyDir")))
            .mavenRepository(Path.of(System.getProperty("mirador.bundle.mavenRepo")))
            .gzipLevel(Integer.parseInt(System.getProperty("mirador.bundle.gzipLevel", "6")));
    if (date != null && !date.isBlank()) {
      b.sourceDate(Instant.parse(date));
    }
    BuiltBundle again = b.build();
    String first;
    try (InputStream in = Files.newInputStream(agent)) {
      first = FileDigests.sha256(in);
    }
    assertThat(again.sha256()).isEqualTo(first);
    assertThat(Files.mismatch(again.tarball(), agent)).isEqualTo(-1L);
  }
}
