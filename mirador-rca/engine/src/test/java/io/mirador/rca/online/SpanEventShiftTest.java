package io.mirador.rca.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.rca.PatternShift;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanEventShiftTest {
  private static final Instant M0 = Instant.parse("2026-11-21T08:00:00Z");
  private static final Instant M1 = M0.plusSeconds(60);

  @Test
  void sumsSpansPerOperationAndEventOverEachWindow() {
    List<PatternShift.Counts> counts =
        SpanEventShift.counts(
            List.of(
                new OperationSpansMinute("carts", "GET /cart", M0, 40),
                new OperationSpansMinute("carts", "GET /cart", M1, 60)),
            List.of(
                new SpanEventMinute("carts", "GET /cart", "call db SELECT", M0, 40),
                new SpanEventMinute("carts", "GET /cart", "call db SELECT", M1, 60)),
            List.of(new OperationSpansMinute("carts", "GET /cart", M1, 30)),
            List.of(new SpanEventMinute("carts", "GET /cart", "log 17 timeout", M1, 30)));

    assertThat(counts)
        .containsExactly(
            new PatternShift.Counts("carts", "GET /cart", "call db SELECT", 100, 100, 30, 0),
            new PatternShift.Counts("carts", "GET /cart", "log 17 timeout", 100, 0, 30, 30));
    assertThat(SpanEventShift.scores(counts).get("carts")).isGreaterThan(3);
  }

  @Test
  void anEventIsNeverInMoreSpansThanItsOperationHad() {
    // The core counts an operation's spans per span kind; the event's count bounds them from below.
    List<PatternShift.Counts> counts =
        SpanEventShift.counts(
            List.of(),
            List.of(new SpanEventMinute("a", "op", "call b x", M0, 7)),
            List.of(new OperationSpansMinute("a", "op", M1, 2)),
            List.of(new SpanEventMinute("a", "op", "call b x", M1, 5)));

    assertThat(counts).containsExactly(new PatternShift.Counts("a", "op", "call b x", 7, 7, 5, 5));
  }

  @Test
  void operationsWithTooFewSpansDoNotScore() {
    List<PatternShift.Counts> counts =
        SpanEventShift.counts(
            List.of(new OperationSpansMinute("a", "op", M0, 2)),
            List.of(new SpanEventMinute("a", "op", "call b x", M0, 2)),
            List.of(new OperationSpansMinute("a", "op", M1, 2)),
            List.of());

    assertThat(SpanEventShift.scores(counts)).doesNotContainKey("a");
  }
}
