package io.mirador.installer.layout;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What {@code install} decided and every later command reuses ({@code etc/installer.properties}):
 * the kind, the service user, where services listen, the tenant, and for an agent its core.
 */
public record Settings(
    String kind,
    String user,
    String group,
    String bindHost,
    String tenant,
    String region,
    String agentId,
    Map<String, Integer> ports,
    String coreEndpoint,
    String coreKeyFile,
    boolean withAgent) {

  /** Port names and their defaults (the contract's). */
  public static final Map<String, Integer> DEFAULT_PORTS = defaults();

  private static Map<String, Integer> defaults() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("core-http", 8080);
    m.put("core-grpc", 9090);
    m.put("rca", 8081);
    m.put("ui", 8082);
    m.put("agent-grpc", 4317);
    m.put("agent-http", 4318);
    return Map.copyOf(m);
  }

  public Settings {
    ports = Map.copyOf(ports);
  }

  public int port(String name) {
    Integer p = ports.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no port " + name);
    }
    return p;
  }

  public boolean appliance() {
    return kind.equals("appliance");
  }

  public String toProperties() {
    Properties p = new Properties();
    p.setProperty("kind", kind);
    p.setProperty("user", user);
    p.setProperty("group", group);
    p.setProperty("bindHost", bindHost);
    p.setProperty("tenant", tenant);
    p.setProperty("region", region);
    p.setProperty("agentId", agentId);
    p.setProperty("withAgent", Boolean.toString(withAgent));
    if (coreEndpoint != null) {
      p.setProperty("coreEndpoint", coreEndpoint);
    }
    if (coreKeyFile != null) {
      p.setProperty("coreKeyFile", coreKeyFile);
    }
    new TreeMap<>(ports).forEach((k, v) -> p.setProperty("port." + k, Integer.toString(v)));
    StringWriter w = new StringWriter();
    try {
      p.store(w, "written by the Mirador installer; used by its later commands");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return w.toString();
  }

  public static Settings read(Path file) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
    Map<String, Integer> ports = new LinkedHashMap<>(DEFAULT_PORTS);
    for (String name : p.stringPropertyNames()) {
      if (name.startsWith("port.")) {
        ports.put(name.substring(5), Integer.parseInt(p.getProperty(name)));
      }
    }
    return new Settings(
        require(p, "kind"),
        require(p, "user"),
        require(p, "group"),
        require(p, "bindHost"),
        require(p, "tenant"),
        require(p, "region"),
        require(p, "agentId"),
        ports,
        p.getProperty("coreEndpoint"),
        p.getProperty("coreKeyFile"),
        Boolean.parseBoolean(p.getProperty("withAgent", "false")));
  }

  private static String require(Properties p, String key) throws IOException {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IOException("installer.properties: " + key + " missing");
    }
    return v;
  }
}
