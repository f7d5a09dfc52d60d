package io.mirador.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The systemd unit templates: hardened as deploy/README.md says, starting the bundle's runtime and
 * app, and accepted by {@code systemd-analyze verify} once rendered into an installed tree.
 */
final class SystemdUnitsTest {
  private static final String SERVICE = "Service";
  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern EXPOSURE =
      Pattern.compile("Overall exposure level for (\\S+): ([0-9.]+)");

  /** The highest exposure score systemd-analyze may give a unit ("OK" is up to 4.9). */
  private static final double MAX_EXPOSURE = 2.0;

  /** Settings every unit has, with the one value each must have. */
  private static final Map<String, String> HARDENING = new LinkedHashMap<>();

  static {
    HARDENING.put("User", "@USER@");
    HARDENING.put("Group", "@GROUP@");
    HARDENING.put("NoNewPrivileges", "yes");
    HARDENING.put("ProtectSystem", "strict");
    HARDENING.put("ProtectHome", "yes");
    HARDENING.put("PrivateTmp", "yes");
    HARDENING.put("PrivateDevices", "yes");
    HARDENING.put("ProtectKernelTunables", "yes");
    HARDENING.put("ProtectKernelModules", "yes");
    HARDENING.put("ProtectKernelLogs", "yes");
    HARDENING.put("ProtectControlGroups", "yes");
    HARDENING.put("ProtectClock", "yes");
    HARDENING.put("RestrictNamespaces", "yes");
    HARDENING.put("RestrictRealtime", "yes");
    HARDENING.put("RestrictSUIDSGID", "yes");
    HARDENING.put("LockPersonality", "yes");
    HARDENING.put("RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6");
    HARDENING.put("CapabilityBoundingSet", "");
    HARDENING.put("AmbientCapabilities", "");
    HARDENING.put("SystemCallArchitectures", "native");
    HARDENING.put("SystemCallErrorNumber", "EPERM");
    HARDENING.put("UMask", "0077");
    HARDENING.put("Restart", "on-failure");
  }

  @TempDir Path tmp;

  static List<String> apps() {
    return UnitTemplates.APPS;
  }

  private static UnitFile unit(String app) {
    return UnitFile.parse(DeployTree.read(UnitTemplates.template(app)));
  }

  @ParameterizedTest
  @MethodSource("apps")
  void everyUnitIsHardened(String app) {
    UnitFile unit = unit(app);
    HARDENING.forEach(
        (key, value) ->
            assertThat(unit.single(SERVICE, key)).as("%s %s", app, key).isEqualTo(value));
    assertThat(unit.values(SERVICE, "SystemCallFilter")).as(app).contains("@system-service");
    // The JVM cannot run with W^X memory (RATIONALE.md): setting it would stop every start.
    assertThat(unit.values(SERVICE, "MemoryDenyWriteExecute")).as(app).isEmpty();
    assertThat(Long.parseLong(unit.single(SERVICE, "LimitNOFILE")))
        .as(app)
        .isGreaterThanOrEqualTo(65536);
  }

  @ParameterizedTest
  @MethodSource("apps")
  void writesOnlyToDataAndKeys(String app) {
    List<String> paths = new ArrayList<>();
    for (String value : unit(app).values(SERVICE, "ReadWritePaths")) {
      paths.addAll(Arrays.asList(value.split("\\s+")));
    }
    assertThat(paths).as(app).isNotEmpty();
    for (String path : paths) {
      String p = path.startsWith("-") ? path.substring(1) : path;
      assertThat(
              p.equals("@PREFIX@/data")
                  || p.equals("@PREFIX@/keys")
                  || p.startsWith("@PREFIX@/data/"))
          .as("%s may write %s", app, p)
          .isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("apps")
  void startsTheBundledRuntimeWithTheApp(String app) {
    UnitFile unit = unit(app);
    List<String> exec = Arrays.asList(unit.single(SERVICE, "ExecStart").split("\\s+"));
    assertThat(exec.get(0)).isEqualTo("@PREFIX@/current/runtime/bin/java");
    assertThat(exec.subList(exec.size() - 2, exec.size()))
        .containsExactly("-jar", "@PREFIX@/current/apps/" + app + "/quarkus-run.jar");
    assertThat(unit.single(SERVICE, "EnvironmentFile"))
        .isEqualTo("-@PREFIX@/etc/mirador-" + app + ".env");
    // Every $VARIABLE in the command line has a default in the unit (an unset one expands to
    // nothing, which would silently drop the heap size).
    Map<String, String> env = unit.environment(SERVICE);
    exec.stream()
        .filter(word -> word.startsWith("$"))
        .forEach(word -> assertThat(env).as(app).containsKey(word.substring(1)));
    if (app.equals("core")) {
      assertThat(exec)
          .contains(
              "--enable-native-access=ALL-UNNAMED",
              "-Dmirador.chdb.library=@PREFIX@/current/lib/chdb/libchdb.so");
      assertThat(env)
          .containsEntry("MIRADOR_CONFIG", "@PREFIX@/etc/mirador-core.yaml")
          .containsEntry("MIRADOR_DATA_DIR", "@PREFIX@/data/core");
    }
  }

  @Test
  void rcaAndUiStartAfterTheCoreAndPullItIn() {
    for (String app : List.of("rca", "ui")) {
      UnitFile unit = unit(app);
      assertThat(String.join(" ", unit.values("Unit", "After")))
          .as(app)
          .contains("mirador-core.service");
      assertThat(String.join(" ", unit.values("Unit", "Wants")))
          .as(app)
          .contains("mirador-core.service");
    }
    // An application host has no core: the agent orders itself after one but does not need it.
    assertThat(unit("agent").values("Unit", "Wants")).isEmpty();
    assertThat(unit("core").values("Unit", "After")).noneMatch(v -> v.contains("mirador-"));
  }

  @ParameterizedTest
  @MethodSource("apps")
  void everyVariableTheUnitSetsIsReadByTheApp(String app) {
    Optional<String> sources = AppSources.text(app);
    assumeTrue(
        sources.isPresent(), "mirador-" + app + " has no sources yet: variables not checked");
    for (String variable : unit(app).environment(SERVICE).keySet()) {
      if (!variable.startsWith("MIRADOR_") || variable.endsWith("_JAVA_OPTS")) {
        continue; // *_JAVA_OPTS is the unit's own; the others are the JVM's and glibc's
      }
      assertThat(AppSources.reads(app, variable, sources.get()))
          .as("mirador-%s reads %s", app, variable)
          .isTrue();
    }
  }

  @Test
  void systemdAnalyzeVerifiesEveryRenderedUnit() throws IOException {
    String tool = systemdAnalyze();
    List<String> command = new ArrayList<>(List.of(tool, "verify", "--man=no"));
    command.addAll(installedUnits(true));
    ExternalTool.Result result = ExternalTool.run(command, TOOL_TIMEOUT);
    assertThat(result.exitCode()).as(result.all()).isZero();
    // Warnings (unknown settings, bad values) are printed as "<file>:<line>: ..." even when the
    // exit code is 0.
    assertThat(result.all()).as(result.all()).doesNotContain(".service:");
  }

  @Test
  void systemdAnalyzeRefusesAUnitWhoseRuntimeIsMissing() throws IOException {
    // The check above is only worth something if verify looks at the paths: without the
    // bundled java it must fail, naming it.
    String tool = systemdAnalyze();
    List<String> units = installedUnits(false);
    ExternalTool.Result result =
        ExternalTool.run(List.of(tool, "verify", "--man=no", units.get(0)), TOOL_TIMEOUT);
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.all()).contains("runtime/bin/java");
  }

  @Test
  void exposureScoreOfEveryUnitIsLow() throws IOException {
    String tool = systemdAnalyze();
    StringBuilder report = new StringBuilder();
    for (String unitFile : installedUnits(true)) {
      ExternalTool.Result result =
          ExternalTool.run(
              List.of(tool, "security", "--offline=yes", "--no-pager", unitFile), TOOL_TIMEOUT);
      assumeTrue(
          !result.all().contains("unrecognized option"),
          "this systemd-analyze has no --offline (systemd < 250): exposure not measured");
      Matcher m = EXPOSURE.matcher(result.all());
      assertThat(m.find()).as(result.all()).isTrue();
      double exposure = Double.parseDouble(m.group(2));
      report.append(m.group(1)).append(' ').append(m.group(2)).append('\n');
      assertThat(exposure).as("exposure of %s", unitFile).isLessThanOrEqualTo(MAX_EXPOSURE);
    }
    Path target = DeployTree.module().resolve("target");
    Files.createDirectories(target);
    Files.writeString(target.resolve("systemd-exposure.txt"), report);
  }

  /** systemd-analyze, or the test skipped with the reason. */
  private static String systemdAnalyze() {
    Optional<Path> tool = ExternalTool.find("systemd-analyze");
    assumeTrue(tool.isPresent(), "systemd-analyze is not installed: units not checked");
    return tool.get().toString();
  }

  /**
   * Lays out an installed tree under tmp (with or without the bundled java) and returns the units
   * rendered for it.
   */
  private List<String> installedUnits(boolean withRuntime) throws IOException {
    Path prefix = tmp.resolve("opt/mirador");
    UnitTemplates.layOutInstalledTree(prefix, withRuntime);
    return renderAll(prefix);
  }

  /** Renders every template into {@code prefix}/units and returns the unit files' paths. */
  private List<String> renderAll(Path prefix) throws IOException {
    Path units = tmp.resolve("units");
    Files.createDirectories(units);
    List<String> files = new ArrayList<>();
    for (String app : UnitTemplates.APPS) {
      Path file = units.resolve("mirador-" + app + ".service");
      Files.writeString(
          file,
          UnitTemplates.render(
              DeployTree.read(UnitTemplates.template(app)), prefix, "mirador", "mirador"));
      files.add(file.toString());
    }
    return files;
  }
}
