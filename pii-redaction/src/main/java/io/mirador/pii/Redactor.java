package io.mirador.pii;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.mirador.crypto.PseudonymizationKey;
import io.mirador.pii.detect.Detector;
import io.mirador.pii.detect.DetectorKind;
import io.mirador.pii.detect.Detectors;
import io.mirador.pii.detect.Findings;
import io.mirador.pii.detect.IpLiteral;
import io.mirador.pii.detect.PiiScanner;
import io.mirador.pii.detect.TextProfile;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies one tenant's {@link RedactionPolicy} to text, OTLP values and attribute lists.
 * Thread-safe and allocation-free when nothing is found: unchanged inputs are returned as the same
 * instance. Plaintext values are never logged.
 *
 * <p>Values are scanned by the shared {@link PiiScanner} (raw and decoded views). URLs (values of
 * the policy's URL keys, and any value starting with {@code http://} or {@code https://}) get two
 * more passes: query parameters whose name matches a key rule take that rule's action on their
 * value ({@code ?email=} hashed, {@code ?password=} masked; drop masks the value), and random path
 * segments after {@code /reset/}, {@code /verify/} ... are secrets. A hash is taken of the decoded,
 * normalised value ({@link Tokenizer#normalize}), so one value gives one token wherever and however
 * it appears.
 */
public final class Redactor {
  /** Nesting deeper than this (arrays in maps in arrays ...) is masked rather than walked. */
  static final int MAX_DEPTH = 32;

  /** Byte values longer than this are not decoded for scanning. */
  static final int MAX_BYTES_SCANNED = 1 << 20;

  /** Query parameter names longer than this are not matched against key rules. */
  static final int MAX_PARAMETER_NAME = 128;

  private static final int PLAIN = 0;
  private static final int SQL = 1;
  private static final int URL = 2;

  /** Integers with fewer digits cannot hold any detector's shape. */
  private static final long MIN_NUMBER_SCANNED = 100_000L;

  private static final int KEY_CACHE_LIMIT = 8192;

  /** How an attribute key is treated. */
  enum KeyTreatment {
    IGNORE,
    SCAN,
    SCAN_SQL,
    SCAN_URL,
    MASK,
    HASH,
    DROP
  }

  private final RedactionPolicy policy;
  private final Tokenizer tokenizer;
  private final PiiScanner scanner;
  private final Action[] actions;
  private final Detector sql;
  private final AnyValue maskValue;
  private final ConcurrentHashMap<String, KeyTreatment> topLevelKeys = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, KeyTreatment> nestedKeys = new ConcurrentHashMap<>();
  private final ThreadLocal<Findings> findings = ThreadLocal.withInitial(Findings::new);

  private Redactor(RedactionPolicy policy, PseudonymizationKey key) {
    this.policy = requireNonNull(policy, "policy");
    this.tokenizer =
        new Tokenizer(
            requireNonNull(key, "key"),
            policy.hashPrefix(),
            policy.hashHexChars(),
            policy.maskText());
    this.actions = new Action[DetectorKind.values().length];
    List<DetectorKind> enabled = new ArrayList<>();
    for (DetectorKind kind : DetectorKind.values()) {
      Action a = policy.detectorAction(kind);
      actions[kind.ordinal()] = a;
      if (a != null && kind.contextFree()) {
        enabled.add(kind);
      }
    }
    this.scanner = PiiScanner.create(enabled, policy.addresses(), policy.phoneRegions());
    this.sql =
        policy.detectorAction(DetectorKind.SQL_LITERAL) == null
            ? null
            : Detectors.of(DetectorKind.SQL_LITERAL);
    this.maskValue = AnyValue.newBuilder().setStringValue(policy.maskText()).build();
  }

  public static Redactor create(RedactionPolicy policy, PseudonymizationKey key) {
    return new Redactor(policy, key);
  }

  public RedactionPolicy policy() {
    return policy;
  }

  /**
   * Redacts free text with the context-free detectors. A finding whose action is drop masks the
   * whole text (text alone cannot be dropped).
   */
  public String redactText(String text) {
    return redactField(text, null);
  }

  /** Redacts an attribute list as top-level attributes; returns the same list if unchanged. */
  public List<KeyValue> redactAttributes(List<KeyValue> attributes) {
    return redactAttributes(attributes, true, new RedactionCounts.Tally(), 0);
  }

  // ---------------------------------------------------------------------------------------------
  // Text

  /**
   * A text field that cannot be removed (span name, status message, log body string). A null {@code
   * tally} means the counts are not wanted.
   */
  String redactField(String text, RedactionCounts.Tally tally) {
    String out = scan(text, false, tally);
    return out == null ? policy.maskText() : out;
  }

  /**
   * Runs the detectors; returns {@code text} itself if nothing changes, the redacted text, or null
   * when a finding's action is drop.
   */
  String scan(String text, boolean sqlText, RedactionCounts.Tally tally) {
    return scan(text, sqlText ? SQL : PLAIN, tally);
  }

  private String scan(String text, int context, RedactionCounts.Tally tally) {
    if (text.isEmpty()) {
      return text;
    }
    char[] chars = text.toCharArray(); // once, for the profile and every detector
    Findings f = findings.get();
    f.clear();
    try {
      int mayMatch = scanner.scan(text, chars, f);
      if (context == SQL
          && sql != null
          && (mayMatch & TextProfile.bit(DetectorKind.SQL_LITERAL)) != 0) {
        sql.detect(text, chars, f);
      }
      Map<Integer, Action> parameterActions = null;
      if (context == URL || isHttpUrl(text)) {
        scanner.scanUrlPath(text, chars, f);
        parameterActions = queryParameters(text, chars, context == URL, f);
      }
      if (f.isEmpty()) {
        return text;
      }
      return apply(text, f, parameterActions, tally);
    } finally {
      f.clear();
    }
  }

  private static boolean isHttpUrl(String text) {
    return text.length() > 8
        && (text.charAt(0) == 'h' || text.charAt(0) == 'H')
        && (text.regionMatches(true, 0, "http://", 0, 7)
            || text.regionMatches(true, 0, "https://", 0, 8));
  }

  /**
   * Adds a finding (kind null) for the value of each query parameter whose name a key rule masks,
   * hashes or drops, and returns those actions by the value's start; null when there are none. The
   * query is what follows the first {@code ?} (up to {@code #}); a URL key's value without {@code
   * ?}, path or scheme ({@code url.query}) is a query as a whole. Names are percent-decoded before
   * matching. Linear: one pass over the query; each name is matched once (cached per name).
   */
  private Map<Integer, Action> queryParameters(
      String text, char[] chars, boolean urlKey, Findings f) {
    int n = chars.length;
    int q = text.indexOf('?');
    int from;
    if (q >= 0) {
      from = q + 1;
    } else if (urlKey && text.indexOf('=') > 0 && text.indexOf("://") < 0 && chars[0] != '/') {
      from = 0;
    } else {
      return null;
    }
    int end = text.indexOf('#', from);
    if (end < 0) {
      end = n;
    }
    Map<Integer, Action> out = null;
    int i = from;
    while (i < end) {
      int eq = -1;
      int next = i;
      while (next < end && chars[next] != '&' && chars[next] != ';') {
        if (eq < 0 && chars[next] == '=') {
          eq = next;
        }
        next++;
      }
      if (eq > i && eq + 1 < next && eq - i <= MAX_PARAMETER_NAME) {
        Action action = parameterAction(parameterName(text, i, eq));
        if (action != null) {
          f.add(eq + 1, next, null);
          if (out == null) {
            out = new HashMap<>();
          }
          out.put(eq + 1, action);
        }
      }
      i = next + 1;
    }
    return out;
  }

  private static String parameterName(String text, int start, int end) {
    String name = text.substring(start, end);
    return name.indexOf('%') < 0 ? name : decoded(name, 0, name.length());
  }

  /** The key rule's action for a query parameter name, or null when no rule hides it. */
  private Action parameterAction(String name) {
    return switch (treatment(name, false)) {
      case MASK, DROP -> Action.MASK; // part of a URL cannot be dropped
      case HASH -> Action.HASH;
      default -> null;
    };
  }

  private String apply(
      String text, Findings f, Map<Integer, Action> parameterActions, RedactionCounts.Tally tally) {
    f.sort();
    dropProtected(text, f);
    if (f.isEmpty()) {
      return text;
    }
    StringBuilder out = null;
    int last = 0;
    int i = 0;
    boolean drop = false;
    while (i < f.size()) {
      int start = f.start(i);
      int end = f.end(i);
      Action action = actionOf(f, i, parameterActions);
      boolean sqlLiteral = f.kind(i) == DetectorKind.SQL_LITERAL;
      int j = i + 1;
      while (j < f.size() && f.start(j) < end) {
        end = Math.max(end, f.end(j));
        action = action.max(actionOf(f, j, parameterActions));
        sqlLiteral |= f.kind(j) == DetectorKind.SQL_LITERAL;
        j++;
      }
      if (tally != null) {
        for (int k = i; k < j; k++) {
          if (f.kind(k) == null) {
            tally.addKeyRule(action);
          } else {
            tally.add(f.kind(k), action);
          }
        }
      }
      if (action == Action.DROP) {
        drop = true;
      } else if (action != Action.KEEP && !drop) {
        String replacement =
            action == Action.HASH
                ? tokenizer.token(kindCovering(f, i, j, start, end), decoded(text, start, end))
                : (sqlLiteral ? "?" : policy.maskText()); // a masked SQL literal is a parameter
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, last, start).append(replacement);
        last = end;
      }
      i = j;
    }
    if (drop) {
      return null;
    }
    if (out == null) {
      return text;
    }
    return out.append(text, last, text.length()).toString();
  }

  private Action actionOf(Findings f, int i, Map<Integer, Action> parameterActions) {
    DetectorKind kind = f.kind(i);
    return kind == null ? parameterActions.get(f.start(i)) : actions[kind.ordinal()];
  }

  /** The kind of a detector finding in {@code f[from, to)} that covers exactly the range. */
  private static DetectorKind kindCovering(Findings f, int from, int to, int start, int end) {
    for (int k = from; k < to; k++) {
      if (f.kind(k) != null && f.start(k) == start && f.end(k) == end) {
        return f.kind(k);
      }
    }
    return null;
  }

  /** Applies {@code f} to each element; returns {@code in} itself if no element changed. */
  private static <T> List<T> mapList(List<T> in, java.util.function.UnaryOperator<T> f) {
    List<T> out = null;
    for (int i = 0; i < in.size(); i++) {
      T x = in.get(i);
      T y = f.apply(x);
      if (y != x && out == null) {
        out = new ArrayList<>(in.size());
        out.addAll(in.subList(0, i));
      }
      if (out != null) {
        out.add(y);
      }
    }
    return out == null ? in : out;
  }

  private static String decoded(String text, int start, int end) {
    return PiiScanner.decoded(text, start, end);
  }

  /**
   * Removes findings that lie entirely inside an earlier redaction (a token or the mask text), so
   * that redacting twice changes nothing and counts nothing.
   */
  private void dropProtected(String text, Findings f) {
    String mask = policy.maskText();
    String prefix = tokenizer.prefix();
    for (int i = f.size() - 1; i >= 0; i--) {
      int s = f.start(i);
      int e = f.end(i);
      if (insideOccurrence(text, mask, s, e) || insideToken(text, prefix, s, e)) {
        f.remove(i);
      }
    }
  }

  private static boolean insideOccurrence(String text, String needle, int s, int e) {
    int from = Math.max(0, e - needle.length());
    int at = text.indexOf(needle, from);
    while (at >= 0 && at <= s) {
      if (at + needle.length() >= e) {
        return true;
      }
      at = text.indexOf(needle, at + 1);
    }
    return false;
  }

  private boolean insideToken(String text, String prefix, int s, int e) {
    int from = Math.max(0, e - tokenizer.length());
    int at = text.indexOf(prefix, from);
    while (at >= 0 && at <= s) {
      if (at + tokenizer.length() >= e && tokenizer.isTokenAt(text, at)) {
        return true;
      }
      at = text.indexOf(prefix, at + 1);
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------
  // Keys

  KeyTreatment treatment(String key, boolean topLevel) {
    ConcurrentHashMap<String, KeyTreatment> cache = topLevel ? topLevelKeys : nestedKeys;
    KeyTreatment t = cache.get(key);
    if (t == null) {
      t = decide(key, topLevel);
      if (cache.size() < KEY_CACHE_LIMIT) {
        cache.putIfAbsent(key, t);
      }
    }
    return t;
  }

  private KeyTreatment decide(String key, boolean topLevel) {
    if (key.startsWith(RedactionCounts.ATTRIBUTE_PREFIX)) {
      return KeyTreatment.IGNORE;
    }
    for (KeyPattern p : policy.ignoredKeys()) {
      if (p.matches(key)) {
        return KeyTreatment.IGNORE;
      }
    }
    boolean sqlKey = false;
    for (KeyPattern p : policy.sqlKeys()) {
      if (p.matches(key)) {
        sqlKey = true;
        break;
      }
    }
    boolean urlKey = false;
    for (KeyPattern p : policy.urlKeys()) {
      if (p.matches(key)) {
        urlKey = true;
        break;
      }
    }
    KeyTreatment scan =
        sqlKey ? KeyTreatment.SCAN_SQL : urlKey ? KeyTreatment.SCAN_URL : KeyTreatment.SCAN;
    for (KeyRule rule : policy.keyRules()) {
      if (rule.key().matches(key)) {
        return switch (rule.action()) {
          case KEEP -> scan;
          case MASK -> KeyTreatment.MASK;
          case HASH -> KeyTreatment.HASH;
          case DROP -> KeyTreatment.DROP;
        };
      }
    }
    if (topLevel && policy.mode() == PolicyMode.ALLOW_LIST) {
      return KeyTreatment.DROP;
    }
    return scan;
  }

  // ---------------------------------------------------------------------------------------------
  // OTLP values

  /** Returns the same list if unchanged. Dropped attributes are removed. */
  List<KeyValue> redactAttributes(
      List<KeyValue> attributes, boolean topLevel, RedactionCounts.Tally tally, int depth) {
    List<KeyValue> out = null;
    for (int i = 0; i < attributes.size(); i++) {
      KeyValue kv = attributes.get(i);
      KeyValue r = redactKeyValue(kv, topLevel, tally, depth);
      if (r != kv && out == null) {
        out = new ArrayList<>(attributes.size());
        out.addAll(attributes.subList(0, i));
      }
      if (out != null && r != null) {
        out.add(r);
      }
    }
    return out == null ? attributes : out;
  }

  private KeyValue redactKeyValue(
      KeyValue kv, boolean topLevel, RedactionCounts.Tally tally, int depth) {
    AnyValue value = kv.getValue();
    KeyTreatment treatment = treatment(kv.getKey(), topLevel);
    switch (treatment) {
      case IGNORE -> {
        return kv;
      }
      case DROP -> {
        tally.addKeyRule(Action.DROP);
        return null;
      }
      case MASK -> {
        if (value.equals(maskValue)) {
          return kv;
        }
        tally.addKeyRule(Action.MASK);
        return kv.toBuilder().setValue(maskValue).build();
      }
      case HASH -> {
        AnyValue r = hashValue(value, depth);
        if (r == value) {
          return kv;
        }
        tally.addKeyRule(Action.HASH);
        return kv.toBuilder().setValue(r).build();
      }
      case SCAN, SCAN_SQL, SCAN_URL -> {
        int context =
            switch (treatment) {
              case SCAN_SQL -> SQL;
              case SCAN_URL -> URL;
              default -> PLAIN;
            };
        AnyValue r = redactValue(value, context, tally, depth);
        if (r == null) {
          return null;
        }
        return r == value ? kv : kv.toBuilder().setValue(r).build();
      }
    }
    throw new AssertionError("unreachable");
  }

  /**
   * A key rule's hash of a value: strings (and numbers, booleans, UTF-8 bytes as text) become
   * tokens; arrays and maps keep their shape with each element hashed (captured request headers are
   * arrays of strings). Values that are already a token or the mask stay. Returns the same instance
   * when nothing changes.
   */
  private AnyValue hashValue(AnyValue v, int depth) {
    if (depth > MAX_DEPTH) {
      return maskValue;
    }
    switch (v.getValueCase()) {
      case ARRAY_VALUE -> {
        List<AnyValue> in = v.getArrayValue().getValuesList();
        List<AnyValue> out = mapList(in, e -> hashValue(e, depth + 1));
        return out == in
            ? v
            : AnyValue.newBuilder()
                .setArrayValue(ArrayValue.newBuilder().addAllValues(out))
                .build();
      }
      case KVLIST_VALUE -> {
        List<KeyValue> in = v.getKvlistValue().getValuesList();
        List<KeyValue> out =
            mapList(
                in,
                kv -> {
                  AnyValue h = hashValue(kv.getValue(), depth + 1);
                  return h == kv.getValue() ? kv : kv.toBuilder().setValue(h).build();
                });
        return out == in
            ? v
            : AnyValue.newBuilder()
                .setKvlistValue(KeyValueList.newBuilder().addAllValues(out))
                .build();
      }
      case VALUE_NOT_SET -> {
        return v;
      }
      default -> {
        String plain = stringForm(v);
        if (plain.isEmpty()
            || tokenizer.isToken(plain)
            || plain.equals(policy.maskText())
            || plain.isBlank()) {
          return v;
        }
        return string(hashText(plain));
      }
    }
  }

  /**
   * The token of a key rule's value. When the whole (trimmed) value is one detector finding (an
   * e-mail in {@code user.email}, also when encoded), it is hashed as that finding would be, so the
   * same e-mail gives the same token in {@code user.email}, in a header and inside a URL.
   */
  String hashText(String value) {
    String trimmed = value.strip();
    byte[] address = IpLiteral.parse(trimmed);
    if (address != null) { // client.address: the hot case, parsed once
      return tokenizer.token(IpLiteral.canonical(address));
    }
    if (!mayHoldFinding(trimmed)) {
      return tokenizer.token(null, trimmed);
    }
    char[] chars = trimmed.toCharArray();
    Findings f = new Findings();
    scanner.scan(trimmed, chars, f);
    for (int i = 0; i < f.size(); i++) {
      if (f.start(i) == 0 && f.end(i) == trimmed.length()) {
        return tokenizer.token(f.kind(i), decoded(trimmed, 0, trimmed.length()));
      }
    }
    return tokenizer.token(null, trimmed);
  }

  /**
   * Whether a value could be a structured finding at all: every normalised kind (e-mail, card, SSN,
   * phone, IBAN, IP), plain or encoded ({@code %40}, {@code &#64;}, {@code \u0040}), holds a digit
   * or an {@code @}. User names and ids without either skip the scan.
   */
  private static boolean mayHoldFinding(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= '0' && c <= '9') || c == '@') {
        return true;
      }
    }
    return false;
  }

  /** Redacts a value; returns the same instance if unchanged, or null if it must be dropped. */
  private AnyValue redactValue(AnyValue v, int context, RedactionCounts.Tally tally, int depth) {
    if (depth > MAX_DEPTH) {
      tally.addKeyRule(Action.MASK);
      return maskValue;
    }
    switch (v.getValueCase()) {
      case STRING_VALUE -> {
        String s = v.getStringValue();
        String r = scan(s, context, tally);
        return r == null ? null : (r == s ? v : string(r));
      }
      case INT_VALUE -> {
        long x = v.getIntValue();
        if (x > -MIN_NUMBER_SCANNED && x < MIN_NUMBER_SCANNED) {
          return v;
        }
        return numberAsText(v, Long.toString(x), tally);
      }
      case DOUBLE_VALUE -> {
        double x = v.getDoubleValue();
        if (!(Math.abs(x) >= MIN_NUMBER_SCANNED && Math.abs(x) < 1e19 && x == Math.rint(x))) {
          return v;
        }
        return numberAsText(v, Long.toString((long) x), tally);
      }
      case BYTES_VALUE -> {
        ByteString bytes = v.getBytesValue();
        if (bytes.isEmpty() || bytes.size() > MAX_BYTES_SCANNED) {
          return v;
        }
        String s = decodeUtf8(bytes);
        if (s == null) {
          return v;
        }
        String r = scan(s, context, tally);
        if (r == null) {
          return null;
        }
        return r == s ? v : AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8(r)).build();
      }
      case ARRAY_VALUE -> {
        List<AnyValue> in = v.getArrayValue().getValuesList();
        List<AnyValue> out = null;
        for (int i = 0; i < in.size(); i++) {
          AnyValue e = in.get(i);
          AnyValue r = redactValue(e, context, tally, depth + 1);
          if (r == null) {
            r = maskValue; // keep the array's length
          }
          if (r != e && out == null) {
            out = new ArrayList<>(in.size());
            out.addAll(in.subList(0, i));
          }
          if (out != null) {
            out.add(r);
          }
        }
        return out == null
            ? v
            : AnyValue.newBuilder()
                .setArrayValue(ArrayValue.newBuilder().addAllValues(out))
                .build();
      }
      case KVLIST_VALUE -> {
        List<KeyValue> in = v.getKvlistValue().getValuesList();
        List<KeyValue> out = redactAttributes(in, false, tally, depth + 1);
        return out == in
            ? v
            : AnyValue.newBuilder()
                .setKvlistValue(KeyValueList.newBuilder().addAllValues(out))
                .build();
      }
      default -> {
        return v; // bool, unset
      }
    }
  }

  private AnyValue numberAsText(AnyValue v, String text, RedactionCounts.Tally tally) {
    String r = scan(text, false, tally);
    if (r == null) {
      return null;
    }
    return r == text ? v : string(r);
  }

  /** A text field or log body that cannot be dropped: a dropped value becomes the mask. */
  AnyValue redactBody(AnyValue v, RedactionCounts.Tally tally) {
    AnyValue r = redactValue(v, PLAIN, tally, 0);
    return r == null ? maskValue : r;
  }

  private static AnyValue string(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  private static String stringForm(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case INT_VALUE -> Long.toString(v.getIntValue());
      case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case BYTES_VALUE -> {
        String text =
            v.getBytesValue().size() > MAX_BYTES_SCANNED ? null : decodeUtf8(v.getBytesValue());
        yield text != null
            ? text
            : Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
      }
      default -> "";
    };
  }

  private static String decodeUtf8(ByteString bytes) {
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray()));
      return chars.toString();
    } catch (CharacterCodingException binary) {
      return null;
    }
  }
}
