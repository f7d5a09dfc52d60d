package io.mirador.benchmarks.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The ledger's arithmetic and the verdict's rules, on hand-made store counts. */
class SoakVerdictTest {
  private static final List<SoakVerdict.BudgetWindow> WINDOW =
      List.of(new SoakVerdict.BudgetWindow(3, 1_000, 2_000));

  /** Four requests of 10 spans: acknowledged at 500 ms, in the window, refused, unanswered. */
  private static SpanLedger ledger() {
    SpanLedger ledger = new SpanLedger(0x1234, 10, 8);
    ledger.answer(ledger.nextRequest(), SpanLedger.Outcome.ACKNOWLEDGED, 500);
    ledger.answer(ledger.nextRequest(), SpanLedger.Outcome.ACKNOWLEDGED, 1_500);
    ledger.answer(ledger.nextRequest(), SpanLedger.Outcome.REFUSED, 1_600);
    ledger.answer(ledger.nextRequest(), SpanLedger.Outcome.NO_ANSWER, 1_700);
    return ledger;
  }

  /** Acknowledged spans stored once, the others not stored. */
  private static byte[] clean() {
    byte[] counts = new byte[40];
    for (int i = 0; i < 20; i++) {
      counts[i] = 1;
    }
    return counts;
  }

  private static SoakVerdict verdict(
      SpanLedger ledger, byte[] counts, long dropped, long elsewhere) {
    return SoakVerdict.of(ledger, new StoredSpans.Counts(counts, 0, 0), WINDOW, dropped, elsewhere);
  }

  @Test
  void spanIdsMapBackToTheirRequestAndNumber() {
    SpanLedger ledger = ledger();
    long id = ledger.spanId(2, 7);
    assertThat(id >>> 48).isEqualTo(0x1234);
    assertThat(ledger.requestOf(id)).isEqualTo(2);
    assertThat(ledger.spanNumber(id)).isEqualTo(27);
    assertThat(ledger.requestOf(ledger.spanId(2, 7) ^ (1L << 50)))
        .as("another run's tag")
        .isEqualTo(-1);
    assertThat(ledger.requestOf(ledger.spanId(4, 0))).as("never sent").isEqualTo(-1);
  }

  @Test
  void cleanRunPasses() {
    SoakVerdict v = verdict(ledger(), clean(), 0, 0);
    assertThat(v.passed()).as(v.describe()).isTrue();
    assertThat(v.acknowledged()).isEqualTo(20);
    assertThat(v.refused()).isEqualTo(10);
    assertThat(v.unanswered()).isEqualTo(10);
    assertThat(v.acknowledgedStoredOnce()).isEqualTo(20);
  }

  @Test
  void anAcknowledgedSpanStoredTwiceFails() {
    byte[] counts = clean();
    counts[3] = 2;
    SoakVerdict v = verdict(ledger(), counts, 0, 0);
    assertThat(v.acknowledgedDuplicated()).isEqualTo(1);
    assertThat(v.passed()).isFalse();
    assertThat(v.examples()).singleElement().asString().contains("stored 2 times");
  }

  @Test
  void anUnacknowledgedSpanStoredOnceIsFineTwiceFails() {
    byte[] counts = clean();
    counts[35] = 1;
    assertThat(verdict(ledger(), counts, 0, 0).passed()).isTrue();
    counts[35] = 2;
    assertThat(verdict(ledger(), counts, 0, 0).unacknowledgedDuplicated()).isEqualTo(1);
    assertThat(verdict(ledger(), counts, 0, 0).passed()).isFalse();
  }

  @Test
  void missingAcknowledgedSpansPassOnlyWhenTheAgentCountedThemDropped() {
    byte[] counts = clean();
    for (int i = 10; i < 20; i++) {
      counts[i] = 0; // the request answered inside the budget window
    }
    assertThat(verdict(ledger(), counts, 0, 0).passed()).as("lost, nothing dropped").isFalse();
    assertThat(verdict(ledger(), counts, 9, 0).passed()).as("one more lost than dropped").isFalse();
    assertThat(verdict(ledger(), counts, 10, 0).passed()).isTrue();
    // The unanswered request (10 spans, not stored) may have been queued and dropped as well.
    assertThat(verdict(ledger(), counts, 20, 0).passed()).isTrue();
    assertThat(verdict(ledger(), counts, 21, 0).passed()).as("more dropped than missing").isFalse();
  }

  @Test
  void dropsOutsideABudgetWindowFail() {
    assertThat(verdict(ledger(), clean(), 0, 1).passed()).isFalse();
  }

  @Test
  void foreignRowsAndUnansweredRequestsFail() {
    SoakVerdict foreign =
        SoakVerdict.of(ledger(), new StoredSpans.Counts(clean(), 1, 0), WINDOW, 0, 0);
    assertThat(foreign.passed()).isFalse();
    SpanLedger pending = ledger();
    pending.nextRequest();
    byte[] counts = new byte[50];
    System.arraycopy(clean(), 0, counts, 0, 40);
    assertThat(verdict(pending, counts, 0, 0).pending()).isEqualTo(10);
    assertThat(verdict(pending, counts, 0, 0).passed()).isFalse();
  }

  @Test
  void faultPlansParseAndRefuseNonsense() {
    assertThat(FaultPlan.parse("core-pause@55:60,agent-kill@10").faults())
        .extracting(FaultPlan.Fault::toString)
        .containsExactly("agent-kill@10", "core-pause@55:60");
    assertThat(FaultPlan.ci().faults()).hasSize(4);
    assertThat(FaultPlan.parse("none").faults()).isEmpty();
    assertThatThrownBy(() -> FaultPlan.parse("core-pause@55"))
        .hasMessageContaining("give its duration");
    assertThatThrownBy(() -> FaultPlan.parse("reboot@5")).hasMessageContaining("fault kind");
    assertThatThrownBy(() -> FaultPlan.parse("agent-kill@soon"))
        .hasMessageContaining("whole seconds");
  }
}
