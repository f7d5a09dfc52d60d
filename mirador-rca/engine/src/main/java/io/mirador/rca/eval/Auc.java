package io.mirador.rca.eval;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Comparator;

/** Area under the ROC curve as the Mann-Whitney statistic, ties counted as one half. */
final class Auc {
  private Auc() {}

  static double of(double[] scores, boolean[] positive) {
    requireNonNull(scores, "scores");
    requireNonNull(positive, "positive");
    if (scores.length != positive.length) {
      throw new IllegalArgumentException(
          scores.length + " scores but " + positive.length + " labels");
    }
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("score " + i + " is NaN");
      }
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    double positiveRankSum = 0;
    long positives = 0;
    for (int start = 0; start < n; ) {
      int end = start;
      while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) {
        end++;
      }
      double averageRank = (start + end) / 2.0 + 1;
      for (int k = start; k <= end; k++) {
        if (positive[order[k]]) {
          positiveRankSum += averageRank;
          positives++;
        }
      }
      start = end + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException("AUC needs both classes");
    }
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }
}
