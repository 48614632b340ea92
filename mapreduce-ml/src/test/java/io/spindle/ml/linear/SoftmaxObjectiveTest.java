package io.spindle.ml.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spindle.ml.data.Examples;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SoftmaxObjectiveTest {
  @Test
  void gradientMatchesFiniteDifferences() {
    int features = 12;
    int classes = 4;
    Random random = new Random(9);
    Examples data = new Examples();
    for (int i = 0; i < 30; i++) {
      int[] idx = random.ints(0, features).distinct().limit(1 + random.nextInt(5)).sorted().toArray();
      float[] val = new float[idx.length];
      for (int j = 0; j < val.length; j++) {
        val[j] = (float) random.nextGaussian();
      }
      data.add(random.nextInt(classes), idx, val, idx.length);
    }
    int[] order = new int[data.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    SoftmaxObjective objective = new SoftmaxObjective(classes, 0.01, features);
    long[] keys = objective.touched(data, order, 0, data.size());
    float[] w = new float[keys.length * classes];
    for (int j = 0; j < w.length; j++) {
      w[j] = (float) (0.3 * random.nextGaussian());
    }
    float[] gradient = new float[w.length];
    objective.lossAndGradient(data, order, 0, data.size(), keys, w, gradient);
    float[] scratch = new float[w.length];
    for (int j = 0; j < w.length; j++) {
      float[] plus = w.clone();
      float[] minus = w.clone();
      plus[j] += 1e-3f;
      minus[j] -= 1e-3f;
      double numeric = (objective.lossAndGradient(data, order, 0, data.size(), keys, plus, scratch)
          - objective.lossAndGradient(data, order, 0, data.size(), keys, minus, scratch)) / (plus[j] - minus[j]);
      assertEquals(numeric, gradient[j], 2e-3 + 1e-2 * Math.abs(numeric), "parameter " + j);
    }
  }
}
