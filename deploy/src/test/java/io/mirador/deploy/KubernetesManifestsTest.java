package io.mirador.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirador.core.config.CoreConfig;
import io.mirador.core.config.CoreConfigLoader;
import io.mirador.core.config.StorageTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every overlay of deploy/kubernetes, rendered offline by {@code kubectl kustomize} and checked for
 * what can be checked without a cluster: structure, references between objects, the pods' lockdown,
 * probes, resources, images from the site's registry, an airgapped network, and the core's and
 * agent's configuration against the apps' own rules. Field names and types: KubernetesSchemaTest.
 * Not checked (no API server): admission (Pod Security), and whether the CNI enforces the
 * NetworkPolicies (deploy/README.md).
 */
final class KubernetesManifestsTest {
  private static final String RUNTIME = "/opt/mirador/runtime/bin/java";
  private static final Pattern URL = Pattern.compile("https?://([A-Za-z0-9.-]+)");

  /** Host names that are the site's own: reserved for private use or placeholders. */
  private static final List<String> SITE_DOMAINS =
      List.of(".internal", ".invalid", ".local", ".svc", ".svc.cluster.local");

  /** Secrets the operator creates (deploy/README.md, "Secrets"); none is ever rendered. */
  private static final Set<String> OPERATOR_SECRETS =
      Set.of("mirador-clickhouse", "mirador-rca-oidc", "mirador-ui-oidc");

  /** ConfigMaps the operator creates from the running core (deploy/README.md). */
  private static final Set<String> OPERATOR_CONFIGMAPS = Set.of("mirador-core-public-keys");

  /**
   * The agent's readiness is its liveness on purpose (RATIONALE.md); every other app is ready when
   * /ready says so.
   */
  private static final Map<String, String> READINESS_PATH =
      Map.of(
          "core",
          "/q/health/ready",
          "rca",
          "/q/health/ready",
          "ui",
          "/q/health/ready",
          "agent",
          "/q/health/live");

  private static final Map<String, RenderedManifests> RENDERED = new ConcurrentHashMap<>();

  static List<String> overlays() throws IOException {
    try (Stream<Path> dirs = Files.list(DeployTree.module().resolve("kubernetes/overlays"))) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static RenderedManifests rendered(String overlay) {
    Optional<Path> kubectl = ExternalTool.find("kubectl");
    assumeTrue(kubectl.isPresent(), "kubectl is not installed: manifests not rendered");
    return RENDERED.computeIfAbsent(overlay, o -> RenderedManifests.render(kubectl.get(), o));
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyObjectHasAKindANameAndANamespace(String overlay) {
    RenderedManifests m = rendered(overlay);
    assertThat(m.objects).hasSizeGreaterThan(10);
    for (ObjectNode o : m.objects) {
      assertThat(o.path("apiVersion").asText()).as("%s", o).isNotBlank();
      assertThat(o.path("kind").asText()).as("%s", o).isNotBlank();
      assertThat(RenderedManifests.name(o)).as("%s", o).isNotBlank();
      if (!o.path("kind").asText().equals("Namespace")) {
        assertThat(RenderedManifests.namespace(o))
            .as("namespace of %s", RenderedManifests.name(o))
            .isIn("mirador", "mirador-agent");
      }
    }
    Set<String> workloads = new TreeSet<>();
    m.workloads()
        .forEach(w -> workloads.add(w.path("kind").asText() + "/" + RenderedManifests.name(w)));
    assertThat(workloads)
        .containsExactlyInAnyOrder(
            "StatefulSet/mirador-core",
            "Deployment/mirador-rca",
            "Deployment/mirador-ui",
            "DaemonSet/mirador-agent");
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void noSecretIsCommittedAndEverySecretReferencedIsDocumented(String overlay) {
    RenderedManifests m = rendered(overlay);
    assertThat(m.ofKind("Secret")).isEmpty();
    String readme = DeployTree.read(DeployTree.module().resolve("README.md"));
    for (ObjectNode w : m.workloads()) {
      for (String secret : references(w, "secret")) {
        assertThat(OPERATOR_SECRETS).as("secret %s", secret).contains(secret);
        assertThat(readme).as("README documents secret %s", secret).contains(secret);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyConfigMapReferencedIsRenderedOrCreatedByTheOperator(String overlay) {
    RenderedManifests m = rendered(overlay);
    String readme = DeployTree.read(DeployTree.module().resolve("README.md"));
    for (ObjectNode w : m.workloads()) {
      for (String name : references(w, "configMap")) {
        if (OPERATOR_CONFIGMAPS.contains(name)) {
          assertThat(readme).contains(name);
        } else {
          assertThat(m.find("ConfigMap", RenderedManifests.namespace(w), name))
              .as("%s: ConfigMap %s", RenderedManifests.name(w), name)
              .isPresent();
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void selectorsServicesAndPoliciesPointAtRealPods(String overlay) {
    RenderedManifests m = rendered(overlay);
    for (ObjectNode w : m.workloads()) {
      assertThat(
              RenderedManifests.selects(
                  w.path("spec").path("selector").path("matchLabels"),
                  RenderedManifests.podLabels(w)))
          .as("%s selects its own pods", RenderedManifests.name(w))
          .isTrue();
      assertThat(w.path("spec").path("selector").path("matchLabels").isEmpty()).isFalse();
    }
    for (ObjectNode service : m.ofKind("Service")) {
      List<ObjectNode> backends =
          podsSelected(
              m, RenderedManifests.namespace(service), service.path("spec").path("selector"));
      assertThat(backends).as("Service %s has pods", RenderedManifests.name(service)).hasSize(1);
      Set<String> ports = declaredPorts(RenderedManifests.podSpec(backends.get(0)));
      for (JsonNode port : service.path("spec").path("ports")) {
        assertThat(ports)
            .as("Service %s targetPort", RenderedManifests.name(service))
            .contains(port.path("targetPort").asText());
      }
    }
    for (ObjectNode policy : m.ofKind("NetworkPolicy")) {
      String ns = RenderedManifests.namespace(policy);
      JsonNode selector = policy.path("spec").path("podSelector").path("matchLabels");
      if (!selector.isMissingNode() && !selector.isEmpty()) {
        assertThat(podsSelected(m, ns, selector))
            .as("NetworkPolicy %s selects pods", RenderedManifests.name(policy))
            .isNotEmpty();
      }
      for (String direction : List.of("ingress", "egress")) {
        for (JsonNode rule : policy.path("spec").path(direction)) {
          for (JsonNode peer : rule.path(direction.equals("ingress") ? "from" : "to")) {
            JsonNode peerPods = peer.path("podSelector").path("matchLabels");
            JsonNode peerNs =
                peer.path("namespaceSelector")
                    .path("matchLabels")
                    .path("kubernetes.io/metadata.name");
            boolean mirador =
                peer.path("namespaceSelector").isMissingNode()
                    || peerNs.asText().startsWith("mirador");
            if (!peerPods.isMissingNode() && mirador) {
              String target = peer.path("namespaceSelector").isMissingNode() ? ns : peerNs.asText();
              assertThat(podsSelected(m, target, peerPods))
                  .as("NetworkPolicy %s/%s peer %s", ns, RenderedManifests.name(policy), peer)
                  .isNotEmpty();
            }
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyPodIsLockedDown(String overlay) {
    RenderedManifests m = rendered(overlay);
    for (ObjectNode w : m.workloads()) {
      String name = RenderedManifests.name(w);
      JsonNode pod = RenderedManifests.podSpec(w);
      JsonNode podSc = pod.path("securityContext");
      assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as(name).isFalse();
      for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
        assertThat(pod.path(host).asBoolean(false)).as("%s %s", name, host).isFalse();
      }
      for (JsonNode c : RenderedManifests.containers(pod)) {
        String what = name + "/" + c.path("name").asText();
        JsonNode sc = c.path("securityContext");
        assertThat(sc.path("runAsNonRoot").asBoolean(podSc.path("runAsNonRoot").asBoolean(false)))
            .as(what)
            .isTrue();
        assertThat(sc.path("runAsUser").asInt(podSc.path("runAsUser").asInt(0)))
            .as(what)
            .isPositive();
        assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).as(what).isFalse();
        assertThat(sc.path("readOnlyRootFilesystem").asBoolean(false)).as(what).isTrue();
        assertThat(sc.path("privileged").asBoolean(false)).as(what).isFalse();
        assertThat(texts(sc.path("capabilities").path("drop"))).as(what).contains("ALL");
        assertThat(sc.path("capabilities").path("add").isEmpty()).as(what).isTrue();
        String seccomp =
            sc.path("seccompProfile")
                .path("type")
                .asText(podSc.path("seccompProfile").path("type").asText());
        assertThat(seccomp).as(what).isEqualTo("RuntimeDefault");
        for (JsonNode port : c.path("ports")) {
          assertThat(port.has("hostPort")).as("%s hostPort", what).isFalse();
        }
        Set<String> volumes = volumeNames(w);
        for (JsonNode mount : c.path("volumeMounts")) {
          assertThat(volumes).as("%s mounts", what).contains(mount.path("name").asText());
        }
      }
      for (JsonNode volume : pod.path("volumes")) {
        if (volume.has("hostPath")) {
          // Only the agent keeps state on the node, in its own namespace, in one directory that
          // must already exist (never created by the kubelet as root).
          assertThat(name).isEqualTo("mirador-agent");
          assertThat(volume.path("hostPath").path("path").asText())
              .isEqualTo("/var/lib/mirador-agent");
          assertThat(volume.path("hostPath").path("type").asText()).isEqualTo("Directory");
        }
      }
    }
    ObjectNode ns = m.find("Namespace", "", "mirador").orElseThrow();
    assertThat(
            ns.path("metadata").path("labels").path("pod-security.kubernetes.io/enforce").asText())
        .isEqualTo("restricted");
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyContainerHasProbesOnItsHealthEndpointsAndResources(String overlay) {
    RenderedManifests m = rendered(overlay);
    for (ObjectNode w : m.workloads()) {
      JsonNode pod = RenderedManifests.podSpec(w);
      Set<String> ports = declaredPorts(pod);
      for (JsonNode c : pod.path("containers")) {
        String app = c.path("name").asText();
        assertThat(READINESS_PATH).as("container %s is an app", app).containsKey(app);
        assertThat(probePath(c, "livenessProbe", ports)).as(app).isEqualTo("/q/health/live");
        assertThat(probePath(c, "startupProbe", ports)).as(app).isEqualTo("/q/health/live");
        assertThat(probePath(c, "readinessProbe", ports))
            .as(app)
            .isEqualTo(READINESS_PATH.get(app));
        for (String kind : List.of("requests", "limits")) {
          for (String resource : List.of("cpu", "memory")) {
            assertThat(c.path("resources").path(kind).path(resource).asText())
                .as("%s %s.%s", app, kind, resource)
                .isNotBlank();
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyImageIsPinnedAndComesFromTheSitesRegistry(String overlay) throws IOException {
    RenderedManifests m = rendered(overlay);
    Set<String> listed = new HashSet<>();
    JsonNode kustomization =
        RenderedManifests.yaml()
            .readTree(RenderedManifests.overlayDir(overlay).resolve("kustomization.yaml").toFile());
    for (JsonNode image : kustomization.path("images")) {
      listed.add(image.path("newName").asText() + ":" + image.path("newTag").asText());
    }
    for (ObjectNode w : m.workloads()) {
      for (JsonNode c : RenderedManifests.containers(RenderedManifests.podSpec(w))) {
        String image = c.path("image").asText();
        assertThat(listed)
            .as("image %s is set by the overlay's images: section", image)
            .contains(image);
        int slash = image.indexOf('/');
        assertThat(slash).as("%s names its registry", image).isPositive();
        String host = image.substring(0, slash).replaceFirst(":\\d+$", "");
        assertThat(siteHost(host)).as("registry %s is the site's", host).isTrue();
        String tag = image.substring(image.lastIndexOf(':') + 1);
        assertThat(image.lastIndexOf(':')).as("%s has a tag", image).isGreaterThan(slash);
        assertThat(tag).as(image).isNotEqualTo("latest");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theNetworkIsClosedByDefaultAndNothingPointsOutside(String overlay) {
    RenderedManifests m = rendered(overlay);
    for (String ns : List.of("mirador", "mirador-agent")) {
      boolean denyAll =
          m.ofKind("NetworkPolicy").stream()
              .filter(p -> RenderedManifests.namespace(p).equals(ns))
              .anyMatch(
                  p ->
                      p.path("spec").path("podSelector").isEmpty()
                          && texts(p.path("spec").path("policyTypes"))
                              .containsAll(List.of("Ingress", "Egress"))
                          && !p.path("spec").has("ingress")
                          && !p.path("spec").has("egress"));
      assertThat(denyAll).as("default deny in %s", ns).isTrue();
    }
    for (ObjectNode policy : m.ofKind("NetworkPolicy")) {
      for (JsonNode rule : policy.path("spec").path("egress")) {
        assertThat(rule.path("to").isEmpty())
            .as(
                "%s: an egress rule without destinations allows all",
                RenderedManifests.name(policy))
            .isFalse();
        for (JsonNode peer : rule.path("to")) {
          if (peer.has("ipBlock")) {
            String cidr = peer.path("ipBlock").path("cidr").asText();
            assertThat(privateNetwork(cidr)).as("egress to %s", cidr).isTrue();
          }
        }
      }
    }
    Matcher url = URL.matcher(m.text);
    while (url.find()) {
      assertThat(siteHost(url.group(1))).as("URL host %s", url.group(1)).isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyContainerRunsTheBundledRuntimeWithItsApp(String overlay) {
    RenderedManifests m = rendered(overlay);
    for (ObjectNode w : m.workloads()) {
      for (JsonNode c : RenderedManifests.podSpec(w).path("containers")) {
        String app = c.path("name").asText();
        assertThat(texts(c.path("command"))).containsExactly(RUNTIME);
        List<String> args = texts(c.path("args"));
        assertThat(args.subList(args.size() - 2, args.size()))
            .containsExactly("-jar", "/opt/mirador/apps/" + app + "/quarkus-run.jar");
        assertThat(args.stream().filter(a -> a.startsWith("-Xmx"))).as(app).hasSize(1);
        if (app.equals("core")) {
          assertThat(args)
              .contains(
                  "--enable-native-access=ALL-UNNAMED",
                  "-Dmirador.chdb.library=/opt/mirador/lib/chdb/libchdb.so");
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyVariableIsOneTheAppReads(String overlay) {
    RenderedManifests m = rendered(overlay);
    // Variables the core's configuration names (a password's passwordEnv) are read through it.
    Set<String> namedByCoreConfig = new HashSet<>();
    if (coreConfig(m).storage() instanceof StorageTarget.Server server) {
      server.passwordEnv().ifPresent(namedByCoreConfig::add);
    }
    for (ObjectNode w : m.workloads()) {
      for (JsonNode c : RenderedManifests.podSpec(w).path("containers")) {
        String app = c.path("name").asText();
        Optional<String> sources = AppSources.text(app);
        if (sources.isEmpty()) {
          continue; // a module still being written: its variables are checked once it has sources
        }
        Set<String> variables = new TreeSet<>();
        c.path("env").forEach(e -> variables.add(e.path("name").asText()));
        for (JsonNode from : c.path("envFrom")) {
          String name = from.path("configMapRef").path("name").asText();
          m.find("ConfigMap", RenderedManifests.namespace(w), name)
              .ifPresent(cm -> cm.path("data").fieldNames().forEachRemaining(variables::add));
        }
        for (String variable : variables) {
          if (variable.startsWith("MIRADOR_")
              && !(app.equals("core") && namedByCoreConfig.contains(variable))) {
            assertThat(AppSources.reads(app, variable, sources.get()))
                .as("%s reads %s", app, variable)
                .isTrue();
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theCoresConfigurationPassesTheCoresOwnValidation(String overlay) throws Exception {
    RenderedManifests m = rendered(overlay);
    ObjectNode configMap = m.generatedConfigMap("mirador", "mirador-core-config");
    String yaml = configMap.path("data").path("mirador-core.yaml").asText();
    CoreConfig config =
        CoreConfigLoader.parse(yaml, overlay + "/mirador-core.yaml", Path.of("/etc/mirador"));
    ObjectNode core = m.find("StatefulSet", "mirador", "mirador-core").orElseThrow();
    JsonNode container = RenderedManifests.podSpec(core).path("containers").get(0);
    Map<String, JsonNode> env = env(container);
    // The file the core is told to read is the one the ConfigMap mounts.
    assertThat(env.get("MIRADOR_CONFIG").path("value").asText())
        .isEqualTo(mountPath(container, "config") + "/mirador-core.yaml");
    assertThat(env.get("MIRADOR_DATA_DIR").path("value").asText())
        .startsWith(mountPath(container, "data") + "/");
    assertThat(config.tenants()).isNotEmpty();
    if (config.storage() instanceof StorageTarget.Server server) {
      assertThat(overlay).isEqualTo("cluster");
      assertThat(server.cluster()).contains(ClickHouseClusterFiles.clusters().get(0).name());
      String passwordEnv = server.passwordEnv().orElseThrow();
      assertThat(env.get(passwordEnv).path("valueFrom").path("secretKeyRef").path("name").asText())
          .isEqualTo("mirador-clickhouse");
      assertThat(siteHost(server.url().getHost())).isTrue();
    } else {
      assertThat(overlay).isEqualTo("embedded");
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theAgentsConfigurationUsesOnlyKnownSettingsAndItsVolumes(String overlay) throws IOException {
    RenderedManifests m = rendered(overlay);
    ObjectNode configMap = m.generatedConfigMap("mirador-agent", "mirador-agent-config");
    JsonNode config =
        RenderedManifests.yaml().readTree(configMap.path("data").path("agent.yaml").asText());
    Map<String, String> settings = new HashMap<>();
    flatten("", config, settings);
    Set<String> known = AppSources.agentSettings();
    assertThat(known).containsAll(settings.keySet());
    ObjectNode agent = m.find("DaemonSet", "mirador-agent", "mirador-agent").orElseThrow();
    JsonNode container = RenderedManifests.podSpec(agent).path("containers").get(0);
    Map<String, JsonNode> env = env(container);
    // Required settings: in the file, or from the node's name.
    for (String required : List.of("agent.id", "agent.tenant", "core.endpoints")) {
      assertThat(
              settings.containsKey(required) || env.containsKey(AppSources.agentVariable(required)))
          .as(required)
          .isTrue();
    }
    assertThat(
            env.get("MIRADOR_AGENT_AGENT_ID")
                .path("valueFrom")
                .path("fieldRef")
                .path("fieldPath")
                .asText())
        .isEqualTo("spec.nodeName");
    assertThat(settings.get("agent.dataDir")).isEqualTo(mountPath(container, "data"));
    assertThat(settings.get("core.publicKeyFile"))
        .startsWith(mountPath(container, "core-keys") + "/");
    assertThat(env.get("MIRADOR_AGENT_CONFIG").path("value").asText())
        .isEqualTo(mountPath(container, "config") + "/agent.yaml");
    assertThat(settings.get("core.endpoints")).contains("mirador-core.mirador.svc:9090");
  }

  // --- helpers ---

  /** The core's configuration as the rendered ConfigMap holds it, through the core's own loader. */
  private static CoreConfig coreConfig(RenderedManifests m) {
    ObjectNode configMap = m.generatedConfigMap("mirador", "mirador-core-config");
    String yaml = configMap.path("data").path("mirador-core.yaml").asText();
    try {
      return CoreConfigLoader.parse(
          yaml, m.overlay + "/mirador-core.yaml", Path.of("/etc/mirador"));
    } catch (io.mirador.core.config.ConfigException e) {
      throw new AssertionError(
          m.overlay + ": the core refuses its configuration: " + e.getMessage(), e);
    }
  }

  /** Names of the ConfigMaps ({@code kind = "configMap"}) or Secrets a workload references. */
  private static Set<String> references(JsonNode workload, String kind) {
    Set<String> names = new TreeSet<>();
    JsonNode pod = RenderedManifests.podSpec(workload);
    for (JsonNode volume : pod.path("volumes")) {
      if (kind.equals("secret") && volume.has("secret")) {
        names.add(volume.path("secret").path("secretName").asText());
      } else if (kind.equals("configMap") && volume.has("configMap")) {
        names.add(volume.path("configMap").path("name").asText());
      }
    }
    for (JsonNode c : RenderedManifests.containers(pod)) {
      for (JsonNode from : c.path("envFrom")) {
        JsonNode ref = from.path(kind + "Ref");
        if (!ref.isMissingNode()) {
          names.add(ref.path("name").asText());
        }
      }
      for (JsonNode e : c.path("env")) {
        JsonNode ref = e.path("valueFrom").path(kind + "KeyRef");
        if (!ref.isMissingNode()) {
          names.add(ref.path("name").asText());
        }
      }
    }
    return names;
  }

  private static List<ObjectNode> podsSelected(
      RenderedManifests m, String namespace, JsonNode selector) {
    List<ObjectNode> selected = new ArrayList<>();
    for (ObjectNode w : m.workloads()) {
      if (RenderedManifests.namespace(w).equals(namespace)
          && RenderedManifests.selects(selector, RenderedManifests.podLabels(w))) {
        selected.add(w);
      }
    }
    return selected;
  }

  private static Set<String> declaredPorts(JsonNode pod) {
    Set<String> ports = new HashSet<>();
    for (JsonNode c : RenderedManifests.containers(pod)) {
      for (JsonNode port : c.path("ports")) {
        ports.add(port.path("name").asText());
        ports.add(port.path("containerPort").asText());
      }
    }
    return ports;
  }

  private static Set<String> volumeNames(JsonNode workload) {
    Set<String> names = new HashSet<>();
    RenderedManifests.podSpec(workload)
        .path("volumes")
        .forEach(v -> names.add(v.path("name").asText()));
    workload
        .path("spec")
        .path("volumeClaimTemplates")
        .forEach(v -> names.add(v.path("metadata").path("name").asText()));
    return names;
  }

  private static String probePath(JsonNode container, String probe, Set<String> ports) {
    JsonNode get = container.path(probe).path("httpGet");
    assertThat(get.isMissingNode()).as("%s %s", container.path("name").asText(), probe).isFalse();
    assertThat(ports).as("%s port", probe).contains(get.path("port").asText());
    return get.path("path").asText();
  }

  private static String mountPath(JsonNode container, String volume) {
    for (JsonNode mount : container.path("volumeMounts")) {
      if (mount.path("name").asText().equals(volume)) {
        return mount.path("mountPath").asText();
      }
    }
    throw new AssertionError(container.path("name").asText() + " does not mount " + volume);
  }

  private static Map<String, JsonNode> env(JsonNode container) {
    Map<String, JsonNode> env = new HashMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
    return env;
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), into);
      }
    } else {
      into.put(prefix, node.isArray() ? node.toString() : node.asText());
    }
  }

  /**
   * A host of the site: a name in a private-use or cluster domain, a bare service name, or a
   * private address.
   */
  static boolean siteHost(String host) {
    String h = host.toLowerCase(java.util.Locale.ROOT);
    if (h.equals("localhost") || !h.contains(".")) {
      return true;
    }
    if (SITE_DOMAINS.stream().anyMatch(h::endsWith)) {
      return true;
    }
    if (h.matches("[0-9.]+")) {
      return privateNetwork(h + "/32");
    }
    return false;
  }

  /** Whether a CIDR lies inside 10/8, 172.16/12, 192.168/16 or 127/8. */
  static boolean privateNetwork(String cidr) {
    String[] parts = cidr.split("/");
    int length = Integer.parseInt(parts[1]);
    try {
      byte[] a = InetAddress.getByName(parts[0]).getAddress();
      int first = a[0] & 0xff;
      int second = a[1] & 0xff;
      if (a.length != 4) {
        return false;
      }
      return (first == 10 && length >= 8)
          || (first == 172 && second >= 16 && second <= 31 && length >= 12)
          || (first == 192 && second == 168 && length >= 16)
          || (first == 127 && length >= 8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
