package io.mirador.agent;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;

/** Validates the configuration before Quarkus starts, so a bad file ends with a clear message. */
@QuarkusMain
public final class AgentMain {
  AgentMain() {}

  /** The configuration file: {@code -Dmirador.agent.config} or {@code MIRADOR_AGENT_CONFIG}. */
  static Path configPath() {
    String p = System.getProperty("mirador.agent.config", System.getenv("MIRADOR_AGENT_CONFIG"));
    return p == null || p.isBlank() ? null : Path.of(p);
  }

  public static void main(String... args) {
    try {
      ConfigLoader.load(configPath(), System.getenv());
    } catch (ConfigLoader.InvalidConfigException e) {
      System.err.println("mirador-agent: " + e.getMessage());
      System.exit(2);
    }
    Quarkus.run(args);
  }
}
