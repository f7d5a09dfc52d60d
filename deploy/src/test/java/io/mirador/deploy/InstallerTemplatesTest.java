package io.mirador.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The installer's environment templates ({@code mirador-<app>.env.tmpl}, rendered into {@code
 * PREFIX/etc/} and read by the systemd units and by the installer's own process start): every
 * variable they set must be one the app reads, as for the units ({@link SystemdUnitsTest}) and the
 * Kubernetes manifests. A misspelt name is otherwise ignored without a word and the app runs on its
 * default (the UI once got {@code MIRADOR_UI_TOKEN_FILE} and so no login link).
 */
class InstallerTemplatesTest {
  private static final Path TEMPLATES =
      DeployTree.repository()
          .resolve("installer/src/main/resources/io/mirador/installer/templates");

  /** Not the apps': glibc's allocator setting. */
  private static final List<String> NOT_AN_APP_SETTING = List.of("MALLOC_ARENA_MAX");

  static Stream<Path> envTemplates() throws IOException {
    try (Stream<Path> files = Files.list(TEMPLATES)) {
      List<Path> env =
          files.filter(f -> f.getFileName().toString().endsWith(".env.tmpl")).sorted().toList();
      if (env.size() < 4) {
        throw new AssertionError("expected the four apps' env templates in " + TEMPLATES);
      }
      return env.stream();
    }
  }

  private static String app(Path template) {
    String name = template.getFileName().toString();
    return name.substring("mirador-".length(), name.indexOf('.'));
  }

  private static Map<String, String> variables(Path template) {
    Map<String, String> vars = new LinkedHashMap<>();
    for (String line : DeployTree.read(template).split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int eq = l.indexOf('=');
      assertThat(eq).as("%s: not KEY=value: %s", template.getFileName(), l).isPositive();
      vars.put(l.substring(0, eq), l.substring(eq + 1));
    }
    return vars;
  }

  @ParameterizedTest
  @MethodSource("envTemplates")
  void everyVariableATemplateSetsIsReadByItsApp(Path template) {
    String app = app(template);
    Optional<String> sources = AppSources.text(app);
    assumeTrue(sources.isPresent(), "mirador-" + app + " has no sources yet: not checked");
    Map<String, String> vars = variables(template);
    assertThat(vars).as(template.getFileName().toString()).isNotEmpty();
    for (String variable : vars.keySet()) {
      if (NOT_AN_APP_SETTING.contains(variable) || variable.endsWith("_JAVA_OPTS")) {
        continue;
      }
      assertThat(AppSources.reads(app, variable, sources.get()))
          .as("%s sets %s, which mirador-%s does not read", template.getFileName(), variable, app)
          .isTrue();
    }
  }

  @Test
  void theUiTemplateGivesTheTokenFileAndTheDataDirectoryOfTheLoginLink() {
    Map<String, String> ui = variables(TEMPLATES.resolve("mirador-ui.env.tmpl"));
    assertThat(ui)
        .containsEntry("MIRADOR_UI_LOCAL_TOKEN_FILE", "@CORE_DATA_DIR@/local-admin.token")
        .containsEntry("MIRADOR_UI_DATA_DIR", "@UI_DATA_DIR@");
  }

  @Test
  void theCheckRefusesANameNoAppReads() {
    // The check is worth something only if it can fail: the old name, and a near miss.
    Optional<String> ui = AppSources.text("ui");
    assumeTrue(ui.isPresent(), "mirador-ui-api has no sources yet");
    assertThat(AppSources.reads("ui", "MIRADOR_UI_TOKEN_FILE", ui.get())).isFalse();
    assertThat(AppSources.reads("ui", "MIRADOR_UI_DATA", ui.get())).isFalse();
    assertThat(AppSources.reads("ui", "MIRADOR_UI_LOCAL_TOKEN_FILE", ui.get())).isTrue();
  }
}
