package io.mirador.pii;

import io.mirador.pii.detect.DetectorKind;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many redactions were applied, per source (a detector, or {@value #KEY_RULE} for key rules)
 * and action. Immutable. {@link #attributeKey} names the {@code mirador.redaction.*} attribute.
 */
public final class RedactionCounts {
  public static final String KEY_RULE = "key_rule";
  public static final String ATTRIBUTE_PREFIX = "mirador.redaction.";
  static final int SOURCES = DetectorKind.values().length + 1;
  static final int KEY_RULE_INDEX = SOURCES - 1;
  static final int ACTIONS = Action.values().length;
  private static final String[] SOURCE_NAMES = sourceNames();
  private static final String[][] ATTRIBUTE_KEYS = attributeKeys();
  private static final RedactionCounts EMPTY = new RedactionCounts(new long[SOURCES * ACTIONS]);

  private final long[] counts;

  private RedactionCounts(long[] counts) {
    this.counts = counts;
  }

  public static RedactionCounts empty() {
    return EMPTY;
  }

  static RedactionCounts of(long[] counts) {
    return new RedactionCounts(counts.clone());
  }

  public long get(DetectorKind kind, Action action) {
    return counts[kind.ordinal() * ACTIONS + action.ordinal()];
  }

  public long keyRule(Action action) {
    return counts[KEY_RULE_INDEX * ACTIONS + action.ordinal()];
  }

  public long total() {
    long t = 0;
    for (long c : counts) {
      t += c;
    }
    return t;
  }

  public boolean isEmpty() {
    return total() == 0;
  }

  /** Non-zero counts keyed like their attributes ({@code mirador.redaction.email.hash}). */
  public Map<String, Long> asMap() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (int s = 0; s < SOURCES; s++) {
      for (int a = 0; a < ACTIONS; a++) {
        long c = counts[s * ACTIONS + a];
        if (c != 0) {
          m.put(ATTRIBUTE_KEYS[s][a], c);
        }
      }
    }
    return m;
  }

  long raw(int index) {
    return counts[index];
  }

  static String sourceName(int source) {
    return SOURCE_NAMES[source];
  }

  static String attributeKey(int source, int action) {
    return ATTRIBUTE_KEYS[source][action];
  }

  private static String[] sourceNames() {
    String[] names = new String[SOURCES];
    for (DetectorKind k : DetectorKind.values()) {
      names[k.ordinal()] = k.configName();
    }
    names[KEY_RULE_INDEX] = KEY_RULE;
    return names;
  }

  private static String[][] attributeKeys() {
    String[][] keys = new String[SOURCES][ACTIONS];
    for (int s = 0; s < SOURCES; s++) {
      for (Action a : Action.values()) {
        keys[s][a.ordinal()] = ATTRIBUTE_PREFIX + SOURCE_NAMES[s] + "." + a.configName();
      }
    }
    return keys;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RedactionCounts other && Arrays.equals(counts, other.counts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "RedactionCounts" + asMap();
  }

  /** Mutable accumulator used while walking one message. Not thread-safe. */
  static final class Tally {
    final long[] counts = new long[SOURCES * ACTIONS];
    long total;

    void add(DetectorKind kind, Action action) {
      counts[kind.ordinal() * ACTIONS + action.ordinal()]++;
      total++;
    }

    void addKeyRule(Action action) {
      counts[KEY_RULE_INDEX * ACTIONS + action.ordinal()]++;
      total++;
    }

    void addAll(Tally other) {
      for (int i = 0; i < counts.length; i++) {
        counts[i] += other.counts[i];
      }
      total += other.total;
    }

    RedactionCounts snapshot() {
      return total == 0 ? EMPTY : RedactionCounts.of(counts);
    }
  }
}
