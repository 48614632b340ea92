package io.spindle.ml.compute;

/**
 * The dense math of neural networks on one device. Matrices stay on the device between
 * operations; {@link #upload} and {@link #download} are the only copies, used at the edges of a
 * step (inputs and parameters in, gradients out). Not thread-safe: one trainer drives one backend.
 */
public interface Backend extends AutoCloseable {
  /** What runs the math, for logs and summaries (e.g. "cpu (openblas, 2 threads)"). */
  String name();

  /** A zeroed rows x cols matrix. */
  Matrix allocate(int rows, int cols);

  /** Copies {@code into.size()} floats from {@code host[offset..]} to the device. */
  void upload(float[] host, int offset, Matrix into);

  /** Copies the matrix to {@code host[offset..]}. */
  void download(Matrix from, float[] host, int offset);

  /** {@code c = alpha * op(a) * op(b) + beta * c}, op transposing when asked. */
  void gemm(boolean transA, Matrix a, boolean transB, Matrix b, float alpha, float beta, Matrix c);

  /** Adds a 1 x cols row to every row of {@code x}. */
  void addRow(Matrix x, Matrix row);

  /** {@code out = max(x, 0)}; out may be x. */
  void relu(Matrix x, Matrix out);

  /** {@code gradIn = gradOut * (out > 0)} for out = relu(x); gradIn may be gradOut. */
  void reluBackward(Matrix out, Matrix gradOut, Matrix gradIn);

  /**
   * Softmax cross-entropy of each row's logits against its label: returns the mean loss and
   * writes its gradient with respect to the logits, {@code (softmax - onehot) / rows}.
   */
  double softmaxCrossEntropy(Matrix logits, int[] labels, Matrix gradient);

  /** {@code out (1 x cols) = sum over rows of x} (a bias gradient). */
  void columnSums(Matrix x, Matrix out);

  /**
   * {@code y = x * filters + bias} as a convolution: each row of x is an image, each row of y the
   * {@code filters x outHeight x outWidth} result.
   */
  void convolution(ConvShape shape, Matrix x, Matrix filters, Matrix bias, Matrix y);

  /**
   * The gradients of a convolution from {@code dy}: of the filters and the bias (overwritten) and,
   * unless {@code dx} is null (a first layer needs none), of the input.
   */
  void convolutionBackward(ConvShape shape, Matrix x, Matrix filters, Matrix dy, Matrix dx, Matrix dFilters,
                           Matrix dBias);

  /** {@code y} = the maximum of each pooling window of each image of x. */
  void maxPool(PoolShape shape, Matrix x, Matrix y);

  /** {@code dx}: each window's {@code dy} at the position of its maximum, zero elsewhere. */
  void maxPoolBackward(PoolShape shape, Matrix x, Matrix y, Matrix dy, Matrix dx);

  @Override
  void close();
}
