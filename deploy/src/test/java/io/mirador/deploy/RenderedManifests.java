package io.mirador.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One overlay of {@code deploy/kubernetes} rendered by {@code kubectl kustomize} (offline: it only
 * reads files) and parsed: the objects, and the pod templates of the workloads among them.
 */
final class RenderedManifests {
  static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet");
  private static final YAMLMapper YAML = new YAMLMapper();

  final String overlay;
  final String text;
  final List<ObjectNode> objects;

  private RenderedManifests(String overlay, String text, List<ObjectNode> objects) {
    this.overlay = overlay;
    this.text = text;
    this.objects = objects;
  }

  static Path overlayDir(String overlay) {
    return DeployTree.module().resolve("kubernetes/overlays/" + overlay);
  }

  static RenderedManifests render(Path kubectl, String overlay) {
    ExternalTool.Result result =
        ExternalTool.run(
            List.of(kubectl.toString(), "kustomize", overlayDir(overlay).toString()),
            Duration.ofMinutes(1));
    if (result.exitCode() != 0) {
      throw new AssertionError("kubectl kustomize " + overlay + " failed: " + result.stderr());
    }
    return new RenderedManifests(overlay, result.stdout(), parse(result.stdout()));
  }

  static List<ObjectNode> parse(String yaml) {
    List<ObjectNode> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc == null || doc.isNull() || doc.isEmpty()) {
          continue;
        }
        if (!(doc instanceof ObjectNode object)) {
          throw new AssertionError("a document that is not a mapping: " + doc);
        }
        objects.add(object);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("rendered YAML does not parse", e);
    }
    return objects;
  }

  static YAMLMapper yaml() {
    return YAML;
  }

  List<ObjectNode> ofKind(String kind) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
  }

  List<ObjectNode> workloads() {
    return objects.stream().filter(o -> WORKLOAD_KINDS.contains(o.path("kind").asText())).toList();
  }

  Optional<ObjectNode> find(String kind, String namespace, String name) {
    return ofKind(kind).stream()
        .filter(o -> namespace(o).equals(namespace) && name(o).equals(name))
        .findFirst();
  }

  /** The rendered ConfigMap that kustomize generated from {@code name} (with its hash suffix). */
  ObjectNode generatedConfigMap(String namespace, String name) {
    List<ObjectNode> found =
        ofKind("ConfigMap").stream()
            .filter(o -> namespace(o).equals(namespace) && name(o).matches(name + "-[a-z0-9]{10}"))
            .toList();
    if (found.size() != 1) {
      throw new AssertionError(
          overlay + ": " + found.size() + " generated ConfigMaps named " + name);
    }
    return found.get(0);
  }

  static String name(JsonNode object) {
    return object.path("metadata").path("name").asText();
  }

  static String namespace(JsonNode object) {
    return object.path("metadata").path("namespace").asText();
  }

  static JsonNode podSpec(JsonNode workload) {
    return workload.path("spec").path("template").path("spec");
  }

  static JsonNode podLabels(JsonNode workload) {
    return workload.path("spec").path("template").path("metadata").path("labels");
  }

  /** Containers and init containers of a pod spec. */
  static List<JsonNode> containers(JsonNode podSpec) {
    List<JsonNode> all = new ArrayList<>();
    podSpec.path("initContainers").forEach(all::add);
    podSpec.path("containers").forEach(all::add);
    return all;
  }

  /** Whether every label of {@code selector} (matchLabels form) is on {@code labels}. */
  static boolean selects(JsonNode selector, JsonNode labels) {
    if (selector.isMissingNode() || selector.isEmpty()) {
      return true;
    }
    var fields = selector.properties();
    for (var entry : fields) {
      if (!labels.path(entry.getKey()).asText("\u0000").equals(entry.getValue().asText())) {
        return false;
      }
    }
    return true;
  }
}
