package io.spindle.ml.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryMetricsTest {
  /** AUC by ranks against the definition: P(score of a positive > score of a negative), ties half. */
  @Test
  void aucMatchesPairCounting() {
    Random random = new Random(5);
    BinaryMetrics m = new BinaryMetrics();
    double[] s = new double[300];
    boolean[] y = new boolean[300];
    for (int i = 0; i < s.length; i++) {
      y[i] = random.nextBoolean();
      s[i] = Math.round((random.nextDouble() + (y[i] ? 0.3 : 0)) * 20) / 20.0;   // many ties
      m.add(s[i], y[i] ? 1 : 0);
    }
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < s.length; i++) {
      for (int j = 0; j < s.length; j++) {
        if (y[i] && !y[j]) {
          pairs++;
          wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
        }
      }
    }
    assertEquals(wins / pairs, m.auc(), 1e-12);
  }

  @Test
  void accuracyAndLogLoss() {
    BinaryMetrics m = new BinaryMetrics();
    m.add(0.9, 1);
    m.add(0.2, 0);
    m.add(0.6, 0);
    m.add(0.4, 1);
    assertEquals(0.5, m.accuracy());
    assertEquals(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.4)) / 4, m.logLoss(), 1e-12);
  }
}
