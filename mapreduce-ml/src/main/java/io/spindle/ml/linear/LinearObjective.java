package io.spindle.ml.linear;

import io.spindle.ml.data.Examples;
import java.util.Arrays;

/**
 * The map step of a linear model: for a batch of examples, the mean loss and its gradient with
 * respect to the weights the batch touches, plus L2 on those weights (lazy regularisation, the
 * usual choice for sparse SGD). Weight {@code features} is the bias; it is never regularised.
 *
 * <p>Works on compact vectors: {@link #touched} lists the batch's features (sorted, bias last),
 * and weights and gradient hold one value per touched feature, so a batch over 2^20 hashed
 * features costs what its non-zeros cost.
 */
public final class LinearObjective implements BatchObjective {
  private final Loss loss;
  private final double l2;
  private final int features;
  private final int[] position;   // feature -> slot in the compact vectors, -1 when untouched

  public LinearObjective(Loss loss, double l2, int features) {
    this.loss = loss;
    this.l2 = l2;
    this.features = features;
    this.position = new int[features + 1];
    Arrays.fill(position, -1);
  }

  @Override
  public int columns() {
    return 1;
  }

  /** Sorted distinct features of the batch {@code order[from, to)}, with the bias index last. */
  @Override
  public long[] touched(Examples data, int[] order, int from, int to) {
    int count = 0;
    int[] seen = new int[64];
    for (int k = from; k < to; k++) {
      int i = order[k];
      for (int p = data.start(i); p < data.end(i); p++) {
        int f = data.indices()[p];
        if (position[f] < 0) {
          position[f] = 0;
          if (count == seen.length) {
            seen = Arrays.copyOf(seen, count * 2);
          }
          seen[count++] = f;
        }
      }
    }
    for (int c = 0; c < count; c++) {
      position[seen[c]] = -1;
    }
    Arrays.sort(seen, 0, count);
    long[] keys = new long[count + 1];
    for (int c = 0; c < count; c++) {
      keys[c] = seen[c];
    }
    keys[count] = features;
    return keys;
  }

  /**
   * Mean loss over the batch; fills {@code gradient} (one value per touched key).
   *
   * @param keys from {@link #touched}
   * @param weights current weights of those keys
   */
  @Override
  public double lossAndGradient(Examples data, int[] order, int from, int to, long[] keys, float[] weights,
                                float[] gradient) {
    for (int c = 0; c < keys.length; c++) {
      position[(int) keys[c]] = c;
    }
    Arrays.fill(gradient, 0f);
    int n = to - from;
    double total = 0;
    int bias = keys.length - 1;
    for (int k = from; k < to; k++) {
      int i = order[k];
      double z = weights[bias];
      for (int p = data.start(i); p < data.end(i); p++) {
        z += weights[position[data.indices()[p]]] * data.values()[p];
      }
      float y = data.label(i);
      total += loss.value(z, y);
      float d = (float) (loss.derivative(z, y) / n);
      for (int p = data.start(i); p < data.end(i); p++) {
        gradient[position[data.indices()[p]]] += d * data.values()[p];
      }
      gradient[bias] += d;
    }
    double penalty = 0;
    for (int c = 0; c < bias; c++) {
      gradient[c] += (float) (l2 * weights[c]);
      penalty += weights[c] * (double) weights[c];
    }
    for (long key : keys) {
      position[(int) key] = -1;
    }
    return total / Math.max(1, n) + 0.5 * l2 * penalty;
  }

  /** Margin of example i under full weights (bias at index features). */
  public static double margin(Examples data, int i, float[] weights) {
    double z = weights[weights.length - 1];
    for (int p = data.start(i); p < data.end(i); p++) {
      z += weights[data.indices()[p]] * data.values()[p];
    }
    return z;
  }
}
