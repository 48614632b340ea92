package io.spindle.ml.mf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spindle.ml.Algorithm;
import io.spindle.ml.Algorithms;
import io.spindle.ml.Hyperparameters;
import io.spindle.ml.data.Examples;
import io.spindle.ml.param.InMemoryParameterStore;
import io.spindle.ml.param.Rows;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gradient mf pushes, against finite differences of its objective: with plain SGD at step 1
 * and one full-batch clock, the change of every parameter is minus the gradient it was sent.
 */
class MfGradientTest {
  private static final int USERS = 3;
  private static final int ITEMS = 4;
  private static final int RANK = 2;
  private static final double L2 = 0.1;

  /** Sum over ratings of 0.5 e^2 + 0.5 l2 (|p_u|^2 + |q_i|^2), biases included in p and q. */
  private static double objective(Examples data, double mean, double[] p, double[] q) {
    double total = 0;
    int w = RANK + 1;
    for (int i = 0; i < data.size(); i++) {
      int u = data.indices()[data.start(i)] * w;
      int v = data.indices()[data.start(i) + 1] * w;
      double prediction = mean + p[u + RANK] + q[v + RANK];
      double norms = 0;
      for (int f = 0; f < RANK; f++) {
        prediction += p[u + f] * q[v + f];
      }
      for (int f = 0; f <= RANK; f++) {
        norms += p[u + f] * p[u + f] + q[v + f] * q[v + f];
      }
      double e = prediction - data.label(i);
      total += 0.5 * e * e + 0.5 * L2 * norms;
    }
    return total;
  }

  @Test
  void pushedGradientsMatchFiniteDifferences() {
    Examples data = new Examples();
    int[][] pairs = {{0, 1}, {1, 1}, {2, 3}, {0, 0}, {1, 2}, {2, 1}, {0, 3}};
    for (int r = 0; r < pairs.length; r++) {
      data.add(1 + r % 5, pairs[r], new float[] {1, 1}, 2);
    }
    Hyperparameters hp = new Hyperparameters(Map.of("users", "" + USERS, "items", "" + ITEMS, "rank", "" + RANK,
        "factor-l2", "" + L2, "optimizer", "sgd", "learning-rate", "1", "clocks-per-epoch", "1"));
    Algorithm mf = Algorithms.create("mf", 0, hp, null);
    InMemoryParameterStore ps = new InMemoryParameterStore(mf.tables(1));
    float[] p0 = ps.pull(MfAlgorithm.USERS, Rows.range(0, USERS));
    float[] q0 = ps.pull(MfAlgorithm.ITEMS, Rows.range(0, ITEMS));
    float mean0 = ps.pull(MfAlgorithm.MEAN, Rows.range(0, 1))[0];
    mf.train(ps, data, 1, clock -> { }, (clock, loss) -> { });
    float[] p1 = ps.pull(MfAlgorithm.USERS, Rows.range(0, USERS));
    float[] q1 = ps.pull(MfAlgorithm.ITEMS, Rows.range(0, ITEMS));
    float mean1 = ps.pull(MfAlgorithm.MEAN, Rows.range(0, 1))[0];

    double[] p = toDoubles(p0);
    double[] q = toDoubles(q0);
    double h = 1e-5;
    for (double[] params : new double[][] {p, q}) {
      float[] before = params == p ? p0 : q0;
      float[] after = params == p ? p1 : q1;
      for (int k = 0; k < params.length; k++) {
        double saved = params[k];
        params[k] = saved + h;
        double up = objective(data, mean0, p, q);
        params[k] = saved - h;
        double down = objective(data, mean0, p, q);
        params[k] = saved;
        assertEquals((up - down) / (2 * h), before[k] - after[k], 1e-4, (params == p ? "user" : "item") + " value " + k);
      }
    }
    // The global mean's gradient is averaged over the batch, not summed.
    double up = objective(data, mean0 + h, p, q);
    double down = objective(data, mean0 - h, p, q);
    assertEquals((up - down) / (2 * h) / data.size(), mean0 - mean1, 1e-4, "global mean");
  }

  private static double[] toDoubles(float[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }
}
