package io.mirador.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A systemd unit file read as systemd reads it, for the settings these units use: sections, and
 * each key's assignments in order (a key may repeat; an empty assignment resets the list).
 */
final class UnitFile {
  private final Map<String, Map<String, List<String>>> sections;

  private UnitFile(Map<String, Map<String, List<String>>> sections) {
    this.sections = sections;
  }

  static UnitFile parse(String text) {
    Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
    Map<String, List<String>> current = null;
    int lineNumber = 0;
    for (String raw : text.split("\n", -1)) {
      lineNumber++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.endsWith("\\")) {
        throw new IllegalArgumentException("line " + lineNumber + ": continuation lines not used");
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        current =
            sections.computeIfAbsent(
                line.substring(1, line.length() - 1), s -> new LinkedHashMap<>());
        continue;
      }
      int eq = line.indexOf('=');
      if (current == null || eq <= 0) {
        throw new IllegalArgumentException("line " + lineNumber + ": not a setting: " + line);
      }
      current
          .computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>())
          .add(line.substring(eq + 1).strip());
    }
    return new UnitFile(sections);
  }

  /** Every assignment of {@code key} in {@code section}, in order; empty if none. */
  List<String> values(String section, String key) {
    return sections.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
  }

  /** The one value of a key that must be set exactly once. */
  String single(String section, String key) {
    List<String> values = values(section, key);
    if (values.size() != 1) {
      throw new AssertionError(
          "[" + section + "] " + key + " must be set once, is set " + values.size() + " times");
    }
    return values.get(0);
  }

  boolean has(String section, String key) {
    return !values(section, key).isEmpty();
  }

  /**
   * {@code Environment=} assignments of {@code section} as name to value (quotes removed; one
   * assignment per line is this project's convention).
   */
  Map<String, String> environment(String section) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String value : values(section, "Environment")) {
      String v =
          value.startsWith("\"") && value.endsWith("\"")
              ? value.substring(1, value.length() - 1)
              : value;
      int eq = v.indexOf('=');
      env.put(v.substring(0, eq), v.substring(eq + 1));
    }
    return env;
  }
}
