package io.mirador.rca.eval;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Accuracy of ranked root causes over a set of cases: AC@k is the share of cases whose true cause
 * is in the top k, Avg@5 the mean of AC@1 to AC@5. Cases that could not be evaluated are counted
 * apart and make the run's exit code 1. Shared by every {@code rca-eval} layout.
 */
public final class TopKAccuracy {
  private final int[] hitsAt = new int[6];
  private int cases;
  private int failures;

  /** Records one case; returns the top five it was judged on. */
  public List<String> record(String truth, List<String> ranked) {
    List<String> top5 = ranked.stream().limit(5).toList();
    int position = top5.indexOf(truth);
    for (int k = 1; k <= 5; k++) {
      if (position >= 0 && position < k) {
        hitsAt[k]++;
      }
    }
    cases++;
    return top5;
  }

  public void failed() {
    failures++;
  }

  public double acAt(int k) {
    return cases == 0 ? 0 : (double) hitsAt[k] / cases;
  }

  /** Prints {@code cases=N AC@1=X AC@3=Y Avg@5=Z}; returns the exit code of the run. */
  public int printSummary(PrintStream out) {
    if (cases == 0) {
      out.println("cases=0");
      return 1;
    }
    double avg5 = 0;
    for (int k = 1; k <= 5; k++) {
      avg5 += acAt(k);
    }
    out.printf(
        Locale.ROOT,
        "cases=%d AC@1=%.3f AC@3=%.3f Avg@5=%.3f%n",
        cases,
        acAt(1),
        acAt(3),
        avg5 / 5);
    return failures == 0 ? 0 : 1;
  }
}
