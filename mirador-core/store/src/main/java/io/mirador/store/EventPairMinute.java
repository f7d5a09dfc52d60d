package io.mirador.store;

import static java.util.Objects.requireNonNull;

/**
 * How often, in spans of one service started in one minute, event {@code source} was directly
 * followed by event {@code target}. A span's events, in time order, are {@code start <operation>},
 * the log records written inside it ({@code log <severity number> <pattern>}, the pattern as in
 * {@link LogPatternMinute}), its own span events ({@code event <name>}), and {@code end
 * <operation>}. Duplicate spans (same trace and span id) and duplicate log records (same span, time
 * and pattern) count once.
 *
 * <p>Summed over the targets of one source, it is how often the source happened; the share of one
 * target is what the code does next after that event. A fault in the code (an exception, a wrong
 * return value) changes that share at the service where it runs, whatever the mix of requests.
 */
public record EventPairMinute(
    String service, String source, String target, long minuteStartUnixNano, long count) {
  public EventPairMinute {
    requireNonNull(service, "service");
    requireNonNull(source, "source");
    requireNonNull(target, "target");
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
  }
}
