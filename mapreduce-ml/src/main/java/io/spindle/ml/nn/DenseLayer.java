package io.spindle.ml.nn;

import io.spindle.ml.compute.Backend;
import io.spindle.ml.compute.Matrix;

/** {@code y = x W + b}, optionally followed by ReLU. */
final class DenseLayer extends Layer.Affine {
  DenseLayer(int in, int out, boolean relu) {
    super(in, out, relu);
  }

  @Override
  int weightRows() {
    return inputSize();
  }

  @Override
  int tableColumns() {
    return outputSize();
  }

  @Override
  String describe() {
    return "dense " + inputSize() + " -> " + outputSize() + activation();
  }

  @Override
  void affine(Backend backend, Matrix x, Matrix w, Matrix b, Matrix y) {
    backend.gemm(false, x, false, w, 1f, 0f, y);
    backend.addRow(y, b);
  }

  @Override
  void affineBackward(Backend backend, Matrix x, Matrix w, Matrix dy, Matrix dx, Matrix dw, Matrix db) {
    backend.gemm(true, x, false, dy, 1f, 0f, dw);
    backend.columnSums(dy, db);
    if (dx != null) {
      backend.gemm(false, dy, true, w, 1f, 0f, dx);
    }
  }
}
