package io.mirador.installer.service;

import java.util.LinkedHashMap;
import java.util.Map;

/** systemd's EnvironmentFile syntax, the part we write: {@code KEY=value}, {@code #} comments. */
public final class EnvFile {
  private EnvFile() {}

  public static Map<String, String> parse(String text) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (value.length() >= 2
          && ((value.startsWith("\"") && value.endsWith("\""))
              || (value.startsWith("'") && value.endsWith("'")))) {
        value = value.substring(1, value.length() - 1);
      }
      if (key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        env.put(key, value);
      }
    }
    return env;
  }
}
