package io.spindle.ml.compute;

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

  protected static float[] data(Matrix m) {
    return ((HeapMatrix) m).data;
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
      java.util.Arrays.fill(row, 0f);
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
    java.util.Arrays.fill(o, 0f);
    for (int i = 0; i < xv.length; i++) {
      o[i % cols] += xv[i];
    }
  }

  @Override
  public void close() {}
}
