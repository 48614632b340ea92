package io.spindle.ml.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spindle.ml.data.Examples;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearObjectiveTest {
  private static final int FEATURES = 30;

  private static Examples randomExamples(Random random, int n, boolean binary) {
    Examples data = new Examples();
    for (int i = 0; i < n; i++) {
      int k = 1 + random.nextInt(6);
      int[] idx = random.ints(0, FEATURES).distinct().limit(k).sorted().toArray();
      float[] val = new float[idx.length];
      for (int j = 0; j < val.length; j++) {
        val[j] = (float) random.nextGaussian();
      }
      float label = binary ? random.nextInt(2) : (float) random.nextGaussian();
      data.add(label, idx, val, idx.length);
    }
    return data;
  }

  /** Every loss's gradient against central finite differences of the objective, in double precision. */
  @Test
  void gradientsMatchFiniteDifferences() {
    for (Loss loss : Loss.values()) {
      Random random = new Random(loss.ordinal());
      Examples data = randomExamples(random, 40, loss != Loss.SQUARED);
      int[] order = new int[data.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      LinearObjective objective = new LinearObjective(loss, 0.01, FEATURES);
      long[] keys = objective.touched(data, order, 0, data.size());
      float[] w = new float[keys.length];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (0.3 * random.nextGaussian());
      }
      float[] gradient = new float[keys.length];
      objective.lossAndGradient(data, order, 0, data.size(), keys, w, gradient);
      for (int c = 0; c < keys.length; c++) {
        double h = 1e-3;
        float[] plus = w.clone();
        float[] minus = w.clone();
        plus[c] += (float) h;
        minus[c] -= (float) h;
        float[] scratch = new float[keys.length];
        double numeric = (objective.lossAndGradient(data, order, 0, data.size(), keys, plus, scratch)
            - objective.lossAndGradient(data, order, 0, data.size(), keys, minus, scratch)) / (plus[c] - minus[c]);
        // The hinge is not differentiable at its kink; away from it the check is as tight as the others.
        assertEquals(numeric, gradient[c], 2e-3 + 1e-2 * Math.abs(numeric), loss + " key " + keys[c]);
      }
    }
  }

  @Test
  void touchedListsTheBatchFeaturesSortedWithTheBiasLast() {
    Examples data = new Examples();
    data.add(1, new int[] {7, 2}, new float[] {1, 1}, 2);
    data.add(0, new int[] {2, 9}, new float[] {1, 1}, 2);
    LinearObjective objective = new LinearObjective(Loss.LOGISTIC, 0, 10);
    assertArrayEquals(new long[] {2, 7, 9, 10}, objective.touched(data, new int[] {0, 1}, 0, 2));
    assertArrayEquals(new long[] {2, 9, 10}, objective.touched(data, new int[] {0, 1}, 1, 2));
  }

  @Test
  void logisticLossIsStableForLargeMargins() {
    assertEquals(0, Loss.LOGISTIC.value(800, 1f), 1e-9);
    assertEquals(800, Loss.LOGISTIC.value(800, 0f), 1e-9);
    assertEquals(-1, Loss.LOGISTIC.derivative(-800, 1f), 1e-12);
  }
}
