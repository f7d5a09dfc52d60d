package io.mirador.pii;

import static java.util.Objects.requireNonNull;

import io.mirador.pii.detect.DetectorKind;
import io.mirador.pii.detect.PhoneRegions;
import io.mirador.pii.detect.SiteAddresses;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One tenant's redaction policy: the key rules (first match wins), the keys that are never touched,
 * the keys that hold SQL, the keys that hold URLs (whose query parameters follow the key rules and
 * whose path tokens are secrets), the IP addresses that are not personal, and an action for each
 * value detector (a detector that is absent is off). Immutable; build with {@link #builder(String)}
 * or load from YAML with {@link PolicyLoader}.
 */
public record RedactionPolicy(
    String tenant,
    PolicyMode mode,
    String maskText,
    String hashPrefix,
    int hashHexChars,
    List<KeyRule> keyRules,
    List<KeyPattern> ignoredKeys,
    List<KeyPattern> sqlKeys,
    Map<DetectorKind, Action> detectors,
    List<KeyPattern> urlKeys,
    SiteAddresses addresses,
    PhoneRegions phoneRegions) {
  public static final String DEFAULT_TENANT = "default";
  public static final String DEFAULT_MASK = "[REDACTED]";
  public static final String DEFAULT_HASH_PREFIX = "pii:";
  public static final int DEFAULT_HASH_HEX_CHARS = 16;
  static final int MAX_RULES = 1000;
  static final int MAX_MASK = 64;
  static final int MAX_PREFIX = 16;

  /** Keys whose values are URLs or parts of one (OTel semantic conventions, old and new). */
  public static final List<String> DEFAULT_URL_KEYS =
      List.of("url.full", "url.path", "url.query", "url.original", "http.target", "http.url");

  public RedactionPolicy {
    requireNonNull(tenant, "tenant");
    requireNonNull(mode, "mode");
    requireNonNull(maskText, "maskText");
    requireNonNull(hashPrefix, "hashPrefix");
    if (!validTenant(tenant)) {
      throw new IllegalArgumentException(
          "tenant must be 1-64 characters of letters, digits, '.', '_' or '-'");
    }
    if (maskText.isEmpty() || maskText.length() > MAX_MASK) {
      throw new IllegalArgumentException("mask must be 1-" + MAX_MASK + " characters");
    }
    if (hashPrefix.isEmpty() || hashPrefix.length() > MAX_PREFIX || hasWhitespace(hashPrefix)) {
      throw new IllegalArgumentException(
          "hash prefix must be 1-" + MAX_PREFIX + " characters without whitespace");
    }
    if (hashHexChars < 8 || hashHexChars > 64) {
      throw new IllegalArgumentException("hash hexChars must be between 8 and 64");
    }
    keyRules = List.copyOf(requireNonNull(keyRules, "keyRules"));
    ignoredKeys = List.copyOf(requireNonNull(ignoredKeys, "ignoredKeys"));
    sqlKeys = List.copyOf(requireNonNull(sqlKeys, "sqlKeys"));
    urlKeys = List.copyOf(requireNonNull(urlKeys, "urlKeys"));
    requireNonNull(addresses, "addresses");
    requireNonNull(phoneRegions, "phoneRegions");
    if (keyRules.size() + ignoredKeys.size() + sqlKeys.size() + urlKeys.size() > MAX_RULES) {
      throw new IllegalArgumentException("more than " + MAX_RULES + " key rules");
    }
    EnumMap<DetectorKind, Action> copy = new EnumMap<>(DetectorKind.class);
    copy.putAll(requireNonNull(detectors, "detectors"));
    detectors = Collections.unmodifiableMap(copy);
  }

  /** The action for a detector, or null when it is off. */
  public Action detectorAction(DetectorKind kind) {
    return detectors.get(kind);
  }

  /**
   * The safe default: block-list mode, every detector on (identifiers that are useful for
   * correlation are hashed, secrets and financial numbers masked), credential-like keys masked and
   * personal-identifier keys hashed.
   */
  public static RedactionPolicy defaults(String tenant) {
    Builder b = builder(tenant);
    for (String k :
        List.of(
            "*password*",
            "*passwd*",
            "*secret*",
            "*authorization*",
            "*cookie*",
            "*api_key*",
            "*apikey*",
            "*api-key*",
            "*access_token*",
            "*refresh_token*",
            "*id_token*",
            "*session_token*",
            "*private_key*",
            "ssn",
            "*.ssn",
            "*_ssn")) {
      b.keyRule(k, Action.MASK);
    }
    // Roles are not identities and explain authorisation failures; they are still scanned.
    b.keyRule("user.roles", Action.KEEP);
    for (String k :
        List.of(
            "*email*",
            "*phone*",
            "enduser.id",
            "enduser.pseudo.id",
            "user.*",
            "client.address",
            "net.peer.ip",
            "http.client_ip")) {
      b.keyRule(k, Action.HASH);
    }
    b.sqlKey("db.statement").sqlKey("db.query.text");
    b.detector(DetectorKind.EMAIL, Action.HASH)
        .detector(DetectorKind.CREDIT_CARD, Action.MASK)
        .detector(DetectorKind.IBAN, Action.MASK)
        .detector(DetectorKind.US_SSN, Action.MASK)
        .detector(DetectorKind.PHONE, Action.HASH)
        .detector(DetectorKind.IP_ADDRESS, Action.HASH)
        .detector(DetectorKind.JWT, Action.MASK)
        .detector(DetectorKind.AUTH_CREDENTIAL, Action.MASK)
        .detector(DetectorKind.CLOUD_KEY, Action.MASK)
        .detector(DetectorKind.PRIVATE_KEY, Action.MASK)
        .detector(DetectorKind.URL_SECRET, Action.MASK)
        .detector(DetectorKind.SQL_LITERAL, Action.MASK);
    return b.build();
  }

  public static Builder builder(String tenant) {
    return new Builder(tenant);
  }

  static boolean validTenant(String tenant) {
    if (tenant.isEmpty() || tenant.length() > 64) {
      return false;
    }
    for (int i = 0; i < tenant.length(); i++) {
      char c = tenant.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Builds a policy; {@link #build()} validates and names what is wrong. */
  public static final class Builder {
    private final String tenant;
    private PolicyMode mode = PolicyMode.BLOCK_LIST;
    private String maskText = DEFAULT_MASK;
    private String hashPrefix = DEFAULT_HASH_PREFIX;
    private int hashHexChars = DEFAULT_HASH_HEX_CHARS;
    private final List<KeyRule> keyRules = new ArrayList<>();
    private final List<KeyPattern> ignoredKeys = new ArrayList<>();
    private final List<KeyPattern> sqlKeys = new ArrayList<>();
    private final Map<DetectorKind, Action> detectors = new EnumMap<>(DetectorKind.class);
    private final List<KeyPattern> urlKeys = new ArrayList<>();
    private SiteAddresses addresses = SiteAddresses.defaults();
    private PhoneRegions phoneRegions = PhoneRegions.defaults();

    private Builder(String tenant) {
      this.tenant = requireNonNull(tenant, "tenant");
      DEFAULT_URL_KEYS.forEach(k -> urlKeys.add(KeyPattern.of(k)));
    }

    /** Replaces the URL keys (default {@link #DEFAULT_URL_KEYS}). */
    public Builder urlKeys(List<String> patterns) {
      urlKeys.clear();
      for (String p : patterns) {
        urlKeys.add(KeyPattern.of(p));
      }
      return this;
    }

    /**
     * The regions whose national phone formats are recognised (default: {@link
     * PhoneRegions#defaults()}).
     */
    public Builder phoneRegions(PhoneRegions phoneRegions) {
      this.phoneRegions = requireNonNull(phoneRegions, "phoneRegions");
      return this;
    }

    public Builder addresses(SiteAddresses addresses) {
      this.addresses = requireNonNull(addresses, "addresses");
      return this;
    }

    public Builder mode(PolicyMode mode) {
      this.mode = requireNonNull(mode, "mode");
      return this;
    }

    public Builder maskText(String maskText) {
      this.maskText = requireNonNull(maskText, "maskText");
      return this;
    }

    public Builder hashPrefix(String hashPrefix) {
      this.hashPrefix = requireNonNull(hashPrefix, "hashPrefix");
      return this;
    }

    public Builder hashHexChars(int hashHexChars) {
      this.hashHexChars = hashHexChars;
      return this;
    }

    public Builder keyRule(String pattern, Action action) {
      keyRules.add(KeyRule.of(pattern, action));
      return this;
    }

    public Builder ignoreKey(String pattern) {
      ignoredKeys.add(KeyPattern.of(pattern));
      return this;
    }

    public Builder sqlKey(String pattern) {
      sqlKeys.add(KeyPattern.of(pattern));
      return this;
    }

    public Builder detector(DetectorKind kind, Action action) {
      detectors.put(requireNonNull(kind, "kind"), requireNonNull(action, "action"));
      return this;
    }

    public Builder disableDetector(DetectorKind kind) {
      detectors.remove(requireNonNull(kind, "kind"));
      return this;
    }

    public RedactionPolicy build() {
      return new RedactionPolicy(
          tenant,
          mode,
          maskText,
          hashPrefix,
          hashHexChars,
          keyRules,
          ignoredKeys,
          sqlKeys,
          detectors,
          urlKeys,
          addresses,
          phoneRegions);
    }
  }
}
