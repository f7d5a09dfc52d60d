package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

import io.mirador.rca.PatternShift;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per operation and event: spans with the event and all spans of the operation, summed over the
 * baseline and over the window, as {@link PatternShift.Counts} (operation = the span name). What an
 * operation calls or logs changes with a fault in its code before its latency does.
 */
public final class SpanEventShift {
  /** Fewest spans of an operation in each window for its events to count. */
  public static final long MIN_SPANS = 3;

  private SpanEventShift() {}

  public static List<PatternShift.Counts> counts(
      List<OperationSpansMinute> baselineOperations,
      List<SpanEventMinute> baselineEvents,
      List<OperationSpansMinute> incidentOperations,
      List<SpanEventMinute> incidentEvents) {
    requireNonNull(baselineOperations, "baselineOperations");
    requireNonNull(baselineEvents, "baselineEvents");
    requireNonNull(incidentOperations, "incidentOperations");
    requireNonNull(incidentEvents, "incidentEvents");
    Map<List<String>, long[]> spans = new HashMap<>();
    add(spans, baselineOperations, 0);
    add(spans, incidentOperations, 1);
    Map<List<String>, long[]> withEvent = new TreeMap<>(Comparator.comparing(List::toString));
    addEvents(withEvent, baselineEvents, 0);
    addEvents(withEvent, incidentEvents, 1);
    List<PatternShift.Counts> out = new ArrayList<>(withEvent.size());
    withEvent.forEach(
        (key, n) -> {
          long[] total = spans.getOrDefault(key.subList(0, 2), new long[2]);
          // The core counts an operation's spans per span kind as well; an event cannot be in
          // more spans than the operation had.
          out.add(
              new PatternShift.Counts(
                  key.get(0),
                  key.get(1),
                  key.get(2),
                  Math.max(total[0], n[0]),
                  n[0],
                  Math.max(total[1], n[1]),
                  n[1]));
        });
    return out;
  }

  /** Each service's largest |z| over operations with at least {@link #MIN_SPANS} in each window. */
  public static Map<String, Double> scores(List<PatternShift.Counts> counts) {
    return PatternShift.scores(counts, MIN_SPANS);
  }

  private static void add(Map<List<String>, long[]> spans, List<OperationSpansMinute> ops, int i) {
    for (OperationSpansMinute m : ops) {
      spans.computeIfAbsent(List.of(m.service(), m.operation()), k -> new long[2])[i] += m.spans();
    }
  }

  private static void addEvents(
      Map<List<String>, long[]> withEvent, List<SpanEventMinute> events, int i) {
    for (SpanEventMinute e : events) {
      withEvent
              .computeIfAbsent(List.of(e.service(), e.operation(), e.event()), k -> new long[2])[
              i] +=
          e.spans();
    }
  }
}
