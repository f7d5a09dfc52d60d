package io.mirador.core.service.query;

import io.mirador.pii.OtlpRedactor;
import io.mirador.pii.RedactionCounts;
import io.mirador.store.StoredText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a tenant's redactor over stored values and keeps what it would still redact, per detector,
 * signal, location and attribute key: counts and up to {@link #MAX_EXAMPLES} places (trace and span
 * ids, timestamps) per row, never the value or any part of it. At most {@link #MAX_ROWS} rows: keys
 * are the sender's, so matches under further keys are counted in one row with key {@value
 * #OTHER_KEYS}. Not thread-safe; one per scan.
 */
final class PrivacyScan implements Consumer<StoredText> {
  static final int MAX_EXAMPLES = 5;
  static final int MAX_ROWS = 1_000;
  static final int MAX_KEY = 256;
  static final String OTHER_KEYS = "*";

  private final OtlpRedactor redactor;
  private final Map<Key, Match> matches = new LinkedHashMap<>();

  PrivacyScan(OtlpRedactor redactor) {
    this.redactor = redactor;
  }

  private record Key(String detector, String signal, String location, String key) {}

  /** Where a match was found: ids of a span, or the time of a log record or data point. */
  record Example(String traceId, String spanId, Instant timestamp) {}

  /** The matches of one detector at one signal, location and key. */
  static final class Match {
    final String detector;
    final String signal;
    final String location;
    final String key;
    long count;
    final List<Example> examples = new ArrayList<>(MAX_EXAMPLES);

    Match(Key k) {
      this.detector = k.detector();
      this.signal = k.signal();
      this.location = k.location();
      this.key = k.key();
    }

    @Override
    public String toString() {
      return detector + " " + signal + " " + location + " " + key + " x" + count;
    }
  }

  @Override
  public void accept(StoredText text) {
    RedactionCounts.Signal signal = signal(text.signal());
    RedactionCounts.Location location =
        RedactionCounts.Location.fromLabel(text.location())
            .orElse(RedactionCounts.Location.UNKNOWN);
    RedactionCounts found = redactor.audit(signal, location, text.key(), text.value());
    if (found.isEmpty()) {
      return;
    }
    for (RedactionCounts.Entry e : found.entries()) {
      Match m = match(new Key(e.source(), text.signal(), text.location(), key(text.key())));
      m.count += e.count();
      if (m.examples.size() < MAX_EXAMPLES) {
        m.examples.add(example(text));
      }
    }
  }

  private Match match(Key k) {
    Match m = matches.get(k);
    if (m == null) {
      Key stored =
          matches.size() < MAX_ROWS - 1
              ? k
              : new Key(k.detector(), k.signal(), k.location(), OTHER_KEYS);
      m = matches.computeIfAbsent(stored, Match::new);
    }
    return m;
  }

  /** The rows, most matches first. */
  List<Match> matches() {
    List<Match> out = new ArrayList<>(matches.values());
    out.sort(
        Comparator.comparingLong((Match m) -> -m.count)
            .thenComparing(m -> m.detector)
            .thenComparing(m -> m.signal)
            .thenComparing(m -> m.location)
            .thenComparing(m -> m.key == null ? "" : m.key));
    return out;
  }

  private static String key(String key) {
    if (key == null || key.length() <= MAX_KEY) {
      return key;
    }
    return key.substring(0, MAX_KEY) + "...";
  }

  private static Example example(StoredText text) {
    Instant time =
        Instant.ofEpochSecond(
            Math.floorDiv(text.timeNanos(), 1_000_000_000L),
            Math.floorMod(text.timeNanos(), 1_000_000_000L));
    return new Example(
        text.traceId().isEmpty() ? null : text.traceId(),
        text.spanId().isEmpty() ? null : text.spanId(),
        time);
  }

  private static RedactionCounts.Signal signal(String label) {
    return switch (label) {
      case "traces" -> RedactionCounts.Signal.TRACES;
      case "logs" -> RedactionCounts.Signal.LOGS;
      default -> RedactionCounts.Signal.METRICS;
    };
  }
}
