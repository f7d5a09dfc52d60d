package io.mirador.installer.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The blocking preflight: CPU features, glibc, free disk and memory, ports, clock, open-file limit,
 * permissions of the data and key directories, and the data's schema against the release's. Run by
 * {@code doctor}, and by {@code install} and {@code upgrade} before they change anything.
 */
public final class Doctor {

  /**
   * What to check. {@code ports} empty skips the port check (upgrade: our own services hold them).
   */
  public record Request(
      boolean engine,
      Path release,
      Path dataDir,
      List<Path> privateDirs,
      String serviceUser,
      Map<String, Integer> ports,
      String bindHost,
      OptionalInt dataSchema,
      int releaseSchema) {}

  private final SystemProbe probe;

  public Doctor(SystemProbe probe) {
    this.probe = probe;
  }

  public List<Check> run(Request r) {
    List<Check> checks = new ArrayList<>();
    checks.add(guard("cpu", () -> DoctorChecks.cpu(probe.cpuinfo(), r.engine())));
    checks.add(guard("glibc", () -> DoctorChecks.glibc(probe.glibcVersion(), requiredGlibc(r))));
    long memory = r.engine() ? 3 * DoctorChecks.GIB : 256 * DoctorChecks.MIB;
    checks.add(guard("memory", () -> DoctorChecks.memory(probe.meminfo(), memory)));
    long disk = r.engine() ? 2 * DoctorChecks.GIB : 512 * DoctorChecks.MIB;
    checks.add(
        guard("disk", () -> DoctorChecks.disk(probe.usableBytes(r.dataDir()), disk, r.dataDir())));
    if (!r.ports().isEmpty()) {
      checks.add(guard("ports", () -> DoctorChecks.ports(r.ports(), r.bindHost(), probe)));
    }
    checks.add(guard("clock", () -> DoctorChecks.clock(probe.now(), builtAt(r.release()))));
    checks.add(
        guard(
            "open-files", () -> DoctorChecks.openFiles(probe.limits(), r.engine() ? 4096 : 1024)));
    checks.add(guard("permissions", () -> permissions(r.privateDirs(), r.serviceUser())));
    checks.add(DoctorChecks.schema(r.dataSchema(), r.releaseSchema(), r.engine()));
    return checks;
  }

  public static boolean passed(List<Check> checks) {
    return checks.stream().noneMatch(c -> c.status() == Check.Status.FAIL);
  }

  private static String requiredGlibc(Request r) throws IOException {
    Path lib = r.release().resolve("lib/chdb/libchdb.so");
    String required = DoctorChecks.RUNTIME_GLIBC;
    if (r.engine() && Files.isRegularFile(lib)) {
      Optional<String> engine = DoctorChecks.requiredGlibc(lib);
      if (engine.isPresent() && DoctorChecks.compareVersions(engine.get(), required) > 0) {
        required = engine.get();
      }
    }
    return required;
  }

  /**
   * VERSION's {@code built=}, else the newest time of the top files (the build's fixed timestamp).
   */
  private static Instant builtAt(Path release) throws IOException {
    Path version = release.resolve("VERSION");
    if (Files.isRegularFile(version)) {
      for (String line : Files.readAllLines(version)) {
        if (line.startsWith("built=")) {
          try {
            return Instant.parse(line.substring("built=".length()).trim());
          } catch (java.time.format.DateTimeParseException e) {
            break; // fall back to the files' times
          }
        }
      }
    }
    Instant newest = Instant.EPOCH;
    for (String name : List.of("VERSION", "MANIFEST")) {
      Path p = release.resolve(name);
      if (Files.exists(p)) {
        Instant t = Files.getLastModifiedTime(p).toInstant();
        if (t.isAfter(newest)) {
          newest = t;
        }
      }
    }
    return newest;
  }

  static Check permissions(List<Path> dirs, String user) throws IOException {
    List<String> problems = new ArrayList<>();
    Set<PosixFilePermission> groupOrOther =
        EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);
    int checked = 0;
    for (Path dir : dirs) {
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      checked++;
      if (Files.isSymbolicLink(dir)) {
        problems.add(dir + " is a symlink");
        continue;
      }
      Set<PosixFilePermission> perms =
          Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
      perms.retainAll(groupOrOther);
      if (!perms.isEmpty()) {
        problems.add(dir + " is accessible to group/others (chmod 700)");
      }
      String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
      if (user != null && !owner.equals(user)) {
        problems.add(dir + " is owned by " + owner + ", not the service user " + user);
      }
    }
    if (!problems.isEmpty()) {
      return Check.fail("permissions", String.join("; ", problems));
    }
    return Check.ok(
        "permissions",
        checked == 0
            ? "nothing installed yet"
            : checked + " private directories 0700, owned by " + user);
  }

  @FunctionalInterface
  private interface CheckBody {
    Check run() throws IOException;
  }

  private static Check guard(String name, CheckBody body) {
    try {
      return body.run();
    } catch (IOException | RuntimeException e) {
      return Check.fail(name, "could not check: " + e.getMessage());
    }
  }
}
