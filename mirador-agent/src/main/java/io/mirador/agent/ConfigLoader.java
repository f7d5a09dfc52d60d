package io.mirador.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the agent's one YAML file, applies environment overrides and validates everything at once.
 *
 * <p>Every setting has a dotted name ({@code queue.maxBytes}); the environment variable {@code
 * MIRADOR_AGENT_QUEUE_MAXBYTES} overrides it (upper case, dots as underscores). Unknown settings
 * are errors (a typo must not silently fall back to a default), and all problems are reported
 * together, each naming the setting.
 */
final class ConfigLoader {
  static final String ENV_PREFIX = "MIRADOR_AGENT_";

  /** Every known setting and its default ({@code null}: required or derived). */
  private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("agent.id", null);
    DEFAULTS.put("agent.tenant", null);
    DEFAULTS.put("agent.host", null);
    DEFAULTS.put("agent.dataDir", "/var/lib/mirador-agent");
    DEFAULTS.put("agent.keyring", null);
    DEFAULTS.put("agent.keyringKeyFile", null);
    DEFAULTS.put("redaction.policyDir", null);
    DEFAULTS.put("receivers.grpc.host", "0.0.0.0");
    DEFAULTS.put("receivers.grpc.port", "4317");
    DEFAULTS.put("receivers.http.host", "0.0.0.0");
    DEFAULTS.put("receivers.http.port", "4318");
    // The OpenTelemetry Collector's OTLP/HTTP default (confighttp, 20 MiB, also after
    // decompression): a batch an SDK may send to a Collector is not refused here (RATIONALE.md).
    DEFAULTS.put("receivers.maxRequestBytes", String.valueOf(20 * 1024 * 1024));
    DEFAULTS.put("memory.limitBytes", String.valueOf(64L * 1024 * 1024));
    DEFAULTS.put("memory.heapLimitPercent", "85");
    DEFAULTS.put("batch.maxBytes", String.valueOf(1024 * 1024));
    DEFAULTS.put("batch.maxDelayMillis", "20");
    DEFAULTS.put("queue.durability", "disk");
    DEFAULTS.put("queue.dir", null);
    DEFAULTS.put("queue.maxBytes", String.valueOf(1024L * 1024 * 1024));
    DEFAULTS.put("queue.highWatermark", "0.9");
    DEFAULTS.put("core.endpoints", null);
    DEFAULTS.put("core.publicKeyFile", null);
    DEFAULTS.put("core.region", null);
    DEFAULTS.put("core.keyId", null);
    DEFAULTS.put("core.publicKey", null);
    DEFAULTS.put("core.keyRefreshMillis", "30000");
    DEFAULTS.put("forwarder.timeoutMillis", "10000");
    DEFAULTS.put("forwarder.backoffInitialMillis", "200");
    DEFAULTS.put("forwarder.backoffMaxMillis", "30000");
    DEFAULTS.put("forwarder.inFlightPerEndpoint", "8");
  }

  /** Thrown with every problem found, one per line. */
  static final class InvalidConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidConfigException(String message) {
      super(message);
    }
  }

  private ConfigLoader() {}

  static AgentConfig load(Path file, Map<String, String> env) throws InvalidConfigException {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> errors = new ArrayList<>();
    if (file != null) {
      String text;
      try {
        if (Files.size(file) > 1024 * 1024) {
          throw new InvalidConfigException(file + ": larger than 1 MiB");
        }
        text = Files.readString(file);
      } catch (IOException e) {
        throw new InvalidConfigException(file + ": cannot read: " + e.getMessage());
      }
      try {
        // A key given twice is an error, not "the last one wins".
        JsonNode root =
            new ObjectMapper(
                    YAMLFactory.builder()
                        .enable(
                            com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .build())
                .readTree(text);
        if (root != null && !root.isMissingNode() && !root.isNull()) {
          if (!root.isObject()) {
            throw new InvalidConfigException(file + ": the top level must be a mapping");
          }
          flatten("", root, values, errors);
        }
      } catch (JsonProcessingException e) {
        throw new InvalidConfigException(
            file + ": not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
      }
    }
    for (String key : values.keySet()) {
      if (!DEFAULTS.containsKey(key)) {
        errors.add(key + ": unknown setting");
      }
    }
    for (String key : DEFAULTS.keySet()) {
      String envName = ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
      String v = env.get(envName);
      if (v != null) {
        values.put(key, v);
      }
    }
    Reader r = new Reader(values, errors);
    String agentId = r.required("agent.id");
    String tenant = r.required("agent.tenant");
    String host = r.string("agent.host");
    if (host == null) {
      host = localHostName();
    }
    Path dataDir = r.path("agent.dataDir");
    Path keyring = r.pathOr("agent.keyring", dataDir.resolve("agent.keyring"));
    Path keyFile = r.pathOr("agent.keyringKeyFile", dataDir.resolve("agent.key"));
    Path policyDir = r.pathOr("redaction.policyDir", null);
    String grpcHost = r.string("receivers.grpc.host");
    int grpcPort = r.port("receivers.grpc.port");
    String httpHost = r.string("receivers.http.host");
    int httpPort = r.port("receivers.http.port");
    int maxRequest = (int) r.size("receivers.maxRequestBytes", 1024, 64L * 1024 * 1024);
    long memLimit = r.size("memory.limitBytes", 1024 * 1024, 64L * 1024 * 1024 * 1024);
    int heapPercent = (int) r.integer("memory.heapLimitPercent", 10, 99);
    int batchMax = (int) r.size("batch.maxBytes", 1024, 8L * 1024 * 1024);
    Duration batchDelay = Duration.ofMillis(r.integer("batch.maxDelayMillis", 1, 60_000));
    String durabilityText = r.string("queue.durability");
    AgentConfig.Durability durability = AgentConfig.Durability.DISK;
    if ("memory".equalsIgnoreCase(durabilityText)) {
      durability = AgentConfig.Durability.MEMORY;
    } else if (!"disk".equalsIgnoreCase(durabilityText)) {
      errors.add("queue.durability: must be disk or memory, not '" + durabilityText + "'");
    }
    Path queueDir = r.pathOr("queue.dir", dataDir.resolve("queue"));
    long queueMax = r.size("queue.maxBytes", 1024 * 1024, Long.MAX_VALUE / 4);
    double watermark = r.fraction("queue.highWatermark");
    List<String> endpoints = r.list("core.endpoints");
    if (endpoints.isEmpty()) {
      errors.add("core.endpoints: at least one host:port is required");
    }
    for (String e : endpoints) {
      int colon = e.lastIndexOf(':');
      if (colon <= 0 || !isPort(e.substring(colon + 1))) {
        errors.add("core.endpoints: '" + e + "' is not host:port");
      }
    }
    Path keyFileOfCore = r.pathOr("core.publicKeyFile", null);
    String coreRegion = r.string("core.region");
    String coreKeyId = r.string("core.keyId");
    String corePublicKey = r.string("core.publicKey");
    if (keyFileOfCore == null && (coreKeyId == null || corePublicKey == null)) {
      errors.add("core.publicKeyFile (or core.keyId with core.publicKey) is required");
    }
    Duration keyRefresh = Duration.ofMillis(r.integer("core.keyRefreshMillis", 100, 86_400_000));
    Duration timeout = Duration.ofMillis(r.integer("forwarder.timeoutMillis", 100, 600_000));
    Duration backoffInitial =
        Duration.ofMillis(r.integer("forwarder.backoffInitialMillis", 1, 600_000));
    Duration backoffMax = Duration.ofMillis(r.integer("forwarder.backoffMaxMillis", 1, 3_600_000));
    if (backoffMax.compareTo(backoffInitial) < 0) {
      errors.add("forwarder.backoffMaxMillis: must not be below forwarder.backoffInitialMillis");
    }
    int inFlight = (int) r.integer("forwarder.inFlightPerEndpoint", 1, 256);
    if (!errors.isEmpty()) {
      throw new InvalidConfigException(
          "invalid agent configuration"
              + (file == null ? "" : " in " + file)
              + ":\n  "
              + String.join("\n  ", errors));
    }
    return new AgentConfig(
        agentId,
        tenant,
        host,
        dataDir,
        keyring,
        keyFile,
        policyDir,
        grpcHost,
        grpcPort,
        httpHost,
        httpPort,
        maxRequest,
        memLimit,
        heapPercent,
        batchMax,
        batchDelay,
        durability,
        queueDir,
        queueMax,
        watermark,
        endpoints,
        keyFileOfCore,
        coreRegion,
        coreKeyId,
        corePublicKey,
        keyRefresh,
        timeout,
        backoffInitial,
        backoffMax,
        inFlight);
  }

  private static boolean isPort(String s) {
    try {
      int p = Integer.parseInt(s);
      return p > 0 && p < 65536;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String localHostName() {
    String h = System.getenv("HOSTNAME");
    if (h != null && !h.isBlank()) {
      return h;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void flatten(
      String prefix, JsonNode node, Map<String, String> out, List<String> errors) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      JsonNode v = e.getValue();
      if (v.isObject()) {
        flatten(key, v, out, errors);
      } else if (v.isArray()) {
        List<String> items = new ArrayList<>();
        for (JsonNode item : v) {
          if (!item.isValueNode()) {
            errors.add(key + ": list items must be plain values");
          }
          items.add(item.asText());
        }
        out.put(key, String.join(",", items));
      } else if (v.isNull()) {
        out.remove(key);
      } else {
        out.put(key, v.asText());
      }
    }
  }

  /** Typed access with one error per bad setting. */
  private static final class Reader {
    private final Map<String, String> values;
    private final List<String> errors;

    Reader(Map<String, String> values, List<String> errors) {
      this.values = values;
      this.errors = errors;
    }

    String string(String key) {
      String v = values.getOrDefault(key, DEFAULTS.get(key));
      return v == null || v.isBlank() ? null : v.trim();
    }

    String required(String key) {
      String v = string(key);
      if (v == null) {
        errors.add(key + ": required");
        return "";
      }
      if (v.length() > 255 || v.chars().anyMatch(Character::isISOControl)) {
        errors.add(key + ": must be 1..255 characters without control characters");
      }
      return v;
    }

    Path path(String key) {
      return pathOr(key, Path.of("."));
    }

    Path pathOr(String key, Path fallback) {
      String v = string(key);
      return v == null ? fallback : Path.of(v);
    }

    long integer(String key, long min, long max) {
      String v = string(key);
      try {
        long n = Long.parseLong(v);
        if (n < min || n > max) {
          errors.add(key + ": must be " + min + ".." + max + ", not " + n);
          return min;
        }
        return n;
      } catch (NumberFormatException e) {
        errors.add(key + ": not an integer: '" + v + "'");
        return min;
      }
    }

    long size(String key, long min, long max) {
      String v = string(key);
      long mult = 1;
      String num = v == null ? "" : v.toUpperCase(Locale.ROOT);
      for (String[] unit :
          new String[][] {{"KIB", "1024"}, {"MIB", "1048576"}, {"GIB", "1073741824"}}) {
        if (num.endsWith(unit[0])) {
          mult = Long.parseLong(unit[1]);
          num = num.substring(0, num.length() - unit[0].length()).trim();
        }
      }
      try {
        long n = Math.multiplyExact(Long.parseLong(num), mult);
        if (n < min || n > max) {
          errors.add(key + ": must be " + min + ".." + max + " bytes, not " + n);
          return min;
        }
        return n;
      } catch (NumberFormatException | ArithmeticException e) {
        errors.add(key + ": not a size (bytes, or with KiB/MiB/GiB): '" + v + "'");
        return min;
      }
    }

    int port(String key) {
      return (int) integer(key, 0, 65535);
    }

    double fraction(String key) {
      String v = string(key);
      try {
        double d = Double.parseDouble(v);
        if (!(d > 0 && d <= 1)) {
          errors.add(key + ": must be in (0, 1], not " + v);
          return 0.9;
        }
        return d;
      } catch (NumberFormatException | NullPointerException e) {
        errors.add(key + ": not a number: '" + v + "'");
        return 0.9;
      }
    }

    List<String> list(String key) {
      String v = string(key);
      if (v == null) {
        return List.of();
      }
      return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
  }
}
