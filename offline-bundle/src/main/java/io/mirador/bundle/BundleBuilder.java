package io.mirador.bundle;

import static java.util.Objects.requireNonNull;

import io.mirador.bundle.archive.DeterministicTarGz;
import io.mirador.bundle.manifest.Manifest;
import io.mirador.bundle.manifest.ReleaseKey;
import io.mirador.bundle.runtime.RuntimeImage;
import io.mirador.bundle.runtime.RuntimeModules;
import io.mirador.bundle.sbom.LicenseFiles;
import io.mirador.bundle.sbom.Sbom;
import io.mirador.bundle.tree.BundleEntry;
import io.mirador.bundle.tree.BundleTree;
import io.mirador.bundle.tree.FileDigests;
import io.mirador.bundle.tree.FileEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Builds one signed, reproducible bundle (the contract: offline-bundle/README.md). The same inputs
 * and parameters give the same tarball, byte for byte.
 *
 * <pre>{@code
 * BuiltBundle b = BundleBuilder.forRepository(root)
 *     .kind(BundleKind.APPLIANCE).version("0.1.1").output(dir).keyDirectory(keys)
 *     .build();
 * }</pre>
 *
 * Test variants: {@link #withFile} replaces or adds a file before the manifest is made (a bundle
 * that verifies but whose core cannot start, for the rollback test), {@link #withoutFile} drops
 * one, {@link #schema} changes the schema version written to VERSION.
 */
public final class BundleBuilder {
  /** The installer's pattern for a version (installer/.../ReleaseInfo). */
  static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}");

  private final BundleInputs inputs;
  private final Path root;
  private BundleKind kind = BundleKind.APPLIANCE;
  private String version;
  private Path output;
  private Path keyDirectory;
  private Path workDirectory;
  private Path mavenRepository = Path.of(System.getProperty("user.home"), ".m2", "repository");
  private Path chdbLibrary;
  private String chdbVersion = "unknown";
  private String schema;
  private String commit;
  private Instant sourceDate = Instant.parse("2026-01-01T00:00:00Z");
  private int gzipLevel = 6;
  private Set<String> runtimeModules;
  private final Map<String, FileOverride> overrides = new TreeMap<>();
  private PrintStream log = System.out;

  private record FileOverride(byte[] content, boolean executable) {}

  private BundleBuilder(Path root, BundleInputs inputs) {
    this.root = root;
    this.inputs = requireNonNull(inputs, "inputs");
  }

  /** A builder over a built checkout at {@code root} ({@link BundleInputs#ofRepository}). */
  public static BundleBuilder forRepository(Path root) {
    Path r = root.toAbsolutePath().normalize();
    return new BundleBuilder(r, BundleInputs.ofRepository(r));
  }

  /** A builder over explicit inputs (tests); {@code root} is where git is asked for the commit. */
  public static BundleBuilder forInputs(Path root, BundleInputs inputs) {
    return new BundleBuilder(root.toAbsolutePath().normalize(), inputs);
  }

  public BundleBuilder kind(BundleKind kind) {
    this.kind = requireNonNull(kind, "kind");
    return this;
  }

  public BundleBuilder version(String version) {
    if (version == null || !VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException(
          "version must match " + VERSION.pattern() + " (e.g. 0.1.1), not '" + version + "'");
    }
    this.version = version;
    return this;
  }

  public BundleBuilder output(Path directory) {
    this.output = requireNonNull(directory, "directory");
    return this;
  }

  /** Where the release key lives (generated there when absent). */
  public BundleBuilder keyDirectory(Path directory) {
    this.keyDirectory = requireNonNull(directory, "directory");
    return this;
  }

  /** Where jlinked runtimes are cached between builds (default: output/.work). */
  public BundleBuilder workDirectory(Path directory) {
    this.workDirectory = requireNonNull(directory, "directory");
    return this;
  }

  public BundleBuilder mavenRepository(Path repository) {
    this.mavenRepository = requireNonNull(repository, "repository");
    return this;
  }

  public BundleBuilder chdb(Path library, String engineVersion) {
    this.chdbLibrary = requireNonNull(library, "library");
    this.chdbVersion = requireNonNull(engineVersion, "engineVersion");
    return this;
  }

  /**
   * The store schema version written to VERSION; default: the newest migration of the store jar the
   * bundled core ships ({@link StoreSchema}). The agent bundle writes "none".
   */
  public BundleBuilder schema(int schemaVersion) {
    if (schemaVersion < 0) {
      throw new IllegalArgumentException("schema must be >= 0");
    }
    this.schema = Integer.toString(schemaVersion);
    return this;
  }

  /** The commit written to VERSION; default: {@code git rev-parse HEAD} at the root, or unknown. */
  public BundleBuilder commit(String commit) {
    if (commit == null || !commit.matches("[0-9a-f]{7,64}|unknown")) {
      throw new IllegalArgumentException("commit must be a hex git commit or 'unknown'");
    }
    this.commit = commit;
    return this;
  }

  /** The one timestamp in the tarball (SOURCE_DATE_EPOCH / project.build.outputTimestamp). */
  public BundleBuilder sourceDate(Instant time) {
    if (time.getEpochSecond() < 0 || time.getNano() != 0) {
      throw new IllegalArgumentException("source date must be whole seconds after 1970");
    }
    this.sourceDate = time;
    return this;
  }

  public BundleBuilder gzipLevel(int level) {
    if (level < 1 || level > 9) {
      throw new IllegalArgumentException("gzip level must be 1-9");
    }
    this.gzipLevel = level;
    return this;
  }

  /** Links the runtime with exactly these modules instead of the scanned set (tests). */
  public BundleBuilder runtimeModules(Set<String> modules) {
    this.runtimeModules = Set.copyOf(modules);
    return this;
  }

  /** Replaces or adds a file of the bundle before the manifest is made (test variants). */
  public BundleBuilder withFile(String path, byte[] content, boolean executable) {
    overrides.put(path, new FileOverride(content.clone(), executable));
    return this;
  }

  /** Drops a file or directory of the bundle before the manifest is made (test variants). */
  public BundleBuilder withoutFile(String path) {
    overrides.put(path, null);
    return this;
  }

  public BundleBuilder log(PrintStream log) {
    this.log = requireNonNull(log, "log");
    return this;
  }

  /** Builds the bundle: tarball, its .minisig and mirador-release.pub in the output directory. */
  public BuiltBundle build() throws IOException {
    requireNonNull(version, "version (BundleBuilder.version)");
    requireNonNull(output, "output (BundleBuilder.output)");
    Path chdb = chdbLibrary;
    List<String> missing = inputs.missing(kind, chdb);
    if (!missing.isEmpty()) {
      throw new IOException(
          "cannot build the "
              + kind.label()
              + " bundle, missing:\n  "
              + String.join("\n  ", missing));
    }
    Map<String, Long> stages = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    Files.createDirectories(output);
    Path work = workDirectory != null ? workDirectory : output.resolve(".work");
    ReleaseKey key =
        ReleaseKey.loadOrGenerate(
            keyDirectory != null ? keyDirectory : ReleaseKey.defaultDirectory(null),
            new SecureRandom());
    if (key.generated()) {
      log.println("bundle: generated a new release key in " + key.directory());
    }

    Set<String> modules =
        runtimeModules != null
            ? runtimeModules
            : RuntimeModules.forApps(appJars(), work, kind.excludedModules());
    long t1 = System.nanoTime();
    stages.put("modules", ms(t1 - t0));
    RuntimeImage runtime = RuntimeImage.link(modules, work);
    long t2 = System.nanoTime();
    stages.put("jlink", ms(t2 - t1));

    BundleTree.Builder tree = BundleTree.builder();
    String resolvedCommit = commit != null ? commit : GitCommit.of(root);
    String schemaVersion = schema;
    if (schemaVersion == null && kind.apps().contains("core")) {
      schemaVersion = Integer.toString(StoreSchema.of(inputs.app("core")));
    }
    tree.bytes("VERSION", versionFile(runtime.javaVersion(), resolvedCommit, schemaVersion), false);
    tree.file("install.sh", inputs.installScript(), true);
    tree.file("installer/mirador-installer.jar", inputs.installerJar(), false);
    if (Files.isDirectory(inputs.installerLib())) {
      tree.directory("installer/lib", inputs.installerLib());
    }
    tree.directory("runtime", runtime.directory());
    Map<String, Path> dependencyLists = new TreeMap<>();
    for (String app : kind.apps()) {
      Path dir = inputs.app(app);
      for (String part : List.of("quarkus-run.jar", "lib", "app", "quarkus")) {
        Path p = dir.resolve(part);
        if (Files.isDirectory(p)) {
          tree.directory("apps/" + app + "/" + part, p);
        } else if (Files.isRegularFile(p)) {
          tree.file("apps/" + app + "/" + part, p, false);
        }
      }
      dependencyLists.put("apps/" + app, dir.resolve("quarkus-app-dependencies.txt"));
    }
    if (kind.hasEngine()) {
      tree.file("lib/chdb/libchdb.so", chdb, false);
    }
    for (Path template : inputs.configTemplates(kind)) {
      tree.file("config/" + template.getFileName(), template, false);
    }
    for (Path unit : inputs.systemdUnits(kind)) {
      tree.file("systemd/" + unit.getFileName(), unit, false);
    }
    applyOverrides(tree);

    BundleTree withoutSbom = tree.build();
    FileDigests digests = FileDigests.of(withoutSbom);
    Sbom sbom =
        Sbom.of(
            withoutSbom,
            digests,
            new Sbom.Subject(
                kind.label(),
                version,
                sourceDate,
                resolvedCommit,
                runtime.javaVersion(),
                kind.hasEngine() ? chdbVersion : null,
                mavenRepository,
                dependencyLists,
                kind.apps().contains("ui") ? inputs.npmLockFile() : null,
                "apps/ui/app (bundled into the UI's web assets)"));
    tree.bytes(Sbom.PATH, sbom.json(), false);
    LicenseFiles.addTo(tree, sbom, jarSources(withoutSbom));
    BundleTree content = tree.build();
    FileDigests all = FileDigests.of(content, digests);
    long t3 = System.nanoTime();
    stages.put("tree+sbom+hashes", ms(t3 - t2));

    Manifest manifest = Manifest.of(content, all);
    byte[] manifestBytes = manifest.bytes();
    String comment = "mirador " + kind.label() + " " + version;
    String manifestSig = key.sign(new ByteArrayInputStream(manifestBytes), comment);
    tree.bytes(Manifest.FILE_NAME, manifestBytes, false);
    tree.bytes(Manifest.SIGNATURE_NAME, manifestSig.getBytes(StandardCharsets.US_ASCII), false);
    BundleTree signed = tree.build();
    FileDigests signedDigests = FileDigests.of(signed, all);

    Path tarball = output.resolve(kind.tarballName(version));
    DeterministicTarGz.Written written =
        new DeterministicTarGz(kind.topDirectory(version), sourceDate, gzipLevel)
            .write(signed, signedDigests, tarball);
    long t4 = System.nanoTime();
    stages.put("tar+gzip", ms(t4 - t3));

    String tarSha;
    try (InputStream in = Files.newInputStream(tarball)) {
      tarSha = FileDigests.sha256(in);
    }
    Path signature = output.resolve(tarball.getFileName() + ".minisig");
    try (InputStream in = Files.newInputStream(tarball)) {
      Files.writeString(signature, key.sign(in, comment + " " + tarball.getFileName()));
    }
    Path pub = output.resolve(ReleaseKey.PUBLIC_FILE);
    Files.writeString(pub, key.publicKeyFile());
    long t5 = System.nanoTime();
    stages.put("sign", ms(t5 - t4));
    stages.put("total", ms(t5 - t0));
    return new BuiltBundle(
        kind,
        version,
        kind == BundleKind.AGENT ? "none" : schemaVersion,
        tarball,
        signature,
        pub,
        tarSha,
        written.bytes(),
        written.storedBytes(),
        written.regularEntries() + written.hardLinks(),
        written.hardLinks(),
        written.compressedByPart(),
        stages);
  }

  private void applyOverrides(BundleTree.Builder tree) {
    for (Map.Entry<String, FileOverride> o : overrides.entrySet()) {
      if (o.getValue() == null) {
        if (!tree.remove(o.getKey())) {
          throw new IllegalArgumentException("withoutFile: no " + o.getKey() + " in the bundle");
        }
      } else {
        tree.replace(
            new FileEntry(
                io.mirador.bundle.tree.BundlePath.of(o.getKey()),
                new FileEntry.Inline(o.getValue().content()),
                o.getValue().executable()));
      }
    }
  }

  private List<Path> appJars() throws IOException {
    List<Path> jars = new ArrayList<>();
    for (String app : kind.apps()) {
      try (var walk = Files.walk(inputs.app(app))) {
        walk.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
      }
    }
    jars.add(inputs.installerJar());
    if (Files.isDirectory(inputs.installerLib())) {
      try (var walk = Files.walk(inputs.installerLib())) {
        walk.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
      }
    }
    return jars;
  }

  private static Map<String, Path> jarSources(BundleTree tree) {
    Map<String, Path> sources = new HashMap<>();
    for (BundleEntry e : tree.entries()) {
      if (e instanceof FileEntry f && f.content() instanceof FileEntry.OnDisk d) {
        sources.put(f.path().value(), d.file());
      }
    }
    return sources;
  }

  private byte[] versionFile(String javaVersion, String resolvedCommit, String schemaVersion) {
    boolean agent = kind == BundleKind.AGENT;
    String text =
        "version="
            + version
            + "\nschema="
            + (agent ? "none" : schemaVersion)
            + "\nkind="
            + kind.label()
            + "\njava="
            + javaVersion
            + "\nchdb="
            + (agent ? "none" : chdbVersion)
            + "\ncommit="
            + resolvedCommit
            + "\nbuilt="
            + sourceDate
            + "\n";
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  /** The checkout's commit, from git; "unknown" without git or outside a repository. */
  static final class GitCommit {
    private GitCommit() {}

    static String of(Path root) {
      try {
        Process p =
            new ProcessBuilder("git", "-C", root.toString(), "rev-parse", "HEAD")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor(30, TimeUnit.SECONDS)
            && p.exitValue() == 0
            && out.matches("[0-9a-f]{40,64}")) {
          return out;
        }
      } catch (IOException e) {
        return "unknown";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "unknown";
    }
  }
}
