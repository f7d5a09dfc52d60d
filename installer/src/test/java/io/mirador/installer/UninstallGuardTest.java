package io.mirador.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.installer.layout.Prefix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UninstallGuardTest {
  @TempDir Path tmp;

  @Test
  void refusesToRunFromTheReleaseItDeletesThroughCurrent() throws Exception {
    Prefix prefix = new Prefix(tmp.resolve("opt/mirador"));
    Path release = Files.createDirectories(prefix.release("0.1.0"));
    Files.createDirectories(release.resolve("runtime"));
    Files.createSymbolicLink(prefix.current(), Path.of("releases/0.1.0"));
    Path viaCurrent = prefix.current().resolve("runtime");

    assertThatThrownBy(() -> Main.refuseRunningFromInstalledRelease(prefix, List.of(viaCurrent)))
        .isInstanceOf(InstallerException.class)
        .hasMessageContaining("which uninstall deletes")
        .hasMessageContaining("run it from the unpacked bundle")
        .hasMessageContaining("install.sh uninstall --prefix " + prefix.root())
        .satisfies(e -> assertThat(((InstallerException) e).exitCode()).isEqualTo(2));
  }

  @Test
  void allowsAnUnpackedBundleOutsideThePrefix() throws Exception {
    Prefix prefix = new Prefix(tmp.resolve("opt/mirador"));
    Files.createDirectories(prefix.release("0.1.0"));
    Path unpacked = Files.createDirectories(tmp.resolve("carry-in/mirador-0.1.0"));
    // A sibling whose name starts like the releases directory is not inside it.
    Path lookalike = Files.createDirectories(tmp.resolve("opt/mirador/releases-old/runtime"));
    assertThatCode(
            () -> Main.refuseRunningFromInstalledRelease(prefix, List.of(unpacked, lookalike)))
        .doesNotThrowAnyException();
  }

  @Test
  void anUninstalledPrefixHasNothingToProtect() {
    Prefix prefix = new Prefix(tmp.resolve("gone"));
    assertThatCode(() -> Main.refuseRunningFromInstalledRelease(prefix, List.of(tmp)))
        .doesNotThrowAnyException();
  }
}
