package io.mirador.benchmarks.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ledger against the store: every acknowledged span stored exactly once, unacknowledged ones at
 * most once, and acknowledged spans missing only where the disk budget was exhausted, exactly as
 * many as the agent counted dropped.
 */
record SoakVerdict(
    long sent,
    long acknowledged,
    long refused,
    long unanswered,
    long pending,
    long storedRows,
    long foreignRows,
    long acknowledgedStoredOnce,
    long acknowledgedMissingInBudgetWindows,
    long acknowledgedMissingElsewhere,
    long acknowledgedDuplicated,
    long unacknowledgedStoredOnce,
    long unacknowledgedDuplicated,
    long unansweredMissing,
    long agentDroppedInBudgetWindows,
    long agentDroppedElsewhere,
    List<String> examples,
    List<String> missingExamples) {

  /** A window in which the agent ran with the small budget: its start number and times. */
  record BudgetWindow(int agentStart, int fromMillis, int toMillis) {}

  private static final int EXAMPLES = 12;

  /**
   * Every acknowledged span not stored. Only the agent's drops may explain them, so the check is on
   * the total: a span the agent acknowledged before the budget window and dropped in it (it was
   * still queued) is a drop of the window, though it was answered before.
   */
  long acknowledgedMissing() {
    return acknowledgedMissingInBudgetWindows + acknowledgedMissingElsewhere;
  }

  /**
   * The agent's drop count against the ledger: every missing acknowledged span is one the agent
   * counted, and the agent counted no more than those plus the unanswered spans that are missing (a
   * request whose answer was lost to a timeout or to the agent's stop may have been queued, and
   * then dropped like any other; a refused one was not queued).
   */
  boolean dropsMatch() {
    return acknowledgedMissing() <= agentDroppedInBudgetWindows
        && agentDroppedInBudgetWindows <= acknowledgedMissing() + unansweredMissing;
  }

  boolean passed() {
    return acknowledgedDuplicated == 0
        && unacknowledgedDuplicated == 0
        && dropsMatch()
        && agentDroppedElsewhere == 0
        && foreignRows == 0
        && pending == 0;
  }

  static SoakVerdict of(
      SpanLedger ledger,
      StoredSpans.Counts stored,
      List<BudgetWindow> windows,
      long droppedInWindows,
      long droppedElsewhere) {
    long acked = 0;
    long refused = 0;
    long unanswered = 0;
    long pending = 0;
    long ackedOnce = 0;
    long missingInWindows = 0;
    long missingElsewhere = 0;
    long ackedDup = 0;
    long unackedOnce = 0;
    long unackedDup = 0;
    long unansweredMissing = 0;
    List<String> examples = new ArrayList<>();
    List<String> missingExamples = new ArrayList<>();
    int per = ledger.spansPerRequest();
    for (int r = 0; r < ledger.requestsSent(); r++) {
      SpanLedger.Outcome outcome = ledger.outcome(r);
      int answered = ledger.answeredMillis(r);
      switch (outcome) {
        case ACKNOWLEDGED -> acked += per;
        case REFUSED -> refused += per;
        case NO_ANSWER -> unanswered += per;
        case PENDING -> pending += per;
      }
      boolean inWindow = false;
      for (BudgetWindow w : windows) {
        inWindow |= answered >= w.fromMillis() && answered <= w.toMillis();
      }
      for (int i = 0; i < per; i++) {
        long spanId = ledger.spanId(r, i);
        int copies = stored.perSpan()[(int) ledger.spanNumber(spanId)];
        String problem = null;
        String missing = null;
        if (outcome == SpanLedger.Outcome.ACKNOWLEDGED) {
          if (copies == 1) {
            ackedOnce++;
          } else if (copies == 0 && inWindow) {
            missingInWindows++;
            missing = "acknowledged, not stored (answered inside a budget window)";
          } else if (copies == 0) {
            missingElsewhere++;
            missing = "acknowledged, not stored (answered outside the budget windows)";
          } else {
            ackedDup++;
            problem = "acknowledged, stored " + copies + " times";
          }
        } else if (copies == 0 && outcome == SpanLedger.Outcome.NO_ANSWER) {
          unansweredMissing++;
        } else if (copies == 1) {
          unackedOnce++;
        } else if (copies > 1) {
          unackedDup++;
          problem = "not acknowledged, stored " + copies + " times";
        }
        if (problem != null && examples.size() < EXAMPLES) {
          examples.add(example(spanId, r, outcome, answered, problem));
        }
        if (missing != null && missingExamples.size() < EXAMPLES) {
          missingExamples.add(example(spanId, r, outcome, answered, missing));
        }
      }
    }
    return new SoakVerdict(
        (long) ledger.requestsSent() * per,
        acked,
        refused,
        unanswered,
        pending,
        stored.rows(),
        stored.foreignRows(),
        ackedOnce,
        missingInWindows,
        missingElsewhere,
        ackedDup,
        unackedOnce,
        unackedDup,
        unansweredMissing,
        droppedInWindows,
        droppedElsewhere,
        List.copyOf(examples),
        List.copyOf(missingExamples));
  }

  private static String example(
      long spanId, int request, SpanLedger.Outcome outcome, int answered, String what) {
    return String.format(
        Locale.ROOT,
        "span %016x (request %d, %s at %.1f s): %s",
        spanId,
        request,
        outcome,
        answered / 1000.0,
        what);
  }

  String describe() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "spans sent %,d: acknowledged %,d, refused %,d, no answer %,d, pending %d%n"
                + "store: %,d span rows (%d not of this run)%n"
                + "acknowledged: %,d stored once, %,d missing (answered inside budget windows %,d,"
                + " outside %,d), %,d stored more than once%n"
                + "not acknowledged: %,d stored once, %,d stored more than once; unanswered and"
                + " not stored %,d%n"
                + "agent dropped (its log): %,d spans inside budget windows, %,d elsewhere;"
                + " %s%n"
                + "verdict: %s%n",
            sent,
            acknowledged,
            refused,
            unanswered,
            pending,
            storedRows,
            foreignRows,
            acknowledgedStoredOnce,
            acknowledgedMissing(),
            acknowledgedMissingInBudgetWindows,
            acknowledgedMissingElsewhere,
            acknowledgedDuplicated,
            unacknowledgedStoredOnce,
            unacknowledgedDuplicated,
            unansweredMissing,
            agentDroppedInBudgetWindows,
            agentDroppedElsewhere,
            dropsMatch()
                ? "matches: missing acknowledged <= dropped <= missing acknowledged + unanswered"
                    + " missing"
                : "DOES NOT MATCH the missing acknowledged spans",
            passed() ? "PASS" : "FAIL"));
    for (String e : examples) {
      out.append("  ").append(e).append('\n');
    }
    if (!dropsMatch()) {
      for (String e : missingExamples) {
        out.append("  ").append(e).append('\n');
      }
    }
    return out.toString();
  }
}
