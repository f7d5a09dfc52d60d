package io.mirador.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The source of each app, to check that a variable a deploy file sets is one the app reads: a
 * renamed variable would otherwise be ignored without a word, the app falling back to its default.
 */
final class AppSources {
  private static final Map<String, String> MAIN_SOURCES =
      Map.of(
          "core", "mirador-core/service/src/main",
          "agent", "mirador-agent/src/main",
          "rca", "mirador-rca/service/src/main",
          "ui", "mirador-ui-api/src/main");
  private static final Pattern AGENT_SETTING = Pattern.compile("DEFAULTS\\.put\\(\"([A-Za-z.]+)\"");

  private AppSources() {}

  /**
   * The app's Java sources and properties as one text, or empty when the app has none yet (a module
   * still being written).
   */
  static Optional<String> text(String app) {
    Path main = DeployTree.repository().resolve(MAIN_SOURCES.get(app));
    if (!Files.isDirectory(main.resolve("java")) && !Files.isDirectory(main.resolve("resources"))) {
      return Optional.empty();
    }
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(main)) {
      for (Path file :
          files
              .filter(Files::isRegularFile)
              .filter(f -> !f.toString().contains("/webui/"))
              .filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".properties"))
              .toList()) {
        all.append(Files.readString(file)).append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all.isEmpty() ? Optional.empty() : Optional.of(all.toString());
  }

  /**
   * The agent's settings ({@code queue.maxBytes}), from its configuration loader: each is also the
   * environment variable {@code MIRADOR_AGENT_QUEUE_MAXBYTES} (mirador-agent/README.md).
   */
  static Set<String> agentSettings() {
    String loader =
        DeployTree.read(
            DeployTree.repository()
                .resolve("mirador-agent/src/main/java/io/mirador/agent/ConfigLoader.java"));
    Set<String> settings = new TreeSet<>();
    Matcher m = AGENT_SETTING.matcher(loader);
    while (m.find()) {
      settings.add(m.group(1));
    }
    if (settings.size() < 10) {
      throw new AssertionError("the agent's settings were not found in its ConfigLoader");
    }
    return settings;
  }

  /** The variable that overrides an agent setting: MIRADOR_AGENT_ + upper case, dots as _. */
  static String agentVariable(String setting) {
    return "MIRADOR_AGENT_" + setting.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
  }

  /**
   * Whether the app reads {@code variable}: named in its sources, or an agent setting's override.
   */
  static boolean reads(String app, String variable, String sources) {
    // A whole name: MIRADOR_UI_TOKEN_FILE must not pass because MIRADOR_UI_LOCAL_TOKEN_FILE exists,
    // nor MIRADOR_DATA_DIR because of MIRADOR_UI_DATA_DIR.
    if (Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(variable) + "(?![A-Za-z0-9_])")
        .matcher(sources)
        .find()) {
      return true;
    }
    return app.equals("agent")
        && agentSettings().stream().map(AppSources::agentVariable).anyMatch(variable::equals);
  }

  static List<String> apps() {
    return List.of("core", "agent", "rca", "ui");
  }
}
