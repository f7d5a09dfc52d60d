package io.mirador.rca.lab.score;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The scored period minus every fault's attribution span (from {@link #BEFORE} before its start to
 * {@link Detection#WINDOW} after it): a finding whose incident began in this time is false. The
 * span is the engine's detection-eval rule, so lab and replay figures mean the same.
 */
public final class QuietTime {
  /** A fault's attribution span begins this long before its start (the loop's own minute). */
  public static final Duration BEFORE = Duration.ofMinutes(2);

  private record Span(Instant from, Instant to) {}

  private final Instant from;
  private final Instant to;
  private final List<Span> busy;

  /** Quiet time in [from, to) around {@code cases}. */
  public QuietTime(Instant from, Instant to, Collection<LabCase> cases) {
    this.from = from;
    this.to = to.isBefore(from) ? from : to;
    List<Span> spans = new ArrayList<>();
    cases.stream()
        .sorted(Comparator.comparing(LabCase::start))
        .forEach(
            c -> {
              Span s = new Span(c.start().minus(BEFORE), c.start().plus(Detection.WINDOW));
              if (!spans.isEmpty() && !s.from().isAfter(spans.getLast().to())) {
                Span last = spans.removeLast();
                spans.add(new Span(last.from(), max(last.to(), s.to())));
              } else {
                spans.add(s);
              }
            });
    this.busy = List.copyOf(spans);
  }

  public boolean isQuiet(Instant at) {
    if (at.isBefore(from) || !at.isBefore(to)) {
      return false;
    }
    return busy.stream().noneMatch(s -> !at.isBefore(s.from()) && at.isBefore(s.to()));
  }

  /** The quiet time's length. */
  public Duration length() {
    Duration total = Duration.between(from, to);
    for (Span s : busy) {
      Instant a = max(s.from(), from);
      Instant b = min(s.to(), to);
      if (a.isBefore(b)) {
        total = total.minus(Duration.between(a, b));
      }
    }
    return total;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
