package io.mirador.installer.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorChecksTest {
  @TempDir Path tmp;

  private static final String CPU_OK =
      "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme sse sse2 ssse3 sse4_1 sse4_2 popcnt avx avx2\n";
  private static final String CPU_OLD = "processor\t: 0\nflags\t\t: fpu vme sse sse2 ssse3\n";

  @Test
  void cpuNeedsTheEngineBaseline() {
    assertThat(DoctorChecks.cpu(CPU_OK, true).status()).isEqualTo(Check.Status.OK);
    Check old = DoctorChecks.cpu(CPU_OLD, true);
    assertThat(old.status()).isEqualTo(Check.Status.FAIL);
    assertThat(old.detail()).contains("popcnt").contains("sse4_2");
    assertThat(DoctorChecks.cpu(CPU_OLD, false).status()).isEqualTo(Check.Status.OK);
    assertThat(DoctorChecks.cpu("processor: 0\n", true).status()).isEqualTo(Check.Status.FAIL);
  }

  @Test
  void glibcVersionParsedAndCompared() {
    assertThat(DoctorChecks.parseGlibcVersion("glibc 2.36\n")).contains("2.36");
    assertThat(DoctorChecks.parseGlibcVersion("ldd (Debian GLIBC 2.36-9+deb12u14) 2.36\nCopyright"))
        .contains("2.36");
    assertThat(DoctorChecks.parseGlibcVersion("musl libc (x86_64)\nVersion 1.2.4")).isEmpty();
    assertThat(DoctorChecks.glibc(Optional.of("2.36"), "2.17").status()).isEqualTo(Check.Status.OK);
    assertThat(DoctorChecks.glibc(Optional.of("2.9"), "2.17").status())
        .isEqualTo(Check.Status.FAIL);
    assertThat(DoctorChecks.glibc(Optional.of("2.17"), "2.17").status()).isEqualTo(Check.Status.OK);
    assertThat(DoctorChecks.glibc(Optional.empty(), "2.17").status()).isEqualTo(Check.Status.FAIL);
    assertThat(DoctorChecks.compareVersions("2.4", "2.17")).isNegative();
  }

  @Test
  void requiredGlibcFromSymbolVersions() throws IOException {
    Path lib = tmp.resolve("lib.so");
    Files.write(lib, "\0GLIBC_2.2.5\0GLIBC_2.14\0GLIBC_2.4\0".getBytes());
    assertThat(DoctorChecks.requiredGlibc(lib)).contains("2.14");
  }

  @Test
  void memoryDiskAndOpenFiles() {
    String meminfo = "MemTotal:       16000000 kB\nMemAvailable:    2000000 kB\n";
    assertThat(DoctorChecks.memory(meminfo, 3L << 30).status()).isEqualTo(Check.Status.FAIL);
    assertThat(DoctorChecks.memory(meminfo, 1L << 30).status()).isEqualTo(Check.Status.OK);
    assertThat(DoctorChecks.memory("MemTotal: 1 kB\n", 1).status()).isEqualTo(Check.Status.WARN);
    assertThat(DoctorChecks.disk(100, 200, tmp).status()).isEqualTo(Check.Status.FAIL);
    assertThat(DoctorChecks.disk(300, 200, tmp).status()).isEqualTo(Check.Status.OK);
    String limits =
        "Limit                     Soft Limit           Hard Limit           Units\nMax open files            1024                 524288               files\n";
    assertThat(DoctorChecks.openFilesSoftLimit(limits)).isEqualTo(1024);
    assertThat(DoctorChecks.openFiles(limits, 4096).status()).isEqualTo(Check.Status.FAIL);
    assertThat(DoctorChecks.openFiles(limits, 1024).status()).isEqualTo(Check.Status.OK);
    assertThat(DoctorChecks.openFiles("Max open files  unlimited unlimited files\n", 4096).status())
        .isEqualTo(Check.Status.OK);
  }

  @Test
  void clockBeforeTheBuildFails() {
    Instant built = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(DoctorChecks.clock(Instant.parse("2025-06-01T00:00:00Z"), built).status())
        .isEqualTo(Check.Status.FAIL);
    assertThat(DoctorChecks.clock(Instant.parse("2026-06-01T00:00:00Z"), built).status())
        .isEqualTo(Check.Status.OK);
  }

  @Test
  void newerDataSchemaThanTheReleaseFails() {
    assertThat(DoctorChecks.schema(OptionalInt.of(5), 4, true).status())
        .isEqualTo(Check.Status.FAIL);
    assertThat(DoctorChecks.schema(OptionalInt.of(5), 4, true).detail()).contains("restore");
    assertThat(DoctorChecks.schema(OptionalInt.of(3), 4, true).detail()).contains("migrates");
    assertThat(DoctorChecks.schema(OptionalInt.of(4), 4, true).status()).isEqualTo(Check.Status.OK);
    assertThat(DoctorChecks.schema(OptionalInt.empty(), 4, true).status())
        .isEqualTo(Check.Status.OK);
  }

  @Test
  void busyPortsAreNamed() {
    SystemProbe probe = new FakeProbe(Set.of(8080));
    Check c = DoctorChecks.ports(Map.of("core-http", 8080, "rca", 8081), "127.0.0.1", probe);
    assertThat(c.status()).isEqualTo(Check.Status.FAIL);
    assertThat(c.detail()).contains("core-http 127.0.0.1:8080").doesNotContain("8081");
  }

  @Test
  void privateDirectoriesMustBe0700AndOwned() throws IOException {
    Path good =
        Files.createDirectory(
            tmp.resolve("good"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path open = Files.createDirectory(tmp.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
    String me = System.getProperty("user.name");
    assertThat(Doctor.permissions(List.of(good), me).status()).isEqualTo(Check.Status.OK);
    Check bad = Doctor.permissions(List.of(good, open), me);
    assertThat(bad.status()).isEqualTo(Check.Status.FAIL);
    assertThat(bad.detail()).contains("open is accessible to group/others");
    assertThat(Doctor.permissions(List.of(good), "somebody-else").detail())
        .contains("not the service user");
  }

  @Test
  void doctorRunsEveryCheckOnFakeInputs() throws IOException {
    Path release = Files.createDirectories(tmp.resolve("rel"));
    Files.writeString(release.resolve("VERSION"), "version=1\n");
    FakeProbe probe = new FakeProbe(Set.of());
    Doctor.Request r =
        new Doctor.Request(
            true,
            release,
            tmp.resolve("data"),
            List.of(),
            "me",
            Map.of("core-http", 1),
            "127.0.0.1",
            OptionalInt.of(9),
            4);
    List<Check> checks = new Doctor(probe).run(r);
    assertThat(checks)
        .extracting(Check::name)
        .containsExactly(
            "cpu",
            "glibc",
            "memory",
            "disk",
            "ports",
            "clock",
            "open-files",
            "permissions",
            "schema");
    assertThat(Doctor.passed(checks)).isFalse(); // the data schema 9 > 4
    assertThat(checks.stream().filter(c -> c.status() == Check.Status.FAIL).map(Check::name))
        .containsExactly("schema");
  }

  static final class FakeProbe implements SystemProbe {
    private final Set<Integer> busy;

    FakeProbe(Set<Integer> busy) {
      this.busy = busy;
    }

    @Override
    public String cpuinfo() {
      return CPU_OK;
    }

    @Override
    public String meminfo() {
      return "MemAvailable: 8000000 kB\n";
    }

    @Override
    public String limits() {
      return "Max open files  65536  65536  files\n";
    }

    @Override
    public Optional<String> glibcVersion() {
      return Optional.of("2.36");
    }

    @Override
    public long usableBytes(Path path) {
      return 100L << 30;
    }

    @Override
    public boolean portFree(String host, int port) {
      return !busy.contains(port);
    }

    @Override
    public Instant now() {
      return Instant.now();
    }
  }
}
