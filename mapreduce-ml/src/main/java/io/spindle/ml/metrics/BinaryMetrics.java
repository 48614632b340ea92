package io.spindle.ml.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Accuracy, log-loss and AUC of probability scores against 0/1 labels. */
public final class BinaryMetrics {
  private double[] scores = new double[1024];
  private boolean[] positive = new boolean[1024];
  private int n;
  private int correct;
  private double logLoss;

  /** @param probability predicted probability of the positive class */
  public void add(double probability, float label) {
    if (n == scores.length) {
      scores = Arrays.copyOf(scores, n * 2);
      positive = Arrays.copyOf(positive, n * 2);
    }
    boolean pos = label > 0.5f;
    scores[n] = probability;
    positive[n++] = pos;
    if ((probability >= 0.5) == pos) {
      correct++;
    }
    double p = Math.min(1 - 1e-15, Math.max(1e-15, probability));
    logLoss -= pos ? Math.log(p) : Math.log(1 - p);
  }

  public int count() {
    return n;
  }

  public double accuracy() {
    return n == 0 ? Double.NaN : correct / (double) n;
  }

  public double logLoss() {
    return n == 0 ? Double.NaN : logLoss / n;
  }

  /** Area under the ROC curve by ranking (ties get the average rank). */
  public double auc() {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    double rankSumPositive = 0;
    long positives = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double averageRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (positive[order[k]]) {
          rankSumPositive += averageRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSumPositive - positives * (positives + 1) / 2.0) / (positives * (double) negatives);
  }

  /** The summary metrics under their names, with a prefix such as "test_". */
  public Map<String, Double> toMap(String prefix, boolean withLogLoss) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(prefix + "accuracy", accuracy());
    if (withLogLoss) {
      m.put(prefix + "logloss", logLoss());
    }
    m.put(prefix + "auc", auc());
    m.put(prefix + "count", (double) n);
    return m;
  }
}
