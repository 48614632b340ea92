package io.spindle.bench;

import io.spindle.compute.OpenBlasBackend;
import io.spindle.ml.Algorithms;
import io.spindle.ml.compute.Backend;
import io.spindle.ml.compute.JavaBackend;
import io.spindle.ml.compute.Matrix;
import io.spindle.ml.data.Examples;
import io.spindle.ml.nn.Architecture;
import io.spindle.ml.nn.Network;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The compute backends side by side in one run: GEMM GFLOP/s, and training images per second of
 * the mlp and cnn networks (forward and backward of one batch, parameters loaded each step as in
 * training; no parameter server), for the OpenBLAS backend beside the plain-Java reference.
 *
 * <p>Usage: {@code ComputeThroughput [THREADS]}; see scripts/bench-compute.sh.
 */
public final class ComputeThroughput {
  private static final double MIN_SECONDS = 2.0;

  private ComputeThroughput() {}

  public static void main(String[] args) {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
    Map<String, Supplier<Backend>> backends = Map.of("openblas", () -> new OpenBlasBackend(threads),
        "java", JavaBackend::new);
    System.out.printf(Locale.ROOT, "GEMM C = A B, float; OpenBLAS with %d threads%n", threads);
    System.out.printf(Locale.ROOT, "%-26s %14s %14s %8s%n", "m x k x n", "openblas GF/s", "java GF/s", "ratio");
    int[][] shapes = {{512, 512, 512}, {1024, 1024, 1024}, {150, 784, 300}, {29400, 150, 16}};
    for (int[] s : shapes) {
      double blas = gemmGflops(backends.get("openblas"), s);
      double java = gemmGflops(backends.get("java"), s);
      System.out.printf(Locale.ROOT, "%-26s %14.2f %14.2f %7.1fx%n", s[0] + " x " + s[1] + " x " + s[2], blas, java,
          blas / java);
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "training images/s, batch 150 (forward + backward + gradient download)%n");
    System.out.printf(Locale.ROOT, "%-28s %14s %14s %8s%n", "network", "openblas img/s", "java img/s", "ratio");
    for (String algorithm : new String[] {Algorithms.MLP, Algorithms.CNN}) {
      Architecture architecture = Architecture.of(algorithm, 784, Algorithms.hyperparameters(algorithm, Map.of()));
      double blas = imagesPerSecond(backends.get("openblas"), architecture);
      double java = imagesPerSecond(backends.get("java"), architecture);
      String name = algorithm + " " + (algorithm.equals(Algorithms.MLP) ? "784-300-10" : "conv 6,16 + 120,84");
      System.out.printf(Locale.ROOT, "%-28s %14.0f %14.0f %7.1fx%n", name, blas, java, blas / java);
    }
  }

  private static float[] randoms(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian() * 0.1f;
    }
    return v;
  }

  private static double gemmGflops(Supplier<Backend> backends, int[] s) {
    Random random = new Random(1);
    try (Backend backend = backends.get()) {
      Matrix a = backend.allocate(s[0], s[1]);
      Matrix b = backend.allocate(s[1], s[2]);
      Matrix c = backend.allocate(s[0], s[2]);
      backend.upload(randoms(random, a.size()), 0, a);
      backend.upload(randoms(random, b.size()), 0, b);
      double seconds = timed(() -> backend.gemm(false, a, false, b, 1f, 0f, c));
      return 2.0 * s[0] * s[1] * s[2] / seconds / 1e9;
    }
  }

  private static double imagesPerSecond(Supplier<Backend> backends, Architecture architecture) {
    Random random = new Random(2);
    int batch = 150;
    Examples data = new Examples();
    int[] indices = new int[784];
    for (int f = 0; f < indices.length; f++) {
      indices[f] = f;
    }
    for (int i = 0; i < batch; i++) {
      float[] pixels = new float[784];
      for (int f = 0; f < pixels.length; f++) {
        pixels[f] = random.nextFloat();
      }
      data.add(i % 10, indices, pixels, pixels.length);
    }
    int[] order = new int[batch];
    for (int i = 0; i < batch; i++) {
      order[i] = i;
    }
    int[] sizes = architecture.tableSizes();
    float[][] parameters = new float[sizes.length][];
    float[][] gradients = new float[sizes.length][];
    for (int t = 0; t < sizes.length; t++) {
      parameters[t] = randoms(random, sizes[t]);
      gradients[t] = new float[sizes[t]];
    }
    try (Backend backend = backends.get()) {
      Network network = architecture.network(backend);
      double seconds = timed(() -> {
        network.load(parameters);
        network.step(data, order, 0, batch, gradients);
      });
      return batch / seconds;
    }
  }

  /** Seconds per run of the task: repeated for at least MIN_SECONDS after a warm-up of the same length. */
  private static double timed(Runnable task) {
    for (int pass = 0; ; pass++) {
      long start = System.nanoTime();
      int runs = 0;
      while (System.nanoTime() - start < MIN_SECONDS * 1e9) {
        task.run();
        runs++;
      }
      if (pass == 1) {
        return (System.nanoTime() - start) / 1e9 / runs;
      }
    }
  }
}
