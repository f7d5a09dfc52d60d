package io.mirador.agent;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Feeds the HTTP receiver's address from the agent's YAML file (and its environment overrides) into
 * Quarkus ({@code quarkus.http.host/port}), so the agent has one configuration file. Below system
 * properties and Quarkus's own environment variables, above application.properties.
 */
public final class AgentConfigSource implements ConfigSource {
  private final Map<String, String> values = new HashMap<>();

  public AgentConfigSource() {
    try {
      if (AgentMain.configPath() != null) {
        AgentConfig c = ConfigLoader.load(AgentMain.configPath(), System.getenv());
        values.put("quarkus.http.port", String.valueOf(c.httpPort()));
        values.put("quarkus.http.host", c.httpHost());
      }
    } catch (ConfigLoader.InvalidConfigException e) {
      // AgentMain reports it; Quarkus must not fail here with a less clear message.
    }
  }

  @Override
  public Set<String> getPropertyNames() {
    return values.keySet();
  }

  @Override
  public String getValue(String propertyName) {
    return values.get(propertyName);
  }

  @Override
  public String getName() {
    return "mirador-agent-yaml";
  }

  @Override
  public int getOrdinal() {
    return 260;
  }
}
