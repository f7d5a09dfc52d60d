package io.mirador.bundle.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The UI's npm packages from its {@code package-lock.json} (lockfile version 2 or 3: the {@code
 * packages} map). Dev dependencies only build the UI (esbuild, TypeScript) and are not shipped:
 * they are listed with scope "excluded"; the others with scope "required".
 */
final class NpmLock {
  private NpmLock() {}

  static List<Component> read(Path lockFile, String occurrence) throws IOException {
    JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(lockFile));
    JsonNode packages = root.path("packages");
    if (!packages.isObject()) {
      throw new IOException(
          lockFile + ": no 'packages' map (lockfileVersion 2 or 3 needed, run npm install)");
    }
    List<Component> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = packages.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      String key = e.getKey();
      int at = key.lastIndexOf("node_modules/");
      if (key.isEmpty() || at < 0) {
        continue; // the root project, or a workspace link
      }
      JsonNode p = e.getValue();
      String name = key.substring(at + "node_modules/".length());
      String version = p.path("version").asText("");
      if (name.isEmpty() || version.isEmpty() || p.path("link").asBoolean(false)) {
        continue;
      }
      String group = null;
      String simple = name;
      if (name.startsWith("@") && name.indexOf('/') > 0) {
        group = name.substring(0, name.indexOf('/'));
        simple = name.substring(name.indexOf('/') + 1);
      }
      String license = p.path("license").asText("");
      String[] integrity = p.path("integrity").asText("").split("-", 2);
      String alg = null;
      String hash = null;
      if (integrity.length == 2 && integrity[0].equals("sha512")) {
        try {
          hash = HexFormat.of().formatHex(Base64.getDecoder().decode(integrity[1]));
          alg = "SHA-512";
        } catch (IllegalArgumentException malformed) {
          hash = null;
        }
      }
      boolean dev = p.path("dev").asBoolean(false) || p.path("devOptional").asBoolean(false);
      String purl =
          "pkg:npm/"
              + (group == null ? "" : group.replace("@", "%40") + "/")
              + simple
              + "@"
              + version;
      TreeSet<String> where = new TreeSet<>();
      if (!dev) {
        where.add(occurrence);
      }
      out.add(
          new Component(
              "library",
              group,
              simple,
              version,
              purl,
              license.isEmpty() ? List.of(PomLicenses.UNKNOWN) : List.of(license),
              alg,
              hash,
              dev ? "excluded" : "required",
              where));
    }
    return out;
  }
}
