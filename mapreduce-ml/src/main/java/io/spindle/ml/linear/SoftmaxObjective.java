package io.spindle.ml.linear;

import io.spindle.ml.data.Examples;
import java.util.Arrays;

/**
 * Multinomial logistic regression: logits z_k = b_k + sum_f w_{f,k} x_f, loss -log softmax(z)_y,
 * plus L2 on the touched feature rows. Parameters are one row of {@code classes} values per
 * feature and a bias row; labels are 0 .. classes-1.
 */
public final class SoftmaxObjective implements BatchObjective {
  private final int classes;
  private final double l2;
  private final LinearObjective features;   // shares the touched-rows bookkeeping
  private final int[] position;

  public SoftmaxObjective(int classes, double l2, int featureCount) {
    this.classes = classes;
    this.l2 = l2;
    this.features = new LinearObjective(Loss.LOGISTIC, 0, featureCount);
    this.position = new int[featureCount + 1];
  }

  @Override
  public int columns() {
    return classes;
  }

  @Override
  public long[] touched(Examples data, int[] order, int from, int to) {
    return features.touched(data, order, from, to);
  }

  @Override
  public double lossAndGradient(Examples data, int[] order, int from, int to, long[] keys, float[] weights,
                                float[] gradient) {
    for (int r = 0; r < keys.length; r++) {
      position[(int) keys[r]] = r;
    }
    Arrays.fill(gradient, 0f);
    int n = to - from;
    int bias = keys.length - 1;
    double[] z = new double[classes];
    double total = 0;
    for (int k = from; k < to; k++) {
      int i = order[k];
      probabilities(data, i, weights, bias, z);
      int y = (int) data.label(i);
      if (y < 0 || y >= classes) {
        throw new IllegalArgumentException("label " + data.label(i) + " is not a class 0.." + (classes - 1));
      }
      total -= Math.log(Math.max(z[y], 1e-300));
      z[y] -= 1;   // now dLoss/dz
      for (int c = 0; c < classes; c++) {
        float d = (float) (z[c] / n);
        for (int p = data.start(i); p < data.end(i); p++) {
          gradient[position[data.indices()[p]] * classes + c] += d * data.values()[p];
        }
        gradient[bias * classes + c] += d;
      }
    }
    double penalty = 0;
    for (int j = 0; j < bias * classes; j++) {
      gradient[j] += (float) (l2 * weights[j]);
      penalty += weights[j] * (double) weights[j];
    }
    return total / Math.max(1, n) + 0.5 * l2 * penalty;
  }

  /** Class probabilities of example i into {@code out}, with weights laid out as rows of keys. */
  private void probabilities(Examples data, int i, float[] weights, int biasRow, double[] out) {
    for (int c = 0; c < classes; c++) {
      out[c] = weights[biasRow * classes + c];
    }
    for (int p = data.start(i); p < data.end(i); p++) {
      int row = position[data.indices()[p]];
      float x = data.values()[p];
      for (int c = 0; c < classes; c++) {
        out[c] += weights[row * classes + c] * x;
      }
    }
    softmaxInPlace(out);
  }

  /** Turns scores into probabilities, in place (shifted by the maximum, so it never overflows). */
  public static void softmaxInPlace(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int c = 0; c < z.length; c++) {
      z[c] = Math.exp(z[c] - max);
      sum += z[c];
    }
    for (int c = 0; c < z.length; c++) {
      z[c] /= sum;
    }
  }
}
