package io.spindle.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.ml.compute.Backend;
import io.spindle.ml.compute.ConvShape;
import io.spindle.ml.compute.JavaBackend;
import io.spindle.ml.compute.Matrix;
import io.spindle.ml.compute.PoolShape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every backend operation against the plain-Java reference on random inputs (itself checked against
 * the definitions as direct loops in mapreduce-ml's ConvolutionTest), forward and gradients. The
 * GPU backend is not in this build; when it is, it runs this same suite where CUDA is present.
 */
class BackendContractTest {
  private final Backend reference = new JavaBackend();
  private final Backend backend = new OpenBlasBackend(2);
  private final Random random = new Random(12);

  private float[] randoms(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  private static Matrix load(Backend b, int rows, int cols, float[] values) {
    Matrix m = b.allocate(rows, cols);
    b.upload(values, 0, m);
    return m;
  }

  private static float[] read(Backend b, Matrix m) {
    float[] out = new float[m.size()];
    b.download(m, out, 0);
    return out;
  }

  @Test
  void gemmMatchesTheReferenceForEveryTransposition() {
    int m = 37;
    int n = 23;
    int k = 51;
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        float[] a = randoms(m * k);
        float[] b = randoms(k * n);
        float[] c = randoms(m * n);
        float[][] results = new float[2][];
        int i = 0;
        for (Backend be : new Backend[] {reference, backend}) {
          Matrix ma = load(be, ta ? k : m, ta ? m : k, a);
          Matrix mb = load(be, tb ? n : k, tb ? k : n, b);
          Matrix mc = load(be, m, n, c);
          be.gemm(ta, ma, tb, mb, 0.5f, 2f, mc);
          results[i++] = read(be, mc);
        }
        assertArrayEquals(results[0], results[1], 1e-3f, "transA=" + ta + " transB=" + tb);
      }
    }
  }

  @Test
  void elementwiseOpsAndTheLossMatchTheReference() {
    int rows = 17;
    int cols = 10;
    float[] x = randoms(rows * cols);
    float[] bias = randoms(cols);
    float[] upstream = randoms(rows * cols);
    int[] labels = new int[rows];
    for (int r = 0; r < rows; r++) {
      labels[r] = random.nextInt(cols);
    }
    float[][][] results = new float[2][][];
    double[] losses = new double[2];
    int i = 0;
    for (Backend be : new Backend[] {reference, backend}) {
      Matrix mx = load(be, rows, cols, x);
      be.addRow(mx, load(be, 1, cols, bias));
      Matrix relu = be.allocate(rows, cols);
      be.relu(mx, relu);
      Matrix grad = be.allocate(rows, cols);
      be.reluBackward(relu, load(be, rows, cols, upstream), grad);
      Matrix sums = be.allocate(1, cols);
      be.columnSums(grad, sums);
      Matrix lossGrad = be.allocate(rows, cols);
      losses[i] = be.softmaxCrossEntropy(mx, labels, lossGrad);
      results[i++] = new float[][] {read(be, mx), read(be, relu), read(be, grad), read(be, sums), read(be, lossGrad)};
    }
    for (int op = 0; op < results[0].length; op++) {
      assertArrayEquals(results[0][op], results[1][op], 1e-5f, "operation " + op);
    }
    assertEquals(losses[0], losses[1], 1e-9);
    assertTrue(backend.name().contains("openblas"), backend.name());
  }

  @Test
  void convolutionAndPoolingMatchTheReferenceForwardAndBackward() {
    ConvShape conv = ConvShape.same(3, 14, 13, 8, 5);
    PoolShape pool = new PoolShape(8, 14, 13, 2);
    int images = 5;
    float[] x = randoms(images * conv.inputSize());
    float[] filters = randoms(conv.patchSize() * conv.filters);
    float[] bias = randoms(conv.filters);
    float[] upstream = randoms(images * pool.outputSize());
    float[][][] results = new float[2][][];
    int i = 0;
    for (Backend be : new Backend[] {reference, backend}) {
      Matrix mx = load(be, images, conv.inputSize(), x);
      Matrix mf = load(be, conv.patchSize(), conv.filters, filters);
      Matrix y = be.allocate(images, conv.outputSize());
      be.convolution(conv, mx, mf, load(be, 1, conv.filters, bias), y);
      Matrix pooled = be.allocate(images, pool.outputSize());
      be.maxPool(pool, y, pooled);
      Matrix dy = be.allocate(images, conv.outputSize());
      be.maxPoolBackward(pool, y, pooled, load(be, images, pool.outputSize(), upstream), dy);
      Matrix dx = be.allocate(images, conv.inputSize());
      Matrix df = be.allocate(conv.patchSize(), conv.filters);
      Matrix db = be.allocate(1, conv.filters);
      be.convolutionBackward(conv, mx, mf, dy, dx, df, db);
      results[i++] = new float[][] {read(be, y), read(be, pooled), read(be, dy), read(be, dx), read(be, df),
          read(be, db)};
    }
    String[] ops = {"convolution", "max pool", "max pool backward", "input gradient", "filter gradient",
        "bias gradient"};
    for (int op = 0; op < ops.length; op++) {
      assertArrayEquals(results[0][op], results[1][op], 1e-3f, ops[op]);
    }
  }

  @Test
  void mismatchedShapesAreRefusedNotComputed() {
    Matrix a = backend.allocate(3, 4);
    Matrix b = backend.allocate(5, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> backend.gemm(false, a, false, b, 1, 0, backend.allocate(3, 2)));
    assertTrue(e.getMessage().contains("op(a) 3x4, op(b) 5x2"), e.getMessage());
  }

  @Test
  void theDeviceSettingIsCheckedAndGpuIsRefusedClearly() {
    assertTrue(Backends.choose("auto", 0, 1).get().name().startsWith("cpu"));
    IllegalArgumentException gpu = assertThrows(IllegalArgumentException.class, () -> Backends.choose("gpu", 1, 1));
    assertTrue(gpu.getMessage().contains("no GPU backend"), gpu.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Backends.choose("tpu", 0, 1));
  }
}
