package io.mirador.pii;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.mirador.crypto.PseudonymizationKey;
import io.mirador.pii.detect.Detector;
import io.mirador.pii.detect.DetectorKind;
import io.mirador.pii.detect.Detectors;
import io.mirador.pii.detect.Findings;
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
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies one tenant's {@link RedactionPolicy} to text, OTLP values and attribute lists.
 * Thread-safe and allocation-free when nothing is found: unchanged inputs are returned as the same
 * instance. Plaintext values are never logged.
 */
public final class Redactor {
  /** Nesting deeper than this (arrays in maps in arrays ...) is masked rather than walked. */
  static final int MAX_DEPTH = 32;

  /** Byte values longer than this are not decoded for scanning. */
  static final int MAX_BYTES_SCANNED = 1 << 20;

  /** Integers with fewer digits cannot hold any detector's shape. */
  private static final long MIN_NUMBER_SCANNED = 100_000L;

  private static final int KEY_CACHE_LIMIT = 8192;

  /** How an attribute key is treated. */
  enum KeyTreatment {
    IGNORE,
    SCAN,
    SCAN_SQL,
    MASK,
    HASH,
    DROP
  }

  private final RedactionPolicy policy;
  private final Tokenizer tokenizer;
  private final Detector[] detectors;
  private final int[] detectorBits;
  private final int enabledMask;
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
    List<Detector> enabled = new ArrayList<>();
    for (DetectorKind kind : DetectorKind.values()) {
      Action a = policy.detectorAction(kind);
      actions[kind.ordinal()] = a;
      if (a != null && kind.contextFree()) {
        enabled.add(Detectors.of(kind));
      }
    }
    this.detectors = enabled.toArray(Detector[]::new);
    this.detectorBits = new int[detectors.length];
    int mask = 0;
    for (int k = 0; k < detectors.length; k++) {
      detectorBits[k] = TextProfile.bit(detectors[k].kind());
      mask |= detectorBits[k];
    }
    if (policy.detectorAction(DetectorKind.SQL_LITERAL) != null) {
      mask |= TextProfile.bit(DetectorKind.SQL_LITERAL);
    }
    this.enabledMask = mask;
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
    if (text.isEmpty()) {
      return text;
    }
    char[] chars = text.toCharArray(); // once, for the profile and every detector
    int mayMatch = TextProfile.mayMatch(chars);
    if ((mayMatch & enabledMask) == 0) {
      return text;
    }
    Findings f = findings.get();
    f.clear();
    for (int k = 0; k < detectors.length; k++) {
      if ((mayMatch & detectorBits[k]) != 0) {
        detectors[k].detect(text, chars, f);
      }
    }
    if (sqlText && sql != null && (mayMatch & TextProfile.bit(DetectorKind.SQL_LITERAL)) != 0) {
      sql.detect(text, chars, f);
    }
    if (f.isEmpty()) {
      return text;
    }
    try {
      return apply(text, f, tally);
    } finally {
      f.clear();
    }
  }

  private String apply(String text, Findings f, RedactionCounts.Tally tally) {
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
      Action action = actions[f.kind(i).ordinal()];
      boolean sqlLiteral = f.kind(i) == DetectorKind.SQL_LITERAL;
      int j = i + 1;
      while (j < f.size() && f.start(j) < end) {
        end = Math.max(end, f.end(j));
        action = action.max(actions[f.kind(j).ordinal()]);
        sqlLiteral |= f.kind(j) == DetectorKind.SQL_LITERAL;
        j++;
      }
      if (tally != null) {
        for (int k = i; k < j; k++) {
          tally.add(f.kind(k), action);
        }
      }
      if (action == Action.DROP) {
        drop = true;
      } else if (action != Action.KEEP && !drop) {
        String replacement =
            action == Action.HASH
                ? tokenizer.token(text.substring(start, end))
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
    KeyTreatment scan = sqlKey ? KeyTreatment.SCAN_SQL : KeyTreatment.SCAN;
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
        if (value.hasStringValue()
            && (tokenizer.isToken(value.getStringValue())
                || value.getStringValue().equals(policy.maskText()))) {
          return kv;
        }
        String plain = stringForm(value);
        if (plain.isEmpty()) {
          return kv;
        }
        tally.addKeyRule(Action.HASH);
        return kv.toBuilder().setValue(string(tokenizer.token(plain))).build();
      }
      case SCAN, SCAN_SQL -> {
        AnyValue r = redactValue(value, treatment == KeyTreatment.SCAN_SQL, tally, depth);
        if (r == null) {
          return null;
        }
        return r == value ? kv : kv.toBuilder().setValue(r).build();
      }
    }
    throw new AssertionError("unreachable");
  }

  /** Redacts a value; returns the same instance if unchanged, or null if it must be dropped. */
  AnyValue redactValue(AnyValue v, boolean sqlText, RedactionCounts.Tally tally, int depth) {
    if (depth > MAX_DEPTH) {
      tally.addKeyRule(Action.MASK);
      return maskValue;
    }
    switch (v.getValueCase()) {
      case STRING_VALUE -> {
        String s = v.getStringValue();
        String r = scan(s, sqlText, tally);
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
        String r = scan(s, sqlText, tally);
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
          AnyValue r = redactValue(e, sqlText, tally, depth + 1);
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
    AnyValue r = redactValue(v, false, tally, 0);
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
      case VALUE_NOT_SET -> "";
      default -> Base64.getEncoder().encodeToString(v.toByteArray());
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
