package io.mirador.crypto;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the {@code [name]} / {@code key=value} vector files kept in test resources. */
final class TestVectors {
  record Vector(String name, Map<String, String> values) {
    byte[] hex(String key) {
      String v = values.get(key);
      if (v == null) {
        throw new IllegalArgumentException(name + ": no " + key);
      }
      return HexFormat.of().parseHex(v);
    }

    int integer(String key) {
      return Integer.parseInt(values.get(key));
    }

    boolean has(String key) {
      return values.containsKey(key);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private TestVectors() {}

  static List<Vector> load(String resource) {
    List<Vector> out = new ArrayList<>();
    try (InputStream in = TestVectors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String name = null;
      Map<String, String> values = null;
      for (String line; (line = r.readLine()) != null; ) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        if (line.startsWith("[")) {
          if (name != null) {
            out.add(new Vector(name, values));
          }
          name = line.substring(1, line.length() - 1);
          values = new LinkedHashMap<>();
        } else {
          int eq = line.indexOf('=');
          values.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      if (name != null) {
        out.add(new Vector(name, values));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
