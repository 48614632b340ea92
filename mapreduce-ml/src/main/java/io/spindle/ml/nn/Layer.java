package io.spindle.ml.nn;

import io.spindle.ml.compute.Backend;
import io.spindle.ml.compute.Matrix;

/**
 * One layer of a {@link Network}: it maps each row of its input batch ({@link #inputSize()}
 * values) to a row of its output ({@link #outputSize()} values) on a {@link Backend}. A layer with
 * parameters keeps them as one parameter-server table of {@link #tableRows()} x
 * {@link #tableColumns()} values: the weights as a {@code (tableRows - 1) x tableColumns} matrix,
 * then the bias row. A layer object belongs to one network (it holds device matrices).
 */
abstract class Layer {
  private final int inputSize;
  private final int outputSize;

  Layer(int inputSize, int outputSize) {
    this.inputSize = inputSize;
    this.outputSize = outputSize;
  }

  /** Values per example going in. */
  final int inputSize() {
    return inputSize;
  }

  /** Values per example coming out. */
  final int outputSize() {
    return outputSize;
  }

  /** Rows of the layer's table, the bias row included; 0 for a layer without parameters. */
  int tableRows() {
    return 0;
  }

  int tableColumns() {
    return 0;
  }

  /** The spread of the initial weights (He: keeps ReLU activations at a steady scale). */
  double initStddev() {
    return Math.sqrt(2.0 / (tableRows() - 1));
  }

  /** One line for the model manifest. */
  abstract String describe();

  /** Copies this layer's table values to the device. */
  void load(Backend backend, float[] parameters) {}

  /** {@code y} = this layer applied to {@code x}. */
  abstract void forward(Backend backend, Matrix x, Matrix y);

  /**
   * From {@code dy}, the loss gradient with respect to {@code y} (which the layer may overwrite),
   * computes the gradient of its own parameters and, unless {@code dx} is null, of {@code x}.
   */
  abstract void backward(Backend backend, Matrix x, Matrix y, Matrix dy, Matrix dx);

  /** Copies the parameter gradient of the last {@link #backward} to the host, in the table's layout. */
  void storeGradient(Backend backend, float[] into) {}

  /** Weights then bias row, uploaded and downloaded together: what dense and convolution layers share. */
  abstract static class Affine extends Layer {
    private final boolean relu;
    private Matrix weights;
    private Matrix bias;
    private Matrix weightGradient;
    private Matrix biasGradient;

    Affine(int inputSize, int outputSize, boolean relu) {
      super(inputSize, outputSize);
      this.relu = relu;
    }

    @Override
    final int tableRows() {
      return weightRows() + 1;
    }

    abstract int weightRows();

    private void allocate(Backend backend) {
      if (weights == null) {
        weights = backend.allocate(weightRows(), tableColumns());
        bias = backend.allocate(1, tableColumns());
        weightGradient = backend.allocate(weightRows(), tableColumns());
        biasGradient = backend.allocate(1, tableColumns());
      }
    }

    @Override
    final void load(Backend backend, float[] parameters) {
      allocate(backend);
      backend.upload(parameters, 0, weights);
      backend.upload(parameters, weights.size(), bias);
    }

    @Override
    final void forward(Backend backend, Matrix x, Matrix y) {
      affine(backend, x, weights, bias, y);
      if (relu) {
        backend.relu(y, y);
      }
    }

    @Override
    final void backward(Backend backend, Matrix x, Matrix y, Matrix dy, Matrix dx) {
      if (relu) {
        backend.reluBackward(y, dy, dy);
      }
      affineBackward(backend, x, weights, dy, dx, weightGradient, biasGradient);
    }

    @Override
    final void storeGradient(Backend backend, float[] into) {
      backend.download(weightGradient, into, 0);
      backend.download(biasGradient, into, weightGradient.size());
    }

    String activation() {
      return relu ? ", relu" : "";
    }

    abstract void affine(Backend backend, Matrix x, Matrix w, Matrix b, Matrix y);

    abstract void affineBackward(Backend backend, Matrix x, Matrix w, Matrix dy, Matrix dx, Matrix dw, Matrix db);
  }
}
