package io.mirador.pii;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mirador.pii.detect.DetectorKind;
import io.mirador.pii.detect.PhoneRegions;
import io.mirador.pii.detect.SiteAddresses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads a {@link RedactionPolicy} from YAML. Unknown fields are errors (a typo in a privacy policy
 * must not silently weaken it). Anything the document leaves out comes from {@link
 * RedactionPolicy#defaults}. Format:
 *
 * <pre>{@code
 * tenant: acme                 # required
 * mode: block-list             # or allow-list
 * mask: "[REDACTED]"
 * hash: {prefix: "pii:", hexChars: 16}
 * defaultKeyRules: true        # default: true in block-list mode, false in allow-list mode
 * keys:                        # first match wins; before the default rules
 *   - {key: "user.email", action: hash}
 *   - {key: "*.card_number", action: drop}
 * ignore: ["http.route"]       # never scanned, never removed
 * sql: ["db.statement"]        # keys holding SQL (replaces the default list)
 * urls: ["url.full", "http.target"]   # keys holding URLs (replaces the default list)
 * addresses:                   # IP addresses that are not personal data
 *   notPersonal: ["10.20.0.0/16", "fd00::/8"]   # the site's own services
 *   loopbackPersonal: false    # default: loopback and 0.0.0.0 are not personal
 * phoneRegions: [DE, AT, CH]   # national phone formats recognised (default: 28 regions)
 * detectors: {email: hash, phone: off}   # keep | mask | hash | drop | off
 * }</pre>
 */
public final class PolicyLoader {
  static final int MAX_BYTES = 1 << 20;
  private static final Set<String> TOP_FIELDS =
      Set.of(
          "tenant",
          "mode",
          "mask",
          "hash",
          "defaultKeyRules",
          "keys",
          "ignore",
          "sql",
          "urls",
          "addresses",
          "phoneRegions",
          "detectors");

  private PolicyLoader() {}

  public static RedactionPolicy load(Path file) throws PolicyException {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new PolicyException(file + ": larger than " + MAX_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new PolicyException(file + ": file not found");
    } catch (IOException e) {
      throw new PolicyException(file + ": cannot read: " + e.getMessage(), e);
    }
    return parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), file.toString());
  }

  /** Parses a policy document; {@code source} names it in error messages. */
  public static RedactionPolicy parse(String yaml, String source) throws PolicyException {
    if (yaml.length() > MAX_BYTES) {
      throw new PolicyException(source + ": larger than " + MAX_BYTES + " characters");
    }
    JsonNode root;
    try {
      root = mapper().readTree(yaml);
    } catch (JacksonException e) {
      throw new PolicyException(source + ": not valid YAML: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new PolicyException(source + ": expected a mapping with at least 'tenant'");
    }
    try {
      return build(root, source);
    } catch (IllegalArgumentException e) {
      throw new PolicyException(source + ": " + e.getMessage());
    }
  }

  private static ObjectMapper mapper() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(10);
    options.setNestingDepthLimit(20);
    options.setCodePointLimit(MAX_BYTES);
    options.setAllowDuplicateKeys(false);
    YAMLFactory factory =
        YAMLFactory.builder()
            .loaderOptions(options)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(20)
                    .maxStringLength(MAX_BYTES)
                    .build())
            .build();
    return new ObjectMapper(factory);
  }

  private static RedactionPolicy build(JsonNode root, String source) throws PolicyException {
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!TOP_FIELDS.contains(field)) {
        throw new PolicyException(
            source + ": unknown field '" + field + "' (known: " + sorted(TOP_FIELDS) + ")");
      }
    }
    String tenant = text(root, "tenant", source, null);
    if (tenant == null) {
      throw new PolicyException(source + ": missing required field 'tenant'");
    }
    RedactionPolicy defaults = RedactionPolicy.defaults(RedactionPolicy.DEFAULT_TENANT);
    RedactionPolicy.Builder b = RedactionPolicy.builder(tenant);

    String modeText = text(root, "mode", source, "block-list");
    PolicyMode mode =
        switch (modeText) {
          case "block-list" -> PolicyMode.BLOCK_LIST;
          case "allow-list" -> PolicyMode.ALLOW_LIST;
          default ->
              throw new PolicyException(
                  source + ": mode: expected block-list or allow-list, got '" + modeText + "'");
        };
    b.mode(mode);
    b.maskText(text(root, "mask", source, RedactionPolicy.DEFAULT_MASK));

    JsonNode hash = root.get("hash");
    if (hash != null) {
      if (!hash.isObject()) {
        throw new PolicyException(source + ": hash: expected a mapping {prefix, hexChars}");
      }
      for (Iterator<String> it = hash.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!f.equals("prefix") && !f.equals("hexChars")) {
          throw new PolicyException(source + ": hash: unknown field '" + f + "'");
        }
      }
      b.hashPrefix(text(hash, "prefix", source + ": hash", RedactionPolicy.DEFAULT_HASH_PREFIX));
      JsonNode hex = hash.get("hexChars");
      if (hex != null) {
        if (!hex.canConvertToInt() || !hex.isIntegralNumber()) {
          throw new PolicyException(source + ": hash.hexChars: expected an integer");
        }
        b.hashHexChars(hex.intValue());
      }
    }

    JsonNode keys = root.get("keys");
    if (keys != null) {
      if (!keys.isArray()) {
        throw new PolicyException(source + ": keys: expected a list of {key, action}");
      }
      for (int i = 0; i < keys.size(); i++) {
        JsonNode rule = keys.get(i);
        String where = source + ": keys[" + i + "]";
        if (!rule.isObject()) {
          throw new PolicyException(where + ": expected {key, action}");
        }
        for (Iterator<String> it = rule.fieldNames(); it.hasNext(); ) {
          String f = it.next();
          if (!f.equals("key") && !f.equals("action")) {
            throw new PolicyException(where + ": unknown field '" + f + "'");
          }
        }
        String key = text(rule, "key", where, null);
        String action = text(rule, "action", where, null);
        if (key == null || action == null) {
          throw new PolicyException(where + ": needs both 'key' and 'action'");
        }
        b.keyRule(key, action(action, where + ".action"));
      }
    }
    JsonNode inherit = root.get("defaultKeyRules");
    boolean inheritRules = mode == PolicyMode.BLOCK_LIST;
    if (inherit != null) {
      if (!inherit.isBoolean()) {
        throw new PolicyException(source + ": defaultKeyRules: expected true or false");
      }
      inheritRules = inherit.booleanValue();
    }
    if (inheritRules) {
      for (KeyRule rule : defaults.keyRules()) {
        b.keyRule(rule.key().pattern(), rule.action());
      }
    }
    for (String k : strings(root, "ignore", "keys", source)) {
      b.ignoreKey(k);
    }
    if (root.has("sql")) {
      for (String k : strings(root, "sql", "keys", source)) {
        b.sqlKey(k);
      }
    } else {
      defaults.sqlKeys().forEach(k -> b.sqlKey(k.pattern()));
    }
    if (root.has("urls")) {
      b.urlKeys(strings(root, "urls", "keys", source));
    }
    b.addresses(addresses(root.get("addresses"), source));
    if (root.has("phoneRegions")) {
      try {
        b.phoneRegions(
            PhoneRegions.of(strings(root, "phoneRegions", "region codes such as DE", source)));
      } catch (IllegalArgumentException e) {
        throw new PolicyException(source + ": phoneRegions: " + e.getMessage());
      }
    }
    defaults.detectors().forEach(b::detector);
    JsonNode detectors = root.get("detectors");
    if (detectors != null) {
      if (!detectors.isObject()) {
        throw new PolicyException(source + ": detectors: expected a mapping name: action");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = detectors.properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String where = source + ": detectors." + e.getKey();
        DetectorKind kind =
            DetectorKind.fromConfigName(e.getKey())
                .orElseThrow(
                    () ->
                        new PolicyException(
                            source
                                + ": detectors: unknown detector '"
                                + e.getKey()
                                + "' (known: "
                                + Arrays.stream(DetectorKind.values())
                                    .map(DetectorKind::configName)
                                    .collect(Collectors.joining(", "))
                                + ")"));
        JsonNode value = e.getValue();
        // YAML 1.1 reads a bare `off` as the boolean false.
        if (value.isBoolean() && !value.booleanValue()
            || value.isTextual() && value.textValue().equals("off")) {
          b.disableDetector(kind);
        } else if (value.isTextual()) {
          b.detector(kind, action(value.textValue(), where));
        } else {
          throw new PolicyException(where + ": expected keep, mask, hash, drop or off");
        }
      }
    }
    return b.build();
  }

  private static SiteAddresses addresses(JsonNode node, String source) throws PolicyException {
    if (node == null || node.isNull()) {
      return SiteAddresses.defaults();
    }
    String where = source + ": addresses";
    if (!node.isObject()) {
      throw new PolicyException(where + ": expected a mapping {notPersonal, loopbackPersonal}");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("notPersonal") && !f.equals("loopbackPersonal")) {
        throw new PolicyException(
            where + ": unknown field '" + f + "' (known: loopbackPersonal, notPersonal)");
      }
    }
    boolean loopbackPersonal = false;
    JsonNode loopback = node.get("loopbackPersonal");
    if (loopback != null) {
      if (!loopback.isBoolean()) {
        throw new PolicyException(where + ".loopbackPersonal: expected true or false");
      }
      loopbackPersonal = loopback.booleanValue();
    }
    java.util.List<String> networks = new java.util.ArrayList<>();
    JsonNode list = node.get("notPersonal");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        throw new PolicyException(where + ".notPersonal: expected a list of CIDR networks");
      }
      for (int i = 0; i < list.size(); i++) {
        if (!list.get(i).isTextual()) {
          throw new PolicyException(where + ".notPersonal[" + i + "]: expected a string");
        }
        networks.add(list.get(i).textValue());
      }
    }
    try {
      return SiteAddresses.of(networks, loopbackPersonal);
    } catch (IllegalArgumentException e) {
      throw new PolicyException(source + ": " + e.getMessage());
    }
  }

  private static Action action(String name, String where) throws PolicyException {
    return Action.fromConfigName(name)
        .orElseThrow(
            () ->
                new PolicyException(
                    where + ": expected keep, mask, hash or drop, got '" + name + "'"));
  }

  private static String text(JsonNode node, String field, String where, String fallback)
      throws PolicyException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isTextual()) {
      throw new PolicyException(where + ": " + field + ": expected a string");
    }
    return v.textValue();
  }

  private static java.util.List<String> strings(
      JsonNode root, String field, String itemsNoun, String source) throws PolicyException {
    JsonNode v = root.get(field);
    if (v == null || v.isNull()) {
      return java.util.List.of();
    }
    if (!v.isArray()) {
      throw new PolicyException(source + ": " + field + ": expected a list of " + itemsNoun);
    }
    java.util.List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) {
        throw new PolicyException(source + ": " + field + "[" + i + "]: expected a string");
      }
      out.add(v.get(i).textValue());
    }
    return out;
  }

  private static String sorted(Set<String> s) {
    return s.stream().sorted().collect(Collectors.joining(", "));
  }
}
