package io.mirador.bundle.sbom;

import io.mirador.bundle.tree.BundleTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The bundle's {@code licenses/} folder: LICENSE (Mirador's own), NOTICE (what an operator must
 * know, smile-core's GPL-3.0 / commercial terms first), THIRD-PARTY.txt (every component of the
 * SBOM with its licence), {@code texts/} (the full text of each licence in use that this module
 * carries) and {@code notices/} (the LICENSE and NOTICE files the jars carry in META-INF, which
 * hold their copyright lines; Apache-2.0 requires passing NOTICE files on).
 */
public final class LicenseFiles {
  private static final String RESOURCES = "/io/mirador/bundle/licenses/";
  private static final Map<String, String> TEXTS = new LinkedHashMap<>();
  private static final Pattern LEGAL_FILE =
      Pattern.compile(
          "META-INF/(LICENSE|LICENCE|NOTICE|COPYING)[^/]{0,40}", Pattern.CASE_INSENSITIVE);
  private static final long MAX_NOTICE = 256 * 1024;

  static {
    TEXTS.put("Apache-2.0", "Apache-2.0.txt");
    TEXTS.put("MIT", "MIT.txt");
    TEXTS.put("BSD-2-Clause", "BSD-2-Clause.txt");
    TEXTS.put("BSD-3-Clause", "BSD-3-Clause.txt");
    TEXTS.put("GPL-2.0", "GPL-2.0.txt");
    TEXTS.put("GPL-3.0", "GPL-3.0.txt");
    TEXTS.put("LGPL-2.1", "LGPL-2.1.txt");
    TEXTS.put("MPL-2.0", "MPL-2.0.txt");
    TEXTS.put("CC0-1.0", "CC0-1.0.txt");
  }

  private LicenseFiles() {}

  /** Adds licenses/ for the components of {@code sbom} to {@code tree}. */
  public static void addTo(BundleTree.Builder tree, Sbom sbom, Map<String, Path> jarSources)
      throws IOException {
    tree.bytes("licenses/LICENSE", resource("LICENSE.txt"), false);
    tree.bytes("licenses/NOTICE", resource("NOTICE.txt"), false);
    tree.bytes("licenses/THIRD-PARTY.txt", thirdParty(sbom.components()), false);
    Set<String> used = new TreeSet<>();
    for (Component c : sbom.components()) {
      for (String l : c.licenses()) {
        for (String id : TEXTS.keySet()) {
          if (l.startsWith(id)) {
            used.add(id);
          }
        }
      }
    }
    used.add("GPL-3.0"); // smile-core's terms, named in NOTICE even when it is not in a bundle
    used.add("Apache-2.0");
    for (String id : used) {
      tree.bytes("licenses/texts/" + TEXTS.get(id), resource(TEXTS.get(id)), false);
    }
    for (Component c : sbom.components()) {
      if (!c.type().equals("library") || c.purl() == null || !c.purl().startsWith("pkg:maven/")) {
        continue;
      }
      String jar = c.occurrences().isEmpty() ? null : c.occurrences().first();
      Path source = jar == null ? null : jarSources.get(jar);
      if (source != null) {
        addNotices(tree, c, source);
      }
    }
  }

  private static void addNotices(BundleTree.Builder tree, Component c, Path jar)
      throws IOException {
    String dir = "licenses/notices/" + safe(c.group() + "." + c.name() + "-" + c.version());
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      List<? extends ZipEntry> entries = zip.stream().toList();
      Set<String> seen = new TreeSet<>();
      for (ZipEntry e : entries) {
        if (e.isDirectory() || !LEGAL_FILE.matcher(e.getName()).matches()) {
          continue;
        }
        String name = safe(e.getName().substring("META-INF/".length()));
        if (!seen.add(name.toLowerCase(Locale.ROOT))) {
          continue;
        }
        try (InputStream in = zip.getInputStream(e)) {
          byte[] text = in.readNBytes((int) MAX_NOTICE);
          tree.bytes(dir + "/" + name, text, false);
        }
      }
    }
  }

  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9._+-]", "_");
  }

  private static byte[] thirdParty(List<Component> components) {
    StringBuilder out = new StringBuilder();
    out.append("Third-party components of this bundle (from sbom/bom.cdx.json)\n");
    out.append("scope 'excluded': used to build the bundle, not shipped in it\n\n");
    List<String> lines = new ArrayList<>();
    for (Component c : components) {
      if (c.group() != null && c.group().equals("io.mirador")) {
        continue;
      }
      lines.add(
          (c.group() == null ? "" : c.group() + ":")
              + c.name()
              + " "
              + c.version()
              + "  ["
              + String.join(", ", c.licenses())
              + "]"
              + (c.scope().equals("required") ? "" : "  (scope " + c.scope() + ")"));
    }
    lines.stream().sorted().forEach(l -> out.append(l).append('\n'));
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = LicenseFiles.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IOException("missing resource " + RESOURCES + name);
      }
      return in.readAllBytes();
    }
  }
}
