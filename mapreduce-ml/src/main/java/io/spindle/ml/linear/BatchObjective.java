package io.spindle.ml.linear;

import io.spindle.ml.data.Examples;

/**
 * The map step of a model whose parameters are rows keyed by feature (plus a bias row): for a
 * batch, which rows it touches, and the mean loss with its gradient on those rows.
 */
public interface BatchObjective {
  /** Values per parameter row (1 for a linear model, the classes for softmax). */
  int columns();

  /** Sorted distinct features of the batch {@code order[from, to)}, with the bias row last. */
  long[] touched(Examples data, int[] order, int from, int to);

  /** Mean loss over the batch; fills {@code gradient} (rows of {@code keys} x columns). */
  double lossAndGradient(Examples data, int[] order, int from, int to, long[] keys, float[] weights, float[] gradient);
}
