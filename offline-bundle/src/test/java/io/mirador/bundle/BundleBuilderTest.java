package io.mirador.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirador.bundle.manifest.Manifest;
import io.mirador.bundle.tree.FileDigests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder on a small stand-in checkout: layout, manifest, signatures, dedupe, variants. */
class BundleBuilderTest {
  private static final String TOP = "mirador-1.2.3/";
  @TempDir static Path dir;
  static FakeRepository repo;
  static BuiltBundle appliance;
  static BuiltBundle agent;

  @BeforeAll
  static void build() throws IOException {
    repo = FakeRepository.create(dir.resolve("repo"));
    appliance = repo.builder(dir.resolve("out"), dir.resolve("keys"), dir.resolve("work")).build();
    agent =
        repo.builder(dir.resolve("out"), dir.resolve("keys"), dir.resolve("work"))
            .kind(BundleKind.AGENT)
            .build();
  }

  @Test
  void theApplianceHasTheContractsLayout() throws IOException {
    assertThat(appliance.tarball().getFileName().toString())
        .isEqualTo("mirador-1.2.3-linux-x86_64.tar.gz");
    Set<String> names = names(appliance.tarball());
    assertThat(names)
        .contains(
            TOP,
            TOP + "VERSION",
            TOP + "MANIFEST",
            TOP + "MANIFEST.minisig",
            TOP + "install.sh",
            TOP + "installer/mirador-installer.jar",
            TOP + "runtime/bin/java",
            TOP + "runtime/release",
            TOP + "lib/chdb/libchdb.so",
            TOP + "config/mirador-core.env.tmpl",
            TOP + "systemd/mirador-core.service.in",
            TOP + "systemd/mirador-agent.service.in",
            TOP + "licenses/LICENSE",
            TOP + "licenses/NOTICE",
            TOP + "licenses/THIRD-PARTY.txt",
            TOP + "sbom/bom.cdx.json");
    for (String app : List.of("core", "rca", "ui", "agent")) {
      assertThat(names)
          .contains(
              TOP + "apps/" + app + "/quarkus-run.jar",
              TOP + "apps/" + app + "/lib/main/" + FakeRepository.SHARED_JAR,
              TOP + "apps/" + app + "/app/mirador-" + app + "-1.2.3.jar",
              TOP + "apps/" + app + "/quarkus/quarkus-application.dat");
      assertThat(names).doesNotContain(TOP + "apps/" + app + "/quarkus-app-dependencies.txt");
    }
    assertThat(Tarball.text(appliance.tarball(), TOP + "VERSION"))
        .isEqualTo(
            "version=1.2.3\nschema=4\nkind=appliance\njava="
                + Runtime.version().toString().replaceAll("\\+.*", "")
                + "\nchdb=26.7.3-stable.1\ncommit=0123456789abcdef0123456789abcdef01234567"
                + "\nbuilt=2026-01-01T00:00:00Z\n");
    assertThat(Tarball.text(appliance.tarball(), TOP + "licenses/NOTICE"))
        .contains("smile-core")
        .contains("GPL");
  }

  @Test
  void theAgentBundleHasTheAgentAloneUnderItsOwnTopDirectory() throws IOException {
    assertThat(agent.tarball().getFileName().toString())
        .isEqualTo("mirador-agent-1.2.3-linux-x86_64.tar.gz");
    // Not mirador-1.2.3/: unpacking both bundles in one place must not mix them.
    String top = "mirador-agent-1.2.3/";
    Set<String> names = names(agent.tarball());
    assertThat(names).allMatch(n -> n.startsWith(top));
    assertThat(names).contains(top + "apps/agent/quarkus-run.jar", top + "runtime/bin/java");
    assertThat(names)
        .noneMatch(n -> n.startsWith(top + "apps/core") || n.startsWith(top + "lib/chdb"))
        .contains(top + "systemd/mirador-agent.service.in", top + "config/mirador-agent.env.tmpl")
        .doesNotContain(top + "systemd/mirador-core.service.in");
    assertThat(Tarball.text(agent.tarball(), top + "VERSION"))
        .contains("kind=agent\n", "schema=none\n", "chdb=none\n");
    assertThat(Tarball.entries(agent.tarball()).get(0).name()).isEqualTo(top);
    assertThat(BundleKind.AGENT.topDirectory("1.2.3")).isEqualTo("mirador-agent-1.2.3");
    assertThat(BundleKind.APPLIANCE.topDirectory("1.2.3")).isEqualTo("mirador-1.2.3");
  }

  @Test
  void everyEntryIsUnderTheTopDirectoryWithNormalisedOwnersModesAndTime() throws IOException {
    List<Tarball.Entry> entries = Tarball.entries(appliance.tarball());
    assertThat(entries.get(0).name()).isEqualTo(TOP);
    for (Tarball.Entry e : entries) {
      assertThat(e.name()).startsWith(TOP).doesNotContain("/../", "/./").doesNotStartWith("/");
      assertThat(e.uid()).isZero();
      assertThat(e.gid()).isZero();
      assertThat(e.userName()).isEmpty();
      assertThat(e.groupName()).isEmpty();
      assertThat(e.mtimeSeconds()).isEqualTo(1767225600L);
      int mode = e.mode() & 07777;
      if (e.directory()) {
        assertThat(mode).as(e.name()).isEqualTo(0755);
      } else {
        assertThat(mode).as(e.name()).isIn(0644, 0755);
      }
    }
    assertThat(mode(entries, TOP + "install.sh")).isEqualTo(0755);
    assertThat(mode(entries, TOP + "runtime/bin/java")).isEqualTo(0755);
    assertThat(mode(entries, TOP + "VERSION")).isEqualTo(0644);
    assertThat(mode(entries, TOP + "apps/core/quarkus-run.jar")).isEqualTo(0644);
    List<String> names = entries.stream().map(Tarball.Entry::name).toList();
    assertThat(names).doesNotHaveDuplicates();
    List<String> sorted = new ArrayList<>(names);
    sorted.sort((a, b) -> java.util.Arrays.compareUnsigned(strip(a), strip(b)));
    assertThat(names).isEqualTo(sorted);
  }

  @Test
  void aJarTheAppsShareIsStoredOnceAndRestoredEverywhere() throws Exception {
    List<Tarball.Entry> entries = Tarball.entries(appliance.tarball());
    List<Tarball.Entry> shared =
        entries.stream().filter(e -> e.name().endsWith("/" + FakeRepository.SHARED_JAR)).toList();
    assertThat(shared).hasSize(4);
    assertThat(shared.stream().filter(e -> !e.hardLink())).hasSize(1);
    Tarball.Entry installerCopy =
        entries.stream()
            .filter(e -> e.name().equals(TOP + "installer/lib/shared-1.0.jar"))
            .findFirst()
            .orElseThrow();
    assertThat(installerCopy.hardLink()).isTrue();
    Tarball.Entry first = shared.get(0);
    assertThat(first.hardLink()).isFalse();
    assertThat(first.name()).isEqualTo(TOP + "apps/agent/lib/main/" + FakeRepository.SHARED_JAR);
    assertThat(shared.subList(1, 4))
        .allSatisfy(
            e -> {
              assertThat(e.hardLink()).isTrue();
              assertThat(e.linkName()).isEqualTo(first.name());
              assertThat(e.size()).isZero();
            });
    assertThat(appliance.hardLinks()).isGreaterThanOrEqualTo(3);

    Path out = dir.resolve("extract-dedupe");
    Tarball.extract(appliance.tarball(), out);
    byte[] expected =
        Files.readAllBytes(
            repo.root.resolve(
                "mirador-core/service/target/quarkus-app/lib/main/" + FakeRepository.SHARED_JAR));
    for (String app : List.of("agent", "core", "rca", "ui")) {
      assertThat(out.resolve(TOP + "apps/" + app + "/lib/main/" + FakeRepository.SHARED_JAR))
          .hasBinaryContent(expected);
    }
  }

  @Test
  void theManifestListsEveryFileWithItsHashAndNothingElse() throws Exception {
    Path out = dir.resolve("extract-manifest");
    Tarball.extract(appliance.tarball(), out);
    Path top = out.resolve("mirador-1.2.3");
    Manifest manifest = Manifest.parse(Files.readAllBytes(top.resolve("MANIFEST")));
    assertThat(manifest.check(top)).isEmpty();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(top)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(manifest.lines()).hasSize(files.size() - 2);
    for (Path f : files) {
      String rel = top.relativize(f).toString();
      if (Manifest.UNLISTED.contains(rel)) {
        continue;
      }
      Manifest.Line line = manifest.lines().get(io.mirador.bundle.tree.BundlePath.of(rel));
      assertThat(line).as(rel).isInstanceOf(Manifest.FileLine.class);
      try (var in = Files.newInputStream(f)) {
        assertThat(((Manifest.FileLine) line).sha256()).isEqualTo(FileDigests.sha256(in));
      }
    }

    Files.writeString(top.resolve("apps/core/app/mirador-core-1.2.3.jar"), "swapped");
    Files.writeString(top.resolve("extra.txt"), "extra");
    Files.delete(top.resolve("apps/rca/quarkus-run.jar"));
    assertThat(manifest.check(top))
        .containsExactlyInAnyOrder(
            "apps/core/app/mirador-core-1.2.3.jar: SHA-256 does not match the manifest",
            "extra.txt: not in the manifest",
            "apps/rca/quarkus-run.jar: missing");
  }

  @Test
  void theStockMinisignVerifiesTheManifestAndTheTarballAndRefusesATamperedManifest()
      throws Exception {
    assumeTrue(Tarball.onPath("minisign"), "minisign not installed (apt-get install minisign)");
    Path out = dir.resolve("extract-minisign");
    Tarball.extract(appliance.tarball(), out);
    Path top = out.resolve("mirador-1.2.3");
    Path pub = appliance.publicKey();

    Tarball.Result manifestOk =
        Tarball.run(top, "minisign", "-V", "-m", "MANIFEST", "-p", pub.toString());
    assertThat(manifestOk.exit()).as(manifestOk.output()).isZero();
    assertThat(manifestOk.output()).contains("Trusted comment: mirador appliance 1.2.3");

    Tarball.Result tarOk =
        Tarball.run(
            appliance.tarball().getParent(),
            "minisign",
            "-Vm",
            appliance.tarball().getFileName().toString(),
            "-p",
            pub.toString());
    assertThat(tarOk.exit()).as(tarOk.output()).isZero();
    assertThat(tarOk.output())
        .contains("Trusted comment: mirador appliance 1.2.3 mirador-1.2.3-linux-x86_64.tar.gz");

    byte[] manifest = Files.readAllBytes(top.resolve("MANIFEST"));
    manifest[5] ^= 1;
    Files.write(top.resolve("MANIFEST"), manifest);
    Tarball.Result tampered =
        Tarball.run(top, "minisign", "-V", "-m", "MANIFEST", "-p", pub.toString());
    assertThat(tampered.exit()).isNotZero();

    Path otherKeys = dir.resolve("other-keys");
    io.mirador.bundle.manifest.ReleaseKey.loadOrGenerate(
        otherKeys, new java.security.SecureRandom());
    manifest[5] ^= 1;
    Files.write(top.resolve("MANIFEST"), manifest);
    Tarball.Result wrongKey =
        Tarball.run(
            top,
            "minisign",
            "-V",
            "-m",
            "MANIFEST",
            "-p",
            otherKeys.resolve("mirador-release.pub").toString());
    assertThat(wrongKey.exit()).isNotZero();
  }

  @Test
  void twoBuildsOfTheSameInputsAreByteIdentical() throws IOException {
    // Another output and work directory: the runtime is linked again, nothing is reused.
    BuiltBundle again =
        repo.builder(dir.resolve("out-again"), dir.resolve("keys"), dir.resolve("work-again"))
            .build();
    assertThat(again.tarball()).isNotEqualTo(appliance.tarball());
    // Entry by entry first, so a difference is named.
    assertThat(Tarball.entries(again.tarball())).isEqualTo(Tarball.entries(appliance.tarball()));
    Map<String, byte[]> before = Tarball.files(appliance.tarball());
    Map<String, byte[]> after = Tarball.files(again.tarball());
    for (Map.Entry<String, byte[]> e : before.entrySet()) {
      assertThat(after.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
    }
    assertThat(again.sha256()).isEqualTo(appliance.sha256());
    assertThat(Files.readAllBytes(again.tarball()))
        .isEqualTo(Files.readAllBytes(appliance.tarball()));
    assertThat(Files.readString(again.signature()))
        .isEqualTo(Files.readString(appliance.signature()));
    try (var in = Files.newInputStream(appliance.tarball())) {
      assertThat(FileDigests.sha256(in)).isEqualTo(appliance.sha256());
    }
  }

  @Test
  void theGzipHeaderHasNoNameAndNoTime() throws IOException {
    byte[] head = new byte[10];
    try (var in = Files.newInputStream(appliance.tarball())) {
      assertThat(in.read(head)).isEqualTo(10);
    }
    assertThat(head).containsExactly(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3);
  }

  @Test
  void aVariantWithAHigherVersionAndABrokenCoreStillVerifies() throws Exception {
    byte[] broken = "not a jar".getBytes(StandardCharsets.UTF_8);
    BuiltBundle variant =
        repo.builder(dir.resolve("out-variant"), dir.resolve("keys"), dir.resolve("work"))
            .version("1.2.4")
            .withFile("apps/core/quarkus-run.jar", broken, false)
            .withoutFile("apps/ui")
            .build();
    assertThat(variant.tarball().getFileName().toString())
        .isEqualTo("mirador-1.2.4-linux-x86_64.tar.gz");
    Map<String, byte[]> files = Tarball.files(variant.tarball());
    assertThat(files.get("mirador-1.2.4/apps/core/quarkus-run.jar")).isEqualTo(broken);
    assertThat(files.keySet()).noneMatch(n -> n.startsWith("mirador-1.2.4/apps/ui/"));
    Path out = dir.resolve("extract-variant");
    Tarball.extract(variant.tarball(), out);
    Path top = out.resolve("mirador-1.2.4");
    assertThat(Manifest.parse(Files.readAllBytes(top.resolve("MANIFEST"))).check(top)).isEmpty();
    assertThatThrownBy(
            () ->
                repo.builder(dir.resolve("x"), dir.resolve("keys"), dir.resolve("work"))
                    .withoutFile("nothing/here")
                    .build())
        .hasMessageContaining("withoutFile: no nothing/here");
  }

  @Test
  void everyMissingInputIsNamedAtOnce() throws IOException {
    FakeRepository broken = FakeRepository.create(dir.resolve("broken-repo"));
    Files.delete(broken.root.resolve("installer/target/mirador-installer.jar"));
    Files.delete(broken.root.resolve("deploy/systemd/mirador-rca.service.in"));
    Files.delete(broken.root.resolve("mirador-ui-api/target/quarkus-app/quarkus-run.jar"));
    assertThatThrownBy(
            () ->
                broken
                    .builder(dir.resolve("out-broken"), dir.resolve("keys"), dir.resolve("work"))
                    .build())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("installer/target/mirador-installer.jar")
        .hasMessageContaining("mirador-rca.service.in")
        .hasMessageContaining("ui app");
    assertThat(dir.resolve("out-broken/mirador-1.2.3-linux-x86_64.tar.gz")).doesNotExist();
  }

  @Test
  void badParametersAreRefusedWithTheirName() {
    BundleBuilder b = repo.builder(dir.resolve("x"), dir.resolve("keys"), dir.resolve("work"));
    assertThatThrownBy(() -> b.version("../1")).hasMessageContaining("version must match");
    assertThatThrownBy(() -> b.version("")).hasMessageContaining("version must match");
    assertThatThrownBy(() -> b.gzipLevel(0)).hasMessageContaining("gzip level");
    assertThatThrownBy(() -> b.commit("xyz")).hasMessageContaining("commit");
    assertThatThrownBy(() -> b.withFile("../escape", new byte[1], false).build())
        .hasMessageContaining("'..' segment");
  }

  @Test
  void theSbomListsEveryJarOfTheBundleAndTheEngine() throws IOException {
    JsonNode bom =
        new ObjectMapper()
            .readTree(Tarball.files(appliance.tarball()).get(TOP + "sbom/bom.cdx.json"));
    assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(bom.path("specVersion").asText()).isEqualTo("1.5");
    Set<String> locations = new TreeSet<>();
    JsonNode chdb = null;
    JsonNode shared = null;
    JsonNode esbuild = null;
    for (JsonNode c : bom.path("components")) {
      c.path("evidence")
          .path("occurrences")
          .forEach(o -> locations.add(o.path("location").asText()));
      if (c.path("name").asText().equals("lib-linux-x64-gnu")) {
        chdb = c;
      }
      if (c.path("purl").asText().equals("pkg:maven/com.example/shared@1.0")) {
        shared = c;
      }
      if (c.path("name").asText().equals("esbuild")) {
        esbuild = c;
      }
    }
    Set<String> jars = new TreeSet<>();
    for (String n : names(appliance.tarball())) {
      if (n.endsWith(".jar")) {
        jars.add(n.substring(TOP.length()));
      }
    }
    assertThat(jars).hasSizeGreaterThan(20);
    assertThat(locations).containsAll(jars);
    assertThat(chdb).isNotNull();
    assertThat(chdb.path("version").asText()).isEqualTo("26.7.3-stable.1");
    assertThat(chdb.path("hashes").get(0).path("content").asText())
        .isEqualTo(FileDigests.sha256(Files.readAllBytes(repo.chdb)));
    assertThat(shared).isNotNull();
    assertThat(shared.path("licenses").get(0).path("license").path("id").asText())
        .isEqualTo("Apache-2.0");
    assertThat(shared.path("evidence").path("occurrences")).hasSize(5); // 4 apps + installer/lib
    assertThat(esbuild).isNotNull();
    assertThat(esbuild.path("scope").asText()).isEqualTo("excluded");
  }

  private static byte[] strip(String name) {
    String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    return n.getBytes(StandardCharsets.UTF_8);
  }

  private static int mode(List<Tarball.Entry> entries, String name) {
    return entries.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow().mode()
        & 07777;
  }

  static Set<String> names(Path tarball) throws IOException {
    Set<String> names = new TreeSet<>();
    Tarball.entries(tarball).forEach(e -> names.add(e.name()));
    return names;
  }
}
