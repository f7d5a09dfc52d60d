package io.mirador.core.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mirador.crypto.X25519PublicKey;
import io.mirador.store.Retention;
import io.mirador.store.TenantId;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates {@code mirador-core.yaml}. Every error names the file and the field path
 * ({@code tenants[2].agents[0].publicKey}); unknown fields are errors, so a typo never silently
 * turns a setting off. The format is documented in {@code mirador-core/service/README.md}.
 */
public final class CoreConfigLoader {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final Pattern ENV = Pattern.compile("[A-Z_][A-Z0-9_]{0,127}");
  private static final int MAX_FILE_BYTES = 4 << 20;

  private final String source;
  private final Path baseDir;
  private final Optional<Path> dataDirOverride;

  private CoreConfigLoader(String source, Path baseDir, Optional<Path> dataDirOverride) {
    this.source = source;
    this.baseDir = baseDir;
    this.dataDirOverride = dataDirOverride;
  }

  /** Loads a file; relative paths in it resolve against its directory. */
  public static CoreConfig load(Path file) throws ConfigException {
    return load(file, Optional.empty());
  }

  /**
   * Loads a file with its {@code dataDir} replaced by {@code dataDirOverride} when present (the
   * {@code MIRADOR_DATA_DIR} of a packaged install: configuration in /etc, data in /var/lib).
   */
  public static CoreConfig load(Path file, Optional<Path> dataDirOverride) throws ConfigException {
    Path absolute = file.toAbsolutePath().normalize();
    String text;
    try {
      if (Files.size(absolute) > MAX_FILE_BYTES) {
        throw new ConfigException(absolute + ": larger than " + MAX_FILE_BYTES + " bytes");
      }
      text = Files.readString(absolute);
    } catch (IOException e) {
      throw new ConfigException(absolute + ": cannot read (" + e.getClass().getSimpleName() + ")");
    }
    return parse(text, absolute.toString(), absolute.getParent(), dataDirOverride);
  }

  /**
   * Parses YAML text; {@code source} names it in errors, {@code baseDir} anchors relative paths.
   */
  public static CoreConfig parse(String yaml, String source, Path baseDir) throws ConfigException {
    return parse(yaml, source, baseDir, Optional.empty());
  }

  private static CoreConfig parse(
      String yaml, String source, Path baseDir, Optional<Path> dataDirOverride)
      throws ConfigException {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (JacksonException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new ConfigException(source + ": not valid YAML" + where);
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(source + ": must be a YAML mapping");
    }
    try {
      return new CoreConfigLoader(
              source,
              baseDir.toAbsolutePath().normalize(),
              dataDirOverride.map(p -> p.toAbsolutePath().normalize()))
          .config((ObjectNode) root);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + ": " + e.getMessage(), e);
    }
  }

  private CoreConfig config(ObjectNode root) throws ConfigException {
    fields(root, "", "region", "dataDir", "regions", "keys", "limits", "tenants");
    String region = name(root, "", "region");
    Path dataDir =
        dataDirOverride.isPresent()
            ? dataDirOverride.get()
            : path(baseDir, root, "", "dataDir", Optional.of("data"));

    ObjectNode regionsNode = object(root, "", "regions", true);
    Map<String, StorageTarget> regions = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : regionsNode.properties()) {
      String at = "regions." + entry.getKey();
      if (!NAME.matcher(entry.getKey()).matches()) {
        throw error(at, "region names are 1-64 characters of [A-Za-z0-9_.-]");
      }
      if (!entry.getValue().isObject()) {
        throw error(at, "must be a mapping");
      }
      regions.put(entry.getKey(), storage((ObjectNode) entry.getValue(), at, dataDir));
    }
    if (!regions.containsKey(region)) {
      throw error("region", "'" + region + "' is not one of regions " + regions.keySet());
    }

    KeysConfig keys = keys(object(root, "", "keys", false), dataDir);
    Limits limits = limits(object(root, "", "limits", false));

    JsonNode tenantsNode = root.get("tenants");
    if (tenantsNode == null || !tenantsNode.isArray()) {
      throw error("tenants", "is required and must be a list");
    }
    List<TenantConfig> tenants = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Set<String> agentIds = new HashSet<>();
    for (int i = 0; i < tenantsNode.size(); i++) {
      String at = "tenants[" + i + "]";
      if (!tenantsNode.get(i).isObject()) {
        throw error(at, "must be a mapping");
      }
      TenantConfig tenant = tenant((ObjectNode) tenantsNode.get(i), at, regions.keySet());
      if (!ids.add(tenant.id().value())) {
        throw error(at + ".id", "duplicate tenant '" + tenant.id().value() + "'");
      }
      for (TenantConfig.AgentConfig agent : tenant.agents()) {
        if (!agentIds.add(agent.id())) {
          throw error(at + ".agents", "agent id '" + agent.id() + "' is used twice");
        }
      }
      tenants.add(tenant);
    }
    return new CoreConfig(region, dataDir, regions, keys, limits, tenants);
  }

  private StorageTarget storage(ObjectNode node, String at, Path dataDir) throws ConfigException {
    fields(node, at, "storage");
    ObjectNode storage = object(node, at, "storage", true);
    String sat = at + ".storage";
    String type = text(storage, sat, "type", true).orElseThrow();
    return switch (type) {
      case "embedded" -> {
        fields(storage, sat, "type", "path");
        yield new StorageTarget.Embedded(
            path(dataDir, storage, sat, "path", Optional.of("clickhouse")));
      }
      case "clickhouse" -> {
        fields(storage, sat, "type", "url", "database", "cluster", "user", "passwordEnv");
        String url = text(storage, sat, "url", true).orElseThrow();
        URI uri;
        try {
          uri = new URI(url);
        } catch (URISyntaxException e) {
          throw error(sat + ".url", "is not a URI");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
          throw error(sat + ".url", "must be an http or https URL");
        }
        Optional<String> cluster = text(storage, sat, "cluster", false);
        if (cluster.isPresent() && !NAME.matcher(cluster.get()).matches()) {
          throw error(sat + ".cluster", "must be 1-64 characters of [A-Za-z0-9_.-]");
        }
        String database = text(storage, sat, "database", false).orElse("mirador");
        if (!NAME.matcher(database).matches()) {
          throw error(sat + ".database", "must be 1-64 characters of [A-Za-z0-9_.-]");
        }
        yield new StorageTarget.Server(
            uri,
            database,
            cluster,
            text(storage, sat, "user", false).orElse("default"),
            env(storage, sat, "passwordEnv"));
      }
      default ->
          throw error(sat + ".type", "must be 'embedded' or 'clickhouse', not '" + type + "'");
    };
  }

  private KeysConfig keys(ObjectNode node, Path dataDir) throws ConfigException {
    fields(node, "keys", "keyring", "keyFile", "passphraseEnv", "publishTo");
    return new KeysConfig(
        path(dataDir, node, "keys", "keyring", Optional.of("keys/core.keyring")),
        path(dataDir, node, "keys", "keyFile", Optional.of("keys/core.keyring.key")),
        env(node, "keys", "passphraseEnv"),
        path(dataDir, node, "keys", "publishTo", Optional.of("keys/core-public.json")));
  }

  private Limits limits(ObjectNode node) throws ConfigException {
    fields(
        node, "limits", "maxBatchBytes", "maxPlaintextBytes", "memoryBudgetBytes", "replayWindow");
    Limits d = Limits.DEFAULT;
    return new Limits(
        (int) number(node, "limits", "maxBatchBytes", d.maxBatchBytes(), 1, 1L << 30),
        (int) number(node, "limits", "maxPlaintextBytes", d.maxPlaintextBytes(), 1, 1L << 30),
        number(node, "limits", "memoryBudgetBytes", d.memoryBudgetBytes(), 1, 1L << 40),
        (int) number(node, "limits", "replayWindow", d.replayWindow(), 64, 1 << 20));
  }

  private TenantConfig tenant(ObjectNode node, String at, Set<String> regions)
      throws ConfigException {
    fields(node, at, "id", "region", "retention", "redactionPolicy", "agents", "apiKeys");
    String rawId = text(node, at, "id", true).orElseThrow();
    TenantId id;
    try {
      id = new TenantId(rawId);
    } catch (IllegalArgumentException e) {
      throw error(at + ".id", e.getMessage());
    }
    String region = name(node, at, "region");
    if (!regions.contains(region)) {
      throw error(at + ".region", "'" + region + "' is not one of regions " + regions);
    }
    ObjectNode retentionNode = object(node, at, "retention", false);
    String rat = at + ".retention";
    fields(retentionNode, rat, "traces", "logs", "metrics");
    Retention d = Retention.DEFAULT;
    Retention retention =
        new Retention(
            (int) number(retentionNode, rat, "traces", d.traceDays(), 1, Retention.MAX_DAYS),
            (int) number(retentionNode, rat, "logs", d.logDays(), 1, Retention.MAX_DAYS),
            (int) number(retentionNode, rat, "metrics", d.metricDays(), 1, Retention.MAX_DAYS));
    Optional<Path> policy =
        text(node, at, "redactionPolicy", false).map(p -> baseDir.resolve(p).normalize());

    List<TenantConfig.AgentConfig> agents = new ArrayList<>();
    JsonNode agentsNode = list(node, at, "agents");
    for (int i = 0; i < agentsNode.size(); i++) {
      String aat = at + ".agents[" + i + "]";
      ObjectNode agent = element(agentsNode, i, aat);
      fields(agent, aat, "id", "publicKey");
      agents.add(
          new TenantConfig.AgentConfig(
              name(agent, aat, "id"), publicKey(agent, aat + ".publicKey")));
    }
    List<TenantConfig.ApiKeyConfig> apiKeys = new ArrayList<>();
    JsonNode keysNode = list(node, at, "apiKeys");
    for (int i = 0; i < keysNode.size(); i++) {
      String kat = at + ".apiKeys[" + i + "]";
      ObjectNode key = element(keysNode, i, kat);
      fields(key, kat, "name", "sha256");
      String hex = text(key, kat, "sha256", true).orElseThrow();
      byte[] digest;
      try {
        digest = HexFormat.of().parseHex(hex);
      } catch (IllegalArgumentException e) {
        throw error(kat + ".sha256", "must be 64 hex characters (the SHA-256 of the key)");
      }
      if (digest.length != 32) {
        throw error(kat + ".sha256", "must be 64 hex characters (the SHA-256 of the key)");
      }
      apiKeys.add(new TenantConfig.ApiKeyConfig(name(key, kat, "name"), digest));
    }
    return new TenantConfig(id, region, retention, policy, agents, apiKeys);
  }

  private X25519PublicKey publicKey(ObjectNode node, String at) throws ConfigException {
    String value =
        text(node, at.substring(0, at.lastIndexOf('.')), "publicKey", true).orElseThrow();
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw error(at, "must be the base64 of a 32-byte X25519 public key");
    }
    if (bytes.length != X25519PublicKey.LENGTH) {
      throw error(at, "must be the base64 of a 32-byte X25519 public key");
    }
    return X25519PublicKey.of(bytes);
  }

  // ---- small typed accessors, each naming the field in its error ----

  private void fields(ObjectNode node, String at, String... allowed) throws ConfigException {
    Set<String> known = Set.of(allowed);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!known.contains(field)) {
        throw error(join(at, field), "unknown field (expected one of " + List.of(allowed) + ")");
      }
    }
  }

  private ObjectNode object(ObjectNode node, String at, String field, boolean required)
      throws ConfigException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw error(join(at, field), "is required");
      }
      return new ObjectMapper().createObjectNode();
    }
    if (!value.isObject()) {
      throw error(join(at, field), "must be a mapping");
    }
    return (ObjectNode) value;
  }

  private JsonNode list(ObjectNode node, String at, String field) throws ConfigException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return new ObjectMapper().createArrayNode();
    }
    if (!value.isArray()) {
      throw error(join(at, field), "must be a list");
    }
    return value;
  }

  private ObjectNode element(JsonNode list, int i, String at) throws ConfigException {
    if (!list.get(i).isObject()) {
      throw error(at, "must be a mapping");
    }
    return (ObjectNode) list.get(i);
  }

  private Optional<String> text(ObjectNode node, String at, String field, boolean required)
      throws ConfigException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw error(join(at, field), "is required");
      }
      return Optional.empty();
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw error(join(at, field), "must be a non-empty string");
    }
    return Optional.of(value.asText());
  }

  private String name(ObjectNode node, String at, String field) throws ConfigException {
    String value = text(node, at, field, true).orElseThrow();
    if (!NAME.matcher(value).matches()) {
      throw error(join(at, field), "must be 1-64 characters of [A-Za-z0-9_.-]");
    }
    return value;
  }

  private Optional<String> env(ObjectNode node, String at, String field) throws ConfigException {
    Optional<String> value = text(node, at, field, false);
    if (value.isPresent() && !ENV.matcher(value.get()).matches()) {
      throw error(join(at, field), "must be an environment variable name ([A-Z_][A-Z0-9_]*)");
    }
    return value;
  }

  private long number(ObjectNode node, String at, String field, long fallback, long min, long max)
      throws ConfigException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
      throw error(join(at, field), "must be a whole number in [" + min + ", " + max + "]");
    }
    return value.asLong();
  }

  private Path path(Path base, ObjectNode node, String at, String field, Optional<String> fallback)
      throws ConfigException {
    Optional<String> value = text(node, at, field, fallback.isEmpty()).or(() -> fallback);
    if (value.get().indexOf('\0') >= 0) {
      throw error(join(at, field), "must be a path");
    }
    return base.resolve(value.get()).toAbsolutePath().normalize();
  }

  private static String join(String at, String field) {
    return at.isEmpty() ? field : at + "." + field;
  }

  private ConfigException error(String field, String problem) {
    return new ConfigException(source + ": " + field + " " + problem);
  }
}
