package io.spindle.ml.compute;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Plain Java on the heap: the reference every other backend is tested against, and the parts of
 * the CPU backend that are not GEMM. Its GEMM is a simple loop, correct and slow.
 */
public class JavaBackend implements Backend {
  /** A matrix whose values are a heap array. */
  protected static final class HeapMatrix implements Matrix {
    final int rows;
    final int cols;
    final float[] data;

    HeapMatrix(int rows, int cols) {
      this.rows = rows;
      this.cols = cols;
      this.data = new float[rows * cols];
    }

    @Override
    public int rows() {
      return rows;
    }

    @Override
    public int cols() {
      return cols;
    }
  }

  /** Work matrices of the convolutions by purpose and shape, kept so that each clock reuses them. */
  private final Map<String, HeapMatrix> scratch = new HashMap<>();

  protected static float[] data(Matrix m) {
    return ((HeapMatrix) m).data;
  }

  private HeapMatrix scratch(String purpose, int rows, int cols) {
    return scratch.computeIfAbsent(purpose + ' ' + rows + 'x' + cols, k -> new HeapMatrix(rows, cols));
  }

  private static void expectShape(String what, Matrix m, int rows, int cols) {
    if (m.rows() != rows || m.cols() != cols) {
      throw new IllegalArgumentException(what + " is " + m.rows() + "x" + m.cols() + ", expected " + rows + "x" + cols);
    }
  }

  @Override
  public String name() {
    return "cpu (java)";
  }

  @Override
  public Matrix allocate(int rows, int cols) {
    return new HeapMatrix(rows, cols);
  }

  @Override
  public void upload(float[] host, int offset, Matrix into) {
    System.arraycopy(host, offset, data(into), 0, into.size());
  }

  @Override
  public void download(Matrix from, float[] host, int offset) {
    System.arraycopy(data(from), 0, host, offset, from.size());
  }

  /** Checks the shapes of a GEMM and returns {m, n, k}. */
  protected static int[] gemmShape(boolean transA, Matrix a, boolean transB, Matrix b, Matrix c) {
    int m = transA ? a.cols() : a.rows();
    int k = transA ? a.rows() : a.cols();
    int kb = transB ? b.cols() : b.rows();
    int n = transB ? b.rows() : b.cols();
    if (k != kb || c.rows() != m || c.cols() != n) {
      throw new IllegalArgumentException("gemm shapes do not match: op(a) " + m + "x" + k + ", op(b) " + kb + "x" + n
          + ", c " + c.rows() + "x" + c.cols());
    }
    return new int[] {m, n, k};
  }

  @Override
  public void gemm(boolean transA, Matrix a, boolean transB, Matrix b, float alpha, float beta, Matrix c) {
    int[] mnk = gemmShape(transA, a, transB, b, c);
    int m = mnk[0];
    int n = mnk[1];
    int k = mnk[2];
    float[] av = data(a);
    float[] bv = data(b);
    float[] cv = data(c);
    int lda = a.cols();
    int ldb = b.cols();
    float[] row = new float[n];
    for (int i = 0; i < m; i++) {
      Arrays.fill(row, 0f);
      for (int p = 0; p < k; p++) {
        float aip = transA ? av[p * lda + i] : av[i * lda + p];
        if (aip == 0f) {
          continue;
        }
        for (int j = 0; j < n; j++) {
          row[j] += aip * (transB ? bv[j * ldb + p] : bv[p * ldb + j]);
        }
      }
      for (int j = 0; j < n; j++) {
        cv[i * n + j] = alpha * row[j] + (beta == 0f ? 0f : beta * cv[i * n + j]);
      }
    }
  }

  @Override
  public void addRow(Matrix x, Matrix row) {
    float[] xv = data(x);
    float[] r = data(row);
    int cols = x.cols();
    for (int i = 0; i < x.size(); i++) {
      xv[i] += r[i % cols];
    }
  }

  @Override
  public void relu(Matrix x, Matrix out) {
    float[] xv = data(x);
    float[] o = data(out);
    for (int i = 0; i < xv.length; i++) {
      o[i] = Math.max(xv[i], 0f);
    }
  }

  @Override
  public void reluBackward(Matrix out, Matrix gradOut, Matrix gradIn) {
    float[] o = data(out);
    float[] g = data(gradOut);
    float[] gi = data(gradIn);
    for (int i = 0; i < o.length; i++) {
      gi[i] = o[i] > 0f ? g[i] : 0f;
    }
  }

  @Override
  public double softmaxCrossEntropy(Matrix logits, int[] labels, Matrix gradient) {
    float[] z = data(logits);
    float[] g = data(gradient);
    int rows = logits.rows();
    int cols = logits.cols();
    double loss = 0;
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      float max = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < cols; c++) {
        max = Math.max(max, z[base + c]);
      }
      double sum = 0;
      for (int c = 0; c < cols; c++) {
        sum += Math.exp(z[base + c] - max);
      }
      double logSum = Math.log(sum) + max;
      loss += logSum - z[base + labels[r]];
      for (int c = 0; c < cols; c++) {
        double p = Math.exp(z[base + c] - logSum);
        g[base + c] = (float) ((p - (c == labels[r] ? 1 : 0)) / rows);
      }
    }
    return loss / rows;
  }

  @Override
  public void columnSums(Matrix x, Matrix out) {
    float[] xv = data(x);
    float[] o = data(out);
    int cols = x.cols();
    Arrays.fill(o, 0f);
    for (int i = 0; i < xv.length; i++) {
      o[i % cols] += xv[i];
    }
  }

  /*
   * Convolutions as one GEMM per batch: every output position's input patch becomes a row of a
   * (images * positions) x patch matrix (im2col), which times the filters gives each position's
   * outputs; these are then reordered into channel-major images. The backward pass reuses the
   * same patches (filter gradient) and scatters patch gradients back onto the images (col2im).
   */

  @Override
  public void convolution(ConvShape shape, Matrix x, Matrix filters, Matrix bias, Matrix y) {
    int images = x.rows();
    checkConvolution(shape, x, filters, y);
    expectShape("convolution bias", bias, 1, shape.filters);
    HeapMatrix patches = patches(shape, x);
    HeapMatrix byPosition = scratch("outputs", patches.rows, shape.filters);
    gemm(false, patches, false, filters, 1f, 0f, byPosition);
    float[] r = byPosition.data;
    float[] out = data(y);
    float[] b = data(bias);
    int positions = shape.outHeight() * shape.outWidth();
    for (int img = 0; img < images; img++) {
      for (int p = 0; p < positions; p++) {
        int row = (img * positions + p) * shape.filters;
        for (int f = 0; f < shape.filters; f++) {
          out[(img * shape.filters + f) * positions + p] = r[row + f] + b[f];
        }
      }
    }
  }

  @Override
  public void convolutionBackward(ConvShape shape, Matrix x, Matrix filters, Matrix dy, Matrix dx, Matrix dFilters,
                                  Matrix dBias) {
    int images = x.rows();
    checkConvolution(shape, x, filters, dy);
    expectShape("filter gradient", dFilters, shape.patchSize(), shape.filters);
    expectShape("bias gradient", dBias, 1, shape.filters);
    HeapMatrix patches = patches(shape, x);
    HeapMatrix byPosition = scratch("outputs", patches.rows, shape.filters);
    float[] g = data(dy);
    float[] r = byPosition.data;
    int positions = shape.outHeight() * shape.outWidth();
    for (int img = 0; img < images; img++) {
      for (int p = 0; p < positions; p++) {
        int row = (img * positions + p) * shape.filters;
        for (int f = 0; f < shape.filters; f++) {
          r[row + f] = g[(img * shape.filters + f) * positions + p];
        }
      }
    }
    gemm(true, patches, false, byPosition, 1f, 0f, dFilters);
    columnSums(byPosition, dBias);
    if (dx != null) {
      expectShape("input gradient", dx, images, shape.inputSize());
      HeapMatrix patchGradients = scratch("patch-gradients", patches.rows, patches.cols);
      gemm(false, byPosition, true, filters, 1f, 0f, patchGradients);
      float[] d = data(dx);
      Arrays.fill(d, 0f);
      eachPatchValue(shape, images, (patchIndex, imageIndex) -> d[imageIndex] += patchGradients.data[patchIndex]);
    }
  }

  private static void checkConvolution(ConvShape shape, Matrix x, Matrix filters, Matrix y) {
    expectShape("convolution input", x, x.rows(), shape.inputSize());
    expectShape("filters", filters, shape.patchSize(), shape.filters);
    expectShape("convolution output", y, x.rows(), shape.outputSize());
  }

  /** The im2col matrix of a batch: one row per image and output position, one column per patch value. */
  private HeapMatrix patches(ConvShape shape, Matrix x) {
    int images = x.rows();
    HeapMatrix patches = scratch("patches", images * shape.outHeight() * shape.outWidth(), shape.patchSize());
    float[] in = data(x);
    float[] p = patches.data;
    Arrays.fill(p, 0f);   // padding positions stay zero
    eachPatchValue(shape, images, (patchIndex, imageIndex) -> p[patchIndex] = in[imageIndex]);
    return patches;
  }

  /** Pairs of (index in the im2col matrix, index in the batch of images), skipping padding. */
  private interface PatchVisitor {
    void visit(int patchIndex, int imageIndex);
  }

  private static void eachPatchValue(ConvShape s, int images, PatchVisitor visitor) {
    int k = s.kernel;
    int plane = s.height * s.width;
    int patch = s.patchSize();
    int row = 0;
    for (int img = 0; img < images; img++) {
      int imageBase = img * s.inputSize();
      for (int oy = 0; oy < s.outHeight(); oy++) {
        for (int ox = 0; ox < s.outWidth(); ox++, row++) {
          int rowBase = row * patch;
          for (int c = 0; c < s.channels; c++) {
            for (int ky = 0; ky < k; ky++) {
              int iy = oy * s.stride - s.pad + ky;
              if (iy < 0 || iy >= s.height) {
                continue;
              }
              for (int kx = 0; kx < k; kx++) {
                int ix = ox * s.stride - s.pad + kx;
                if (ix >= 0 && ix < s.width) {
                  visitor.visit(rowBase + (c * k + ky) * k + kx, imageBase + c * plane + iy * s.width + ix);
                }
              }
            }
          }
        }
      }
    }
  }

  @Override
  public void maxPool(PoolShape shape, Matrix x, Matrix y) {
    expectShape("pooling input", x, x.rows(), shape.inputSize());
    expectShape("pooling output", y, x.rows(), shape.outputSize());
    float[] in = data(x);
    float[] out = data(y);
    for (int o = 0; o < out.length; o++) {
      out[o] = in[argmaxOfWindow(shape, in, o)];
    }
  }

  @Override
  public void maxPoolBackward(PoolShape shape, Matrix x, Matrix y, Matrix dy, Matrix dx) {
    expectShape("pooling input", x, x.rows(), shape.inputSize());
    expectShape("pooling output gradient", dy, x.rows(), shape.outputSize());
    expectShape("pooling input gradient", dx, x.rows(), shape.inputSize());
    float[] in = data(x);
    float[] g = data(dy);
    float[] d = data(dx);
    Arrays.fill(d, 0f);
    for (int o = 0; o < g.length; o++) {
      d[argmaxOfWindow(shape, in, o)] += g[o];
    }
  }

  /** The input index of the first maximum of output value o's window. */
  private static int argmaxOfWindow(PoolShape s, float[] in, int o) {
    int ow = s.outWidth();
    int oh = s.outHeight();
    int ox = o % ow;
    int oy = (o / ow) % oh;
    int plane = o / (ow * oh);   // image * channels + channel
    int base = plane * s.height * s.width + oy * s.window * s.width + ox * s.window;
    int best = base;
    for (int wy = 0; wy < s.window; wy++) {
      for (int wx = 0; wx < s.window; wx++) {
        int at = base + wy * s.width + wx;
        if (in[at] > in[best]) {
          best = at;
        }
      }
    }
    return best;
  }

  @Override
  public void close() {}
}
