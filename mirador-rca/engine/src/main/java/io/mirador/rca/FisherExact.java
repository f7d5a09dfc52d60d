package io.mirador.rca;

import org.apache.commons.math3.special.Gamma;

/**
 * Fisher's exact test of a 2x2 table (with and without an event, in the baseline and the window):
 * the exact probability, given both margins, of a table at most as likely as the observed one.
 * Right for small counts, where the two-proportion z statistic's normal approximation is not.
 */
public final class FisherExact {
  /** Two-sided p of a three-sigma normal deviation: the same alarm level as |z| >= 3. */
  public static final double THREE_SIGMA_P = 0.0026997960632601866;

  /** Relative slack when comparing table probabilities, as R's fisher.test. */
  private static final double SLACK = 1e-7;

  private FisherExact() {}

  /**
   * Natural log of the two-sided p-value of the table {@code [[a, b], [c, d]]} (rows: windows;
   * columns: with, without the event).
   */
  public static double logTwoSidedP(long a, long b, long c, long d) {
    if (a < 0 || b < 0 || c < 0 || d < 0) {
      throw new IllegalArgumentException("counts must be >= 0");
    }
    long row1 = a + b;
    long row2 = c + d;
    long col1 = a + c;
    long n = row1 + row2;
    if (row1 == 0 || row2 == 0 || col1 == 0 || col1 == n) {
      return 0;
    }
    long lo = Math.max(0, col1 - row2);
    long hi = Math.min(row1, col1);
    double constant =
        logFactorial(row1)
            + logFactorial(row2)
            + logFactorial(col1)
            + logFactorial(n - col1)
            - logFactorial(n);
    double observed = logProbability(a, row1, row2, col1, constant);
    double limit = observed + Math.log1p(SLACK);
    // log-sum-exp over the tables no more likely than the observed one
    double max = Double.NEGATIVE_INFINITY;
    double[] kept = new double[(int) (hi - lo + 1)];
    int count = 0;
    for (long x = lo; x <= hi; x++) {
      double lp = logProbability(x, row1, row2, col1, constant);
      if (lp <= limit) {
        kept[count++] = lp;
        max = Math.max(max, lp);
      }
    }
    double sum = 0;
    for (int i = 0; i < count; i++) {
      sum += Math.exp(kept[i] - max);
    }
    return Math.min(0, max + Math.log(sum));
  }

  private static double logProbability(long x, long row1, long row2, long col1, double constant) {
    return constant
        - logFactorial(x)
        - logFactorial(row1 - x)
        - logFactorial(col1 - x)
        - logFactorial(row2 - col1 + x);
  }

  private static double logFactorial(long k) {
    return Gamma.logGamma(k + 1.0);
  }
}
