package io.spindle.ml.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetricStatsTest {
  /** AUC against the definition: P(score of a positive > score of a negative), ties half. */
  @Test
  void aucMatchesPairCounting() throws Exception {
    Random random = new Random(5);
    MetricStats m = new MetricStats(MetricStats.Kind.BINARY, true);
    double[] s = new double[300];
    boolean[] y = new boolean[300];
    for (int i = 0; i < s.length; i++) {
      y[i] = random.nextBoolean();
      s[i] = Math.round((random.nextDouble() * 0.7 + (y[i] ? 0.3 : 0)) * 20) / 20.0;   // many ties, distinct bins
      m.addBinary(s[i], y[i] ? 1 : 0);
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
    assertEquals(wins / pairs, overTheWire(m).auc(), 1e-12, "the histograms survive the wire");
  }

  /**
   * A confident model's scores, all within 0.001 of 1 and ordered by class: bins of probability
   * would hold them all in one and call the ranking a coin toss (0.5); bins of log-odds see it.
   */
  @Test
  void aucSeesTheOrderOfConfidentScores() {
    MetricStats m = new MetricStats(MetricStats.Kind.BINARY, true);
    for (int i = 0; i < 100; i++) {
      m.addBinary(1 - 1e-6 * (1 + i % 10), 1);      // positives: 1 - 1e-6 .. 1 - 1e-5
      m.addBinary(1 - 1e-4 * (1 + i % 10), 0);      // negatives: 1 - 1e-4 .. 1 - 1e-3
    }
    assertEquals(1.0, m.auc(), 1e-12);
    assertTrue(MetricStats.bin(0.5) != MetricStats.bin(0.501), "a thousandth apart around 0.5: two bins");
    assertEquals(0, MetricStats.bin(0));
    assertEquals(MetricStats.BINS - 1, MetricStats.bin(1));
  }

  @Test
  void accuracyAndLogLoss() {
    MetricStats m = new MetricStats(MetricStats.Kind.BINARY, true);
    m.addBinary(0.9, 1);
    m.addBinary(0.2, 0);
    m.addBinary(0.6, 0);
    m.addBinary(0.4, 1);
    Map<String, Double> out = m.toMap("test_");
    assertEquals(0.5, out.get("test_accuracy"));
    assertEquals(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.4)) / 4, out.get("test_logloss"), 1e-12);
  }

  /** A diverged model's NaN predictions are never right, and leave no AUC or log-loss to report. */
  @Test
  void nanPredictionsAreWrongAndUndefined() throws Exception {
    MetricStats m = new MetricStats(MetricStats.Kind.BINARY, true);
    m.addBinary(0.9, 1);
    m.addBinary(Double.NaN, 0);
    m.addBinary(0.2, 0);
    Map<String, Double> metrics = overTheWire(m).toMap("test_");
    assertEquals(2 / 3.0, metrics.get("test_accuracy"), 1e-12);
    assertTrue(Double.isNaN(metrics.get("test_auc")), metrics.toString());
    assertTrue(Double.isNaN(metrics.get("test_logloss")), metrics.toString());
    MetricStats classes = new MetricStats(MetricStats.Kind.MULTICLASS, true);
    classes.addClass(Double.NaN, true);
    assertEquals(0.0, classes.toMap("test_").get("test_accuracy"));
  }

  /** The statistics as a reducer receives them. */
  private static MetricStats overTheWire(MetricStats sent) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    sent.write(new DataOutputStream(bytes));
    MetricStats received = new MetricStats();
    received.readFields(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    return received;
  }

  @Test
  void mergingSplitsEqualsOnePassAndSurvivesTheWire() throws Exception {
    Random random = new Random(9);
    MetricStats whole = new MetricStats(MetricStats.Kind.MULTICLASS, true);
    MetricStats a = new MetricStats(MetricStats.Kind.MULTICLASS, true);
    MetricStats b = new MetricStats(MetricStats.Kind.MULTICLASS, true);
    for (int i = 0; i < 100; i++) {
      double p = random.nextDouble();
      boolean right = random.nextBoolean();
      whole.addClass(p, right);
      (i % 3 == 0 ? a : b).addClass(p, right);
    }
    MetricStats merged = new MetricStats();
    merged.merge(a);
    merged.merge(overTheWire(b));
    Map<String, Double> expected = whole.toMap("");
    Map<String, Double> got = merged.toMap("");
    assertEquals(expected.keySet(), got.keySet());
    for (String key : expected.keySet()) {
      assertEquals(expected.get(key), got.get(key), 1e-9, key);
    }
  }

  @Test
  void regressionAndClustering() {
    MetricStats r = new MetricStats(MetricStats.Kind.REGRESSION, false);
    r.addRegression(3, 1);
    r.addRegression(1, 2);
    assertEquals(Math.sqrt(2.5), r.toMap("test_").get("test_rmse"), 1e-12);
    assertEquals(1.5, r.toMap("test_").get("test_mae"), 1e-12);
    MetricStats c = new MetricStats(MetricStats.Kind.CLUSTERING, false);
    c.addCost(2);
    c.addCost(4);
    assertEquals(6, c.toMap("test_").get("test_cost"), 1e-12);
  }
}
