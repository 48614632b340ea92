package io.spindle.ml.nn;

import io.spindle.ml.compute.Backend;
import io.spindle.ml.compute.ConvShape;
import io.spindle.ml.compute.Matrix;

/** A convolution (filters as {@link ConvShape} lays them out) optionally followed by ReLU. */
final class ConvLayer extends Layer.Affine {
  private final ConvShape shape;

  ConvLayer(ConvShape shape, boolean relu) {
    super(shape.inputSize(), shape.outputSize(), relu);
    this.shape = shape;
  }

  @Override
  int weightRows() {
    return shape.patchSize();
  }

  @Override
  int tableColumns() {
    return shape.filters;
  }

  @Override
  String describe() {
    return "conv " + shape + activation();
  }

  @Override
  void affine(Backend backend, Matrix x, Matrix w, Matrix b, Matrix y) {
    backend.convolution(shape, x, w, b, y);
  }

  @Override
  void affineBackward(Backend backend, Matrix x, Matrix w, Matrix dy, Matrix dx, Matrix dw, Matrix db) {
    backend.convolutionBackward(shape, x, w, dy, dx, dw, db);
  }
}
