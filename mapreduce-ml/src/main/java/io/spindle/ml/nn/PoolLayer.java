package io.spindle.ml.nn;

import io.spindle.ml.compute.Backend;
import io.spindle.ml.compute.Matrix;
import io.spindle.ml.compute.PoolShape;

/** Max pooling; no parameters. */
final class PoolLayer extends Layer {
  private final PoolShape shape;

  PoolLayer(PoolShape shape) {
    super(shape.inputSize(), shape.outputSize());
    this.shape = shape;
  }

  @Override
  String describe() {
    return "maxpool " + shape;
  }

  @Override
  void forward(Backend backend, Matrix x, Matrix y) {
    backend.maxPool(shape, x, y);
  }

  @Override
  void backward(Backend backend, Matrix x, Matrix y, Matrix dy, Matrix dx) {
    if (dx != null) {
      backend.maxPoolBackward(shape, x, y, dy, dx);
    }
  }
}
