package io.mirador.installer.verify;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bundle's VERSION file: {@code key=value} lines with version, schema (the store schema version
 * the release's core migrates to), kind (appliance or agent), java, chdb and commit.
 */
public record ReleaseInfo(String version, int schema, String kind, Map<String, String> fields) {
  public static final String FILE = "VERSION";

  public ReleaseInfo {
    fields = Map.copyOf(fields);
  }

  public boolean appliance() {
    return kind.equals("appliance");
  }

  /**
   * The tarball's top directory this release must have: {@code mirador-<version>} for the
   * appliance, {@code mirador-agent-<version>} for the agent (so unpacking both in one place cannot
   * mix them).
   */
  public String expectedTopDirectory() {
    return (appliance() ? "mirador-" : "mirador-agent-") + version;
  }

  public static ReleaseInfo parse(byte[] bytes) throws VerificationException {
    if (bytes.length > 64 * 1024) {
      throw new VerificationException(FILE + ": too large");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r?\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new VerificationException(FILE + ": line is not key=value");
      }
      fields.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
    }
    String version = fields.get("version");
    String kind = fields.get("kind");
    String schema = fields.get("schema");
    if (version == null || !version.matches("[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}")) {
      throw new VerificationException(FILE + ": missing or malformed version");
    }
    if (kind == null || !(kind.equals("appliance") || kind.equals("agent"))) {
      throw new VerificationException(FILE + ": kind must be appliance or agent");
    }
    int schemaVersion;
    try {
      schemaVersion = Integer.parseInt(schema == null ? "" : schema);
    } catch (NumberFormatException e) {
      if (kind.equals("agent")) {
        schemaVersion = 0; // the agent stores no ClickHouse data
      } else {
        throw new VerificationException(FILE + ": schema must be an integer");
      }
    }
    if (schemaVersion < 0) {
      throw new VerificationException(FILE + ": schema must be >= 0");
    }
    return new ReleaseInfo(version, schemaVersion, kind, fields);
  }
}
