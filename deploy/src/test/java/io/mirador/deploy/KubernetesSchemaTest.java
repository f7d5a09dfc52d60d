package io.mirador.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rendered object read against the Kubernetes object model (fabric8's classes, generated from
 * the Kubernetes OpenAPI schema) with unknown fields refused: the offline stand-in for {@code
 * kubectl apply --dry-run} schema validation, which needs an API server. A misspelt field ({@code
 * readOnlyRootFileSystem}) or a wrong type fails here instead of being dropped at apply time. The
 * model's catch-all for unknown fields (its {@code @JsonAnySetter}) is switched off.
 */
final class KubernetesSchemaTest {
  private static final Map<String, Class<?>> MODEL =
      Map.of(
          "v1/Namespace", Namespace.class,
          "v1/Service", Service.class,
          "v1/ConfigMap", ConfigMap.class,
          "apps/v1/Deployment", Deployment.class,
          "apps/v1/StatefulSet", StatefulSet.class,
          "apps/v1/DaemonSet", DaemonSet.class,
          "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);

  /** Reads JSON into the model and fails on any field the schema does not have. */
  private static final JsonMapper STRICT =
      JsonMapper.builder()
          .annotationIntrospector(
              new JacksonAnnotationIntrospector() {
                private static final long serialVersionUID = 1L;

                @Override
                public Boolean hasAnySetter(Annotated a) {
                  return Boolean.FALSE;
                }
              })
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  static List<String> overlays() throws IOException {
    return KubernetesManifestsTest.overlays();
  }

  private static void readStrictly(ObjectNode object) {
    String key = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    Class<?> type = MODEL.get(key);
    assertThat(type).as("a model for %s", key).isNotNull();
    try {
      STRICT.readValue(object.toString(), type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyObjectMatchesTheKubernetesSchema(String overlay) {
    Optional<Path> kubectl = ExternalTool.find("kubectl");
    assumeTrue(kubectl.isPresent(), "kubectl is not installed: manifests not rendered");
    RenderedManifests m = RenderedManifests.render(kubectl.get(), overlay);
    for (ObjectNode object : m.objects) {
      try {
        readStrictly(object);
      } catch (RuntimeException e) {
        throw new AssertionError(
            overlay
                + ": "
                + object.path("kind").asText()
                + "/"
                + RenderedManifests.name(object)
                + ": "
                + e.getMessage(),
            e);
      }
    }
  }

  @Test
  void aMisspeltFieldIsRefused() {
    // The check above is worth something only if the model really refuses what it does not know.
    ObjectNode deployment =
        (ObjectNode)
            RenderedManifests.parse(
                    """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: x}
                    spec:
                      selector: {matchLabels: {a: b}}
                      template:
                        metadata: {labels: {a: b}}
                        spec:
                          containers:
                            - name: c
                              image: registry.mirador.internal/x:1
                              securityContext: {readOnlyRootFileSystem: true}
                    """)
                .get(0);
    assertThatThrownBy(() -> readStrictly(deployment))
        .hasMessageContaining("readOnlyRootFileSystem");
    ((ObjectNode) deployment.at("/spec/template/spec/containers/0/securityContext"))
        .remove("readOnlyRootFileSystem");
    readStrictly(deployment);
  }
}
