package io.spindle.ml.nn;

import io.spindle.ml.compute.Backend;
import io.spindle.ml.compute.Matrix;
import io.spindle.ml.data.Examples;

/**
 * Dense layers with ReLU between them and softmax cross-entropy at the end, run on a
 * {@link Backend}. Layer l's parameters are one array, as its parameter-server table holds them:
 * the in x out weights row-major, then the bias row. One {@link #step} uploads the batch and the
 * parameters, runs forward and backward on the device, and downloads the gradients.
 */
public final class DenseNetwork {
  private final Backend backend;
  private final int[] sizes;   // features, hidden..., classes
  private final Matrix[] weights;
  private final Matrix[] biases;
  private final Matrix[] weightGrads;
  private final Matrix[] biasGrads;
  private Matrix[] activations;   // activations[0] is the input batch
  private Matrix[] deltas;
  private int batchRows = -1;

  public DenseNetwork(Backend backend, int[] sizes) {
    this.backend = backend;
    this.sizes = sizes.clone();
    int layers = sizes.length - 1;
    weights = new Matrix[layers];
    biases = new Matrix[layers];
    weightGrads = new Matrix[layers];
    biasGrads = new Matrix[layers];
    for (int l = 0; l < layers; l++) {
      weights[l] = backend.allocate(sizes[l], sizes[l + 1]);
      biases[l] = backend.allocate(1, sizes[l + 1]);
      weightGrads[l] = backend.allocate(sizes[l], sizes[l + 1]);
      biasGrads[l] = backend.allocate(1, sizes[l + 1]);
    }
  }

  /** Parameters of layer l: (in + 1) x out, the bias row last. */
  public static int parameters(int[] sizes, int l) {
    return (sizes[l] + 1) * sizes[l + 1];
  }

  private void ensureBatch(int rows) {
    if (rows == batchRows) {
      return;
    }
    activations = new Matrix[sizes.length];
    deltas = new Matrix[sizes.length];
    for (int l = 0; l < sizes.length; l++) {
      activations[l] = backend.allocate(rows, sizes[l]);
      deltas[l] = backend.allocate(rows, sizes[l]);
    }
    batchRows = rows;
  }

  /**
   * Forward and backward on the batch {@code order[from, to)}.
   *
   * @param parameters per layer, (in + 1) x out with the bias row last
   * @param gradients per layer, filled with the gradient of the mean loss, same layout
   * @return the mean loss of the batch
   */
  public double step(Examples data, int[] order, int from, int to, float[][] parameters, float[][] gradients) {
    int rows = to - from;
    ensureBatch(rows);
    float[] input = new float[rows * sizes[0]];
    int[] labels = new int[rows];
    for (int r = 0; r < rows; r++) {
      int i = order[from + r];
      for (int p = data.start(i); p < data.end(i); p++) {
        input[r * sizes[0] + data.indices()[p]] = data.values()[p];
      }
      labels[r] = label(data, i);
    }
    backend.upload(input, 0, activations[0]);
    int layers = sizes.length - 1;
    for (int l = 0; l < layers; l++) {
      backend.upload(parameters[l], 0, weights[l]);
      backend.upload(parameters[l], sizes[l] * sizes[l + 1], biases[l]);
      backend.gemm(false, activations[l], false, weights[l], 1f, 0f, activations[l + 1]);
      backend.addRow(activations[l + 1], biases[l]);
      if (l < layers - 1) {
        backend.relu(activations[l + 1], activations[l + 1]);
      }
    }
    double loss = backend.softmaxCrossEntropy(activations[layers], labels, deltas[layers]);
    for (int l = layers - 1; l >= 0; l--) {
      backend.gemm(true, activations[l], false, deltas[l + 1], 1f, 0f, weightGrads[l]);
      backend.columnSums(deltas[l + 1], biasGrads[l]);
      if (l > 0) {
        backend.gemm(false, deltas[l + 1], true, weights[l], 1f, 0f, deltas[l]);
        backend.reluBackward(activations[l], deltas[l], deltas[l]);
      }
      backend.download(weightGrads[l], gradients[l], 0);
      backend.download(biasGrads[l], gradients[l], sizes[l] * sizes[l + 1]);
    }
    return loss;
  }

  private int label(Examples data, int i) {
    float y = data.label(i);
    int classes = sizes[sizes.length - 1];
    if (y != Math.rint(y) || y < 0 || y >= classes) {
      throw new IllegalArgumentException("label " + y + " of a training example is not a class 0.." + (classes - 1)
          + " (--set classes)");
    }
    return (int) y;
  }
}
