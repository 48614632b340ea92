package io.spindle.ml.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The backend's convolution (im2col + GEMM) and pooling against the definitions written as
 * direct loops, forward and every gradient, with padding and strides.
 */
class ConvolutionTest {
  private final Random random = new Random(3);
  private final JavaBackend backend = new JavaBackend();

  private float[] randoms(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  private Matrix load(int rows, int cols, float[] values) {
    Matrix m = backend.allocate(rows, cols);
    backend.upload(values, 0, m);
    return m;
  }

  private float[] read(Matrix m) {
    float[] out = new float[m.size()];
    backend.download(m, out, 0);
    return out;
  }

  /** Input value (c, y, x) of an image, zero outside it (the padding). */
  private static float at(ConvShape s, float[] x, int img, int c, int y, int xx) {
    if (y < 0 || y >= s.height || xx < 0 || xx >= s.width) {
      return 0f;
    }
    return x[img * s.inputSize() + (c * s.height + y) * s.width + xx];
  }

  private static int filterIndex(ConvShape s, int c, int ky, int kx, int f) {
    return ((c * s.kernel + ky) * s.kernel + kx) * s.filters + f;
  }

  @Test
  void convolutionAndItsGradientsMatchTheDefinition() {
    for (ConvShape s : new ConvShape[] {new ConvShape(2, 7, 6, 3, 3, 1, 0), ConvShape.same(3, 6, 5, 4, 5),
        new ConvShape(2, 9, 8, 3, 3, 2, 1)}) {
      int images = 3;
      float[] x = randoms(images * s.inputSize());
      float[] w = randoms(s.patchSize() * s.filters);
      float[] b = randoms(s.filters);
      float[] dy = randoms(images * s.outputSize());
      int oh = s.outHeight();
      int ow = s.outWidth();
      float[] y = new float[images * s.outputSize()];
      float[] dx = new float[x.length];
      float[] dw = new float[w.length];
      float[] db = new float[b.length];
      for (int img = 0; img < images; img++) {
        for (int f = 0; f < s.filters; f++) {
          for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
              int o = img * s.outputSize() + (f * oh + oy) * ow + ox;
              double sum = b[f];
              db[f] += dy[o];
              for (int c = 0; c < s.channels; c++) {
                for (int ky = 0; ky < s.kernel; ky++) {
                  for (int kx = 0; kx < s.kernel; kx++) {
                    int iy = oy * s.stride - s.pad + ky;
                    int ix = ox * s.stride - s.pad + kx;
                    float in = at(s, x, img, c, iy, ix);
                    sum += in * w[filterIndex(s, c, ky, kx, f)];
                    dw[filterIndex(s, c, ky, kx, f)] += in * dy[o];
                    if (iy >= 0 && iy < s.height && ix >= 0 && ix < s.width) {
                      dx[img * s.inputSize() + (c * s.height + iy) * s.width + ix] += w[filterIndex(s, c, ky, kx, f)]
                          * dy[o];
                    }
                  }
                }
              }
              y[o] = (float) sum;
            }
          }
        }
      }
      Matrix mx = load(images, s.inputSize(), x);
      Matrix mw = load(s.patchSize(), s.filters, w);
      Matrix my = backend.allocate(images, s.outputSize());
      backend.convolution(s, mx, mw, load(1, s.filters, b), my);
      assertArrayEquals(y, read(my), 1e-4f, "forward " + s);
      Matrix mdx = backend.allocate(images, s.inputSize());
      Matrix mdw = backend.allocate(s.patchSize(), s.filters);
      Matrix mdb = backend.allocate(1, s.filters);
      backend.convolutionBackward(s, mx, mw, load(images, s.outputSize(), dy), mdx, mdw, mdb);
      assertArrayEquals(dx, read(mdx), 1e-4f, "input gradient " + s);
      assertArrayEquals(dw, read(mdw), 1e-3f, "filter gradient " + s);
      assertArrayEquals(db, read(mdb), 1e-4f, "bias gradient " + s);
    }
  }

  @Test
  void maxPoolingRoutesEachGradientToItsWindowsMaximum() {
    PoolShape s = new PoolShape(3, 5, 6, 2);   // an odd height: the last row is dropped
    int images = 2;
    float[] x = randoms(images * s.inputSize());
    float[] dy = randoms(images * s.outputSize());
    float[] y = new float[dy.length];
    float[] dx = new float[x.length];
    for (int img = 0; img < images; img++) {
      for (int c = 0; c < 3; c++) {
        for (int oy = 0; oy < s.outHeight(); oy++) {
          for (int ox = 0; ox < s.outWidth(); ox++) {
            int o = ((img * 3 + c) * s.outHeight() + oy) * s.outWidth() + ox;
            int best = -1;
            for (int wy = 0; wy < 2; wy++) {
              for (int wx = 0; wx < 2; wx++) {
                int i = ((img * 3 + c) * 5 + oy * 2 + wy) * 6 + ox * 2 + wx;
                best = best < 0 || x[i] > x[best] ? i : best;
              }
            }
            y[o] = x[best];
            dx[best] += dy[o];
          }
        }
      }
    }
    Matrix mx = load(images, s.inputSize(), x);
    Matrix my = backend.allocate(images, s.outputSize());
    backend.maxPool(s, mx, my);
    assertArrayEquals(y, read(my), 0f);
    Matrix mdx = backend.allocate(images, s.inputSize());
    backend.maxPoolBackward(s, mx, my, load(images, s.outputSize(), dy), mdx);
    assertArrayEquals(dx, read(mdx), 0f);
  }

  @Test
  void impossibleShapesAreRefusedWithTheirSizes() {
    IllegalArgumentException kernel = assertThrows(IllegalArgumentException.class,
        () -> new ConvShape(1, 4, 4, 2, 7, 1, 0));
    assertTrue(kernel.getMessage().contains("7x7 kernel does not fit a 4x4 image"), kernel.getMessage());
    ConvShape s = ConvShape.same(1, 4, 4, 2, 3);
    IllegalArgumentException filters = assertThrows(IllegalArgumentException.class, () -> backend.convolution(s,
        backend.allocate(2, 16), backend.allocate(8, 2), backend.allocate(1, 2), backend.allocate(2, 32)));
    assertTrue(filters.getMessage().contains("filters is 8x2, expected 9x2"), filters.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new PoolShape(1, 1, 4, 2));
  }
}
