package io.spindle.ml.nn;

import io.spindle.ml.compute.Backend;
import io.spindle.ml.compute.Matrix;
import io.spindle.ml.data.Examples;
import java.util.ArrayList;
import java.util.List;

/**
 * A stack of {@link Layer}s with softmax cross-entropy at the end, run on one {@link Backend}.
 * Parameters are given per table (the layers that have one, in order) by {@link #load}; one
 * {@link #step} uploads the batch, runs forward and backward on the device and downloads the
 * gradients, so a batch crosses to the device once and the gradients come back once.
 */
public final class Network {
  private final Backend backend;
  private final List<Layer> layers;
  private final List<Layer> withTables = new ArrayList<>();
  private Matrix[] activations;   // activations[0] is the input batch
  private Matrix[] gradients;
  private int batchRows = -1;

  Network(Backend backend, List<Layer> layers) {
    this.backend = backend;
    this.layers = layers;
    for (Layer layer : layers) {
      if (layer.tableRows() > 0) {
        withTables.add(layer);
      }
    }
  }

  /** Uploads each table's values (weights then bias row) to its layer. */
  public void load(float[][] tables) {
    for (int t = 0; t < withTables.size(); t++) {
      withTables.get(t).load(backend, tables[t]);
    }
  }

  private void ensureBatch(int rows) {
    if (rows == batchRows) {
      return;
    }
    activations = new Matrix[layers.size() + 1];
    gradients = new Matrix[layers.size() + 1];
    activations[0] = backend.allocate(rows, layers.get(0).inputSize());
    gradients[0] = null;   // no layer needs the gradient of the input
    for (int l = 0; l < layers.size(); l++) {
      activations[l + 1] = backend.allocate(rows, layers.get(l).outputSize());
      gradients[l + 1] = backend.allocate(rows, layers.get(l).outputSize());
    }
    batchRows = rows;
  }

  private void forward(Examples data, int[] order, int from, int to) {
    int rows = to - from;
    ensureBatch(rows);
    int features = layers.get(0).inputSize();
    float[] input = new float[rows * features];
    for (int r = 0; r < rows; r++) {
      int i = order == null ? from + r : order[from + r];
      for (int p = data.start(i); p < data.end(i); p++) {
        input[r * features + data.indices()[p]] = data.values()[p];
      }
    }
    backend.upload(input, 0, activations[0]);
    for (int l = 0; l < layers.size(); l++) {
      layers.get(l).forward(backend, activations[l], activations[l + 1]);
    }
  }

  /**
   * Forward and backward on the batch {@code order[from, to)} with the loaded parameters.
   *
   * @param tableGradients per table, filled with the gradient of the mean loss in the table's layout
   * @return the mean loss of the batch
   */
  public double step(Examples data, int[] order, int from, int to, float[][] tableGradients) {
    forward(data, order, from, to);
    int[] labels = new int[to - from];
    int classes = layers.get(layers.size() - 1).outputSize();
    for (int r = 0; r < labels.length; r++) {
      labels[r] = label(data, order[from + r], classes);
    }
    int top = layers.size();
    double loss = backend.softmaxCrossEntropy(activations[top], labels, gradients[top]);
    for (int l = top - 1; l >= 0; l--) {
      layers.get(l).backward(backend, activations[l], activations[l + 1], gradients[l + 1], gradients[l]);
    }
    for (int t = 0; t < withTables.size(); t++) {
      withTables.get(t).storeGradient(backend, tableGradients[t]);
    }
    return loss;
  }

  /** The logits of examples {@code [from, to)} of data, row after row. */
  public float[] logits(Examples data, int from, int to) {
    forward(data, null, from, to);
    Matrix top = activations[layers.size()];
    float[] out = new float[top.size()];
    backend.download(top, out, 0);
    return out;
  }

  private static int label(Examples data, int i, int classes) {
    float y = data.label(i);
    if (y != Math.rint(y) || y < 0 || y >= classes) {
      throw new IllegalArgumentException("label " + y + " of a training example is not a class 0.." + (classes - 1)
          + " (--set classes)");
    }
    return (int) y;
  }
}
