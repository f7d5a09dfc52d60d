package io.mirador.bundle.sbom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The licences an artifact declares in its POM (or the nearest parent POM that declares any), read
 * from the local Maven repository, so the SBOM and the licence list need no network. Names Maven
 * projects write are mapped to SPDX identifiers where unambiguous; others are kept as written. An
 * artifact whose POM chain declares nothing is "NOASSERTION" (SPDX's word for it).
 */
final class PomLicenses {
  static final String UNKNOWN = "NOASSERTION";
  private static final int MAX_PARENTS = 12;

  private final Path repository;
  private final Map<String, List<String>> cache = new HashMap<>();
  private final DocumentBuilderFactory factory;

  PomLicenses(Path repository) {
    this.repository = repository;
    this.factory = DocumentBuilderFactory.newInstance();
    try {
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("XML parser lacks secure processing", e);
    }
    factory.setExpandEntityReferences(false);
  }

  List<String> of(String group, String artifact, String version) {
    return resolve(group, artifact, version, 0);
  }

  private List<String> resolve(String group, String artifact, String version, int depth) {
    String key = group + ":" + artifact + ":" + version;
    List<String> known = cache.get(key);
    if (known != null) {
      return known;
    }
    List<String> found = List.of(UNKNOWN);
    Path pom =
        repository.resolve(
            group.replace('.', '/')
                + "/"
                + artifact
                + "/"
                + version
                + "/"
                + artifact
                + "-"
                + version
                + ".pom");
    if (depth < MAX_PARENTS && Files.isRegularFile(pom)) {
      try (InputStream in = Files.newInputStream(pom)) {
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // no stderr noise
        Document doc = builder.parse(in);
        Element project = doc.getDocumentElement();
        List<String> declared = declaredLicenses(project);
        if (!declared.isEmpty()) {
          found = declared;
        } else {
          Element parent = child(project, "parent");
          if (parent != null) {
            found =
                resolve(
                    text(parent, "groupId"),
                    text(parent, "artifactId"),
                    text(parent, "version"),
                    depth + 1);
          }
        }
      } catch (IOException | SAXException | ParserConfigurationException e) {
        found = List.of(UNKNOWN);
      }
    }
    cache.put(key, found);
    return found;
  }

  private static List<String> declaredLicenses(Element project) {
    List<String> out = new ArrayList<>();
    Element licenses = child(project, "licenses");
    if (licenses == null) {
      return out;
    }
    NodeList list = licenses.getChildNodes();
    for (int i = 0; i < list.getLength(); i++) {
      if (list.item(i) instanceof Element license && license.getTagName().equals("license")) {
        String name = text(license, "name");
        String url = text(license, "url");
        String id = spdx(name, url);
        if (id != null && !out.contains(id)) {
          out.add(id);
        }
      }
    }
    return out;
  }

  /** An SPDX identifier for what a POM writes; the name as written when not recognised. */
  static String spdx(String name, String url) {
    String n = name == null ? "" : name.toLowerCase(Locale.ROOT).strip();
    String u = url == null ? "" : url.toLowerCase(Locale.ROOT);
    if (n.isEmpty() && u.isEmpty()) {
      return null;
    }
    if (n.contains("apache") && n.contains("2") || u.contains("apache.org/licenses/license-2.0")) {
      return "Apache-2.0";
    }
    if (n.equals("mit") || n.contains("mit license") || u.contains("opensource.org/licenses/mit")) {
      return "MIT";
    }
    if (n.contains("bouncy castle")) {
      return "MIT";
    }
    if (n.contains("eclipse public license") && n.contains("2")
        || n.equals("epl-2.0")
        || u.contains("eclipse.org/legal/epl-2.0")
        || u.contains("epl-v20")) {
      return "EPL-2.0";
    }
    if (n.contains("eclipse distribution license") || u.contains("edl-v10")) {
      return "BSD-3-Clause";
    }
    if (n.contains("classpath") && (n.contains("gpl") || n.contains("general public"))) {
      return "GPL-2.0-only WITH Classpath-exception-2.0";
    }
    if (n.contains("gnu general public license") && n.contains("3") || n.equals("gpl-3.0")) {
      return "GPL-3.0-or-later";
    }
    if (n.contains("lesser") || n.contains("lgpl")) {
      return n.contains("3") ? "LGPL-3.0-or-later" : "LGPL-2.1-or-later";
    }
    if (n.contains("bsd") && (n.contains("3") || n.contains("new") || n.contains("revised"))
        || u.contains("bsd-3-clause")) {
      return "BSD-3-Clause";
    }
    if (n.contains("bsd") && n.contains("2") || u.contains("bsd-2-clause")) {
      return "BSD-2-Clause";
    }
    if (n.contains("public domain") || n.contains("cc0")) {
      return "CC0-1.0";
    }
    if (n.contains("mozilla public license") && n.contains("2")) {
      return "MPL-2.0";
    }
    if (n.contains("go license") || n.equals("bsd")) {
      return "BSD-3-Clause";
    }
    return name == null || name.isBlank() ? url : name.strip();
  }

  private static Element child(Element parent, String tag) {
    NodeList list = parent.getChildNodes();
    for (int i = 0; i < list.getLength(); i++) {
      Node n = list.item(i);
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element parent, String tag) {
    Element e = child(parent, tag);
    return e == null ? null : e.getTextContent().strip();
  }
}
