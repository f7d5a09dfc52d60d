package io.mirador.pii;

import io.mirador.pii.detect.DetectorKind;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How many redactions were applied, per signal, OTLP location, source (a detector, or {@value
 * #KEY_RULE} for key rules) and action. Immutable. On a resource the counts of its signal are the
 * {@code mirador.redaction.<source>.<action>.<location>} integer attributes ({@link
 * #attributeKey}); {@link #fromAttributes} reads them back, and also the two-part keys of agents
 * that counted before locations existed (location {@link Location#UNKNOWN}).
 */
public final class RedactionCounts {
  public static final String KEY_RULE = "key_rule";
  public static final String ATTRIBUTE_PREFIX = "mirador.redaction.";

  /** The OTLP signal a count belongs to. */
  public enum Signal {
    TRACES,
    LOGS,
    METRICS;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** {@code traces}, {@code logs} or {@code metrics}. */
    public String label() {
      return label;
    }
  }

  /** Where in an OTLP request a redaction was made. Names are stable: they are stored. */
  public enum Location {
    RESOURCE_ATTRIBUTE,
    SCOPE_ATTRIBUTE,
    SPAN_NAME,
    SPAN_ATTRIBUTE,
    /** An event's name or attributes. */
    SPAN_EVENT,
    SPAN_LINK,
    SPAN_STATUS,
    LOG_BODY,
    LOG_ATTRIBUTE,
    /** Data-point attributes of any metric type. */
    METRIC_ATTRIBUTE,
    EXEMPLAR_ATTRIBUTE,
    /** Counted by an agent that did not record locations (two-part attribute keys). */
    UNKNOWN;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The stored name, such as {@code span_attribute}. */
    public String label() {
      return label;
    }

    public static Optional<Location> fromLabel(String label) {
      for (Location l : values()) {
        if (l.label.equals(label)) {
          return Optional.of(l);
        }
      }
      return Optional.empty();
    }
  }

  static final int SOURCES = DetectorKind.values().length + 1;
  static final int KEY_RULE_INDEX = SOURCES - 1;
  static final int ACTIONS = Action.values().length;
  static final int LOCATIONS = Location.values().length;
  static final int SIGNALS = Signal.values().length;

  /** Cells of one signal: location-major, then source, then action. */
  static final int PER_SIGNAL = LOCATIONS * SOURCES * ACTIONS;

  static final int CELLS = SIGNALS * PER_SIGNAL;
  private static final String[] SOURCE_NAMES = sourceNames();
  private static final String[] ATTRIBUTE_KEYS = attributeKeys();
  private static final RedactionCounts EMPTY = new RedactionCounts(new long[CELLS]);

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

  /** Cell of {@code (signal, location, source, action)}. */
  static int index(int signal, int location, int source, int action) {
    return ((signal * LOCATIONS + location) * SOURCES + source) * ACTIONS + action;
  }

  /** A detector's findings with {@code action}, over every signal and location. */
  public long get(DetectorKind kind, Action action) {
    return sum(kind.ordinal(), action.ordinal());
  }

  /** Key-rule redactions with {@code action}, over every signal and location. */
  public long keyRule(Action action) {
    return sum(KEY_RULE_INDEX, action.ordinal());
  }

  /** One cell. */
  public long get(Signal signal, Location location, DetectorKind kind, Action action) {
    return counts[index(signal.ordinal(), location.ordinal(), kind.ordinal(), action.ordinal())];
  }

  private long sum(int source, int action) {
    long t = 0;
    for (int s = 0; s < SIGNALS; s++) {
      for (int l = 0; l < LOCATIONS; l++) {
        t += counts[index(s, l, source, action)];
      }
    }
    return t;
  }

  public long total() {
    long t = 0;
    for (long c : counts) {
      t += c;
    }
    return t;
  }

  public boolean isEmpty() {
    return this == EMPTY || total() == 0;
  }

  /** One non-zero cell. {@code source} is a detector's config name or {@value #KEY_RULE}. */
  public record Entry(Signal signal, Location location, String source, Action action, long count) {}

  /** The non-zero cells, in signal, location, source, action order. */
  public List<Entry> entries() {
    List<Entry> out = new ArrayList<>();
    for (int s = 0; s < SIGNALS; s++) {
      for (int l = 0; l < LOCATIONS; l++) {
        for (int src = 0; src < SOURCES; src++) {
          for (int a = 0; a < ACTIONS; a++) {
            long c = counts[index(s, l, src, a)];
            if (c != 0) {
              out.add(
                  new Entry(
                      Signal.values()[s],
                      Location.values()[l],
                      SOURCE_NAMES[src],
                      Action.values()[a],
                      c));
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * Non-zero counts keyed like their resource attributes ({@code
   * mirador.redaction.email.hash.span_attribute}), summed over signals.
   */
  public Map<String, Long> asMap() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (int s = 0; s < SIGNALS; s++) {
      for (int cell = 0; cell < PER_SIGNAL; cell++) {
        long c = counts[s * PER_SIGNAL + cell];
        if (c != 0) {
          m.merge(ATTRIBUTE_KEYS[cell], c, Long::sum);
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

  /** The resource attribute of a cell within one signal ({@code cell < PER_SIGNAL}). */
  static String attributeKey(int cell) {
    return ATTRIBUTE_KEYS[cell];
  }

  private static String[] sourceNames() {
    String[] names = new String[SOURCES];
    for (DetectorKind k : DetectorKind.values()) {
      names[k.ordinal()] = k.configName();
    }
    names[KEY_RULE_INDEX] = KEY_RULE;
    return names;
  }

  private static String[] attributeKeys() {
    String[] keys = new String[PER_SIGNAL];
    for (Location l : Location.values()) {
      for (int s = 0; s < SOURCES; s++) {
        for (Action a : Action.values()) {
          keys[index(0, l.ordinal(), s, a.ordinal())] =
              ATTRIBUTE_PREFIX + SOURCE_NAMES[s] + "." + a.configName() + "." + l.label();
        }
      }
    }
    return keys;
  }

  // ---------------------------------------------------------------------------------------------
  // Reading the counts back from a resource

  /**
   * The counts carried by a resource's {@code mirador.redaction.*} attributes, for {@code signal}.
   * Attributes come from the sender, so they are checked: a key that names no known source, action
   * or location, or a value that is not a non-negative integer, is left out and counted in {@link
   * Parsed#rejected()}. Counts saturate at {@link Long#MAX_VALUE}.
   */
  public static Parsed fromAttributes(List<KeyValue> attributes, Signal signal) {
    long[] cells = null;
    int rejected = 0;
    for (KeyValue kv : attributes) {
      String key = kv.getKey();
      if (!key.startsWith(ATTRIBUTE_PREFIX)) {
        continue;
      }
      int cell = cellOf(key);
      AnyValue v = kv.getValue();
      if (cell < 0 || !v.hasIntValue() || v.getIntValue() < 0) {
        rejected++;
        continue;
      }
      if (cells == null) {
        cells = new long[CELLS];
      }
      int at = signal.ordinal() * PER_SIGNAL + cell;
      long sum = cells[at] + v.getIntValue();
      cells[at] = sum < 0 ? Long.MAX_VALUE : sum;
    }
    return new Parsed(cells == null ? EMPTY : new RedactionCounts(cells), rejected);
  }

  /** What {@link #fromAttributes} read, and how many counter attributes it refused. */
  public record Parsed(RedactionCounts counts, int rejected) {}

  /** The cell (within one signal) a counter key names, or -1. */
  static int cellOf(String key) {
    int sourceEnd = key.indexOf('.', ATTRIBUTE_PREFIX.length());
    if (sourceEnd < 0) {
      return -1;
    }
    int actionEnd = key.indexOf('.', sourceEnd + 1);
    int source = sourceIndex(key.substring(ATTRIBUTE_PREFIX.length(), sourceEnd));
    Optional<Action> action =
        Action.fromConfigName(
            key.substring(sourceEnd + 1, actionEnd < 0 ? key.length() : actionEnd));
    Optional<Location> location =
        actionEnd < 0
            ? Optional.of(Location.UNKNOWN)
            : Location.fromLabel(key.substring(actionEnd + 1));
    if (source < 0 || action.isEmpty() || location.isEmpty()) {
      return -1;
    }
    return index(0, location.get().ordinal(), source, action.get().ordinal());
  }

  private static int sourceIndex(String name) {
    for (int s = 0; s < SOURCES; s++) {
      if (SOURCE_NAMES[s].equals(name)) {
        return s;
      }
    }
    return -1;
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
    return "RedactionCounts" + entries();
  }

  /**
   * Mutable accumulator used while walking one message: the walker sets the signal and location
   * before each part, and the redactor adds findings to them. Not thread-safe. The cells are
   * allocated on the first count, so a message without PII costs no array.
   */
  static final class Tally {
    long[] counts;
    long total;
    private int signal;
    private int location = Location.UNKNOWN.ordinal();

    Tally() {}

    Tally(Signal signal) {
      this.signal = signal.ordinal();
    }

    Tally at(Location where) {
      this.location = where.ordinal();
      return this;
    }

    private long[] cells() {
      if (counts == null) {
        counts = new long[CELLS];
      }
      return counts;
    }

    void add(DetectorKind kind, Action action) {
      cells()[index(signal, location, kind.ordinal(), action.ordinal())]++;
      total++;
    }

    void addKeyRule(Action action) {
      cells()[index(signal, location, KEY_RULE_INDEX, action.ordinal())]++;
      total++;
    }

    void addAll(Tally other) {
      if (other.total == 0) {
        return;
      }
      long[] mine = cells();
      for (int i = 0; i < mine.length; i++) {
        mine[i] += other.counts[i];
      }
      total += other.total;
    }

    RedactionCounts snapshot() {
      return total == 0 ? EMPTY : RedactionCounts.of(counts);
    }
  }
}
