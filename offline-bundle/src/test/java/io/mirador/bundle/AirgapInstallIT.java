package io.mirador.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mirador.bundle.manifest.ReleaseKey;
import io.mirador.crypto.DetachedSignature;
import io.mirador.crypto.Ed25519Signer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The airgapped end-to-end install (issue 16): the bundles this build made, a second build with a
 * higher version, a deliberately broken one (its core jar is not a jar), a broken one that declares
 * the next store schema (the automatic rollback must restore the backup), and four tampered
 * bundles; then {@link AirgapScenario} runs as one JVM under {@code unshare -n} with only loopback
 * up, so any file missing from a bundle or any download at install or run time fails the test.
 * Figures go to {@code target/airgap-figures.txt} (copied into installer/README.md).
 *
 * <p>Skipped, with the reason, unless run as root with {@code unshare}, {@code ip} and {@code
 * minisign}, and with the bundles (system properties {@code mirador.bundle.*}).
 */
class AirgapInstallIT {
  /**
   * A service user of this run only (a run killed before its clean-up cannot block the next one,
   * and two runs on one machine do not share a user); removed in the clean-up, even on failure.
   */
  private static final String USER =
      "mirador-it-"
          + Long.toString(ProcessHandle.current().pid(), 36)
          + "-"
          + Integer.toString(new SecureRandom().nextInt(36 * 36 * 36), 36);

  @Test
  void installsUpgradesAndRollsBackWithNoNetwork() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "needs root (unshare -n, a system user): skipped");
    for (String tool : List.of("unshare", "ip", "minisign", "tar", "setpriv", "useradd")) {
      assumeTrue(onPath(tool), tool + " not installed: skipped");
    }
    Path appliance = property("mirador.bundle.appliance");
    Path agent = property("mirador.bundle.agent");
    Path pubkey = property("mirador.bundle.pubkey");
    assumeTrue(
        appliance != null
            && agent != null
            && pubkey != null
            && Files.isRegularFile(appliance)
            && Files.isRegularFile(agent),
        "no bundles (mirador.bundle.appliance / .agent / .pubkey): build them first (offline-bundle package)");
    String senderClasspath =
        AirgapOtlpSender.classPath(property(AirgapOtlpSender.CLASSPATH_PROPERTY));

    Path target =
        Path.of(System.getProperty("mirador.bundle.root", "..")).resolve("offline-bundle/target");
    Path work = Files.createTempDirectory("mirador-airgap-it-");
    // The service user must reach the prefixes below this directory.
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    try {
      String version = System.getProperty("mirador.bundle.version", "0.1.0");
      Instant t0 = Instant.now();
      BuiltBundle v2 = variant(bump(version, 1), work.resolve("v2")).build();
      BuiltBundle broken =
          variant(bump(version, 2), work.resolve("broken"))
              .withFile(
                  "apps/core/quarkus-run.jar",
                  "this is not a jar\n".getBytes(StandardCharsets.UTF_8),
                  false)
              .build();
      // A release that declares the next store schema and never becomes healthy: its core is not
      // a jar, so it cannot run any migration. The rollback must restore the backup on the
      // declaration alone (a half-run migration may change tables before it writes the schema
      // marker), which is the path no anchor takes automatically.
      int newerSchema = schema() + 1;
      BuiltBundle newer =
          variant(bump(version, 3), work.resolve("newer-schema"))
              .schema(newerSchema)
              .withFile(
                  "apps/core/quarkus-run.jar",
                  "this is not a jar either\n".getBytes(StandardCharsets.UTF_8),
                  false)
              .build();
      System.out.println(
          "airgap: variants built in " + Duration.between(t0, Instant.now()).toSeconds() + " s");

      // Tampered copies of the agent bundle (smaller, same format).
      Path flipped = work.resolve("tampered/flipped.tar.gz");
      Files.createDirectories(flipped.getParent());
      byte[] bytes = Files.readAllBytes(agent);
      bytes[bytes.length / 2] ^= 0x01;
      Files.write(flipped, bytes);
      Path truncated =
          Files.write(
              work.resolve("tampered/truncated.tar.gz"),
              java.util.Arrays.copyOf(bytes, bytes.length / 3));
      Path swapped = swapped(agent, work.resolve("tampered/swap"));
      Ed25519Signer other = Ed25519Signer.generate(new SecureRandom());
      Path otherKey =
          Files.writeString(
              work.resolve("tampered/other-release.pub"), DetachedSignature.publicKeyFile(other));

      Path figures = work.resolve("figures.txt");
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      List<String> command = new ArrayList<>();
      command.addAll(
          List.of("unshare", "-n", "sh", "-c", "ip link set lo up && exec \"$@\"", "sh"));
      command.addAll(
          List.of(java.toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path")));
      command.add("-Dairgap.work=" + work);
      command.add("-Dairgap.appliance=" + appliance);
      command.add("-Dairgap.agent=" + agent);
      command.add("-Dairgap.pubkey=" + pubkey);
      command.add("-Dairgap.v2=" + v2.tarball());
      command.add("-Dairgap.broken=" + broken.tarball());
      command.add("-Dairgap.newerSchema=" + newer.tarball());
      command.add("-Dairgap.newerSchemaVersion=" + newerSchema);
      command.add("-Dairgap.flipped=" + flipped);
      command.add("-Dairgap.swapped=" + swapped);
      command.add("-Dairgap.truncated=" + truncated);
      command.add("-Dairgap.otherkey=" + otherKey);
      command.add("-Dairgap.java=" + java);
      command.add("-Dairgap.senderClasspath=" + senderClasspath);
      command.add("-Dairgap.user=" + USER);
      command.add("-Dairgap.figures=" + figures);
      command.add(AirgapScenario.class.getName());
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(work.resolve("scenario.out").toFile())
              .start();
      boolean done = p.waitFor(40, TimeUnit.MINUTES);
      if (!done) {
        p.destroyForcibly();
      }
      String out = Files.readString(work.resolve("scenario.out"));
      System.out.println(out);
      if (Files.exists(figures)) {
        String f = Files.readString(figures);
        System.out.println("airgap figures:\n" + f);
        Files.createDirectories(target);
        Files.writeString(target.resolve("airgap-figures.txt"), f);
      }
      Path log = work.resolve("scenario.log");
      if (Files.exists(log)) {
        Files.createDirectories(target);
        Files.copy(log, target.resolve("airgap-scenario.log"), StandardCopyOption.REPLACE_EXISTING);
      }
      assertThat(done).as("the scenario finished within 40 minutes").isTrue();
      assertThat(p.exitValue()).as("scenario (log: target/airgap-scenario.log):\n" + out).isZero();
      assertThat(out).contains("every step passed");
    } finally {
      cleanUp(work);
    }
  }

  /** The store schema the bundles under test declare. */
  private static int schema() {
    return Integer.parseInt(System.getProperty("mirador.bundle.schema", "4"));
  }

  private BundleBuilder variant(String version, Path out) {
    BundleBuilder b =
        BundleBuilder.forRepository(Path.of(System.getProperty("mirador.bundle.root", "..")))
            .kind(BundleKind.APPLIANCE)
            .version(version)
            .output(out)
            .keyDirectory(ReleaseKey.defaultDirectory(System.getProperty("mirador.bundle.keyDir")))
            .mavenRepository(repository())
            .schema(schema())
            .gzipLevel(1);
    String work = System.getProperty("mirador.bundle.work");
    if (work != null) {
      b.workDirectory(Path.of(work));
    }
    String chdb = System.getProperty("mirador.bundle.chdbLibrary");
    if (chdb != null) {
      b.chdb(Path.of(chdb), System.getProperty("mirador.bundle.chdbVersion", "unknown"));
    }
    String date = System.getProperty("mirador.bundle.sourceDate");
    if (date != null && !date.isBlank()) {
      b.sourceDate(Instant.parse(date));
    }
    return b;
  }

  /** The agent bundle with two files' contents exchanged and re-packed (the manifest unchanged). */
  private static Path swapped(Path agent, Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    run(List.of("tar", "-xzf", agent.toString(), "-C", dir.toString()));
    Path top;
    try (var l = Files.list(dir)) {
      top = l.findFirst().orElseThrow();
    }
    Path a = top.resolve("install.sh");
    Path b = top.resolve("VERSION");
    byte[] ab = Files.readAllBytes(a);
    Files.write(a, Files.readAllBytes(b));
    Files.write(b, ab);
    Path out = dir.resolveSibling("swapped.tar.gz");
    run(List.of("tar", "-czf", out.toString(), "-C", dir.toString(), top.getFileName().toString()));
    return out;
  }

  static String bump(String version, int by) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)").matcher(version);
    if (m.find()) {
      return m.group(1) + "." + m.group(2) + "." + (Integer.parseInt(m.group(3)) + by);
    }
    return version + "." + by;
  }

  private static Path repository() {
    String r = System.getProperty("mirador.bundle.mavenRepo");
    return r != null && !r.isBlank()
        ? Path.of(r)
        : Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  private static Path property(String name) {
    String v = System.getProperty(name);
    return v == null || v.isBlank() ? null : Path.of(v);
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return Files.isExecutable(Path.of("/usr/sbin", tool))
        || Files.isExecutable(Path.of("/sbin", tool));
  }

  private static boolean userExists(String user) throws IOException, InterruptedException {
    return run(List.of("id", "-u", user)) == 0;
  }

  private static int run(List<String> command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  /**
   * Stops what the scenario left running (by pid: processes whose command line names the work dir).
   */
  private static void cleanUp(Path work) throws IOException, InterruptedException {
    String marker = work.toString();
    ProcessHandle.allProcesses()
        .filter(h -> h.pid() != ProcessHandle.current().pid())
        .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false))
        .forEach(ProcessHandle::destroyForcibly);
    Thread.sleep(1000);
    if (userExists(USER)) {
      run(List.of("userdel", "--force", USER));
    }
    if (run(List.of("getent", "group", USER)) == 0) {
      run(List.of("groupdel", USER));
    }
    if (userExists(USER)) {
      System.out.println("AirgapInstallIT: could not remove the user " + USER);
    }
    if (!Boolean.getBoolean("airgap.keep")) {
      run(List.of("rm", "-rf", "--one-file-system", work.toString()));
    }
  }
}
