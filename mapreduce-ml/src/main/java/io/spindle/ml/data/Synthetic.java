package io.spindle.ml.data;

import java.io.IOException;
import java.io.Writer;
import java.util.SplittableRandom;

/**
 * Seeded synthetic datasets for tests and benchmarks whose true model is known.
 *
 * <p>Ratings: {@code rating = 3.5 + b_u + b_i + p_u . q_i + noise} with biases ~ N(0, 0.5^2),
 * factors ~ N(0, rank^-1/2) (so p . q has unit variance) and noise ~ N(0, noise^2): an exact
 * model's RMSE is {@code noise}, the floor a learner is measured against. The same seed gives the
 * same users' and items' truths, so a train and a test file drawn with different
 * {@code sampleSeed}s come from one model.
 *
 * <p>Sparse classification: LibSVM rows of {@code nonZeros} distinct hashed features with value
 * 1 out of {@code features}, labelled 1 with probability sigmoid(w . x / sqrt(nonZeros)) for
 * weights w ~ N(0, 1) drawn from {@code seed}: a logistic model generates the labels, so
 * logistic regression is the right learner and its best accuracy is below 1.
 */
public final class Synthetic {
  private Synthetic() {}

  /** Writes {@code count} ratings as {@code user,item,rating} lines. */
  public static void ratings(Writer out, int users, int items, int rank, double noise, long count, long seed,
                             long sampleSeed) throws IOException {
    SplittableRandom truth = new SplittableRandom(seed);
    double scale = Math.pow(rank, -0.25);
    double[] p = gaussians(truth, users * rank, scale);
    double[] q = gaussians(truth, items * rank, scale);
    double[] bu = gaussians(truth, users, 0.5);
    double[] bi = gaussians(truth, items, 0.5);
    SplittableRandom sample = new SplittableRandom(sampleSeed);
    StringBuilder line = new StringBuilder();
    for (long n = 0; n < count; n++) {
      int u = sample.nextInt(users);
      int i = sample.nextInt(items);
      double r = 3.5 + bu[u] + bi[i] + noise * gaussian(sample);
      for (int f = 0; f < rank; f++) {
        r += p[u * rank + f] * q[i * rank + f];
      }
      line.setLength(0);
      line.append(u).append(',').append(i).append(',').append((float) r).append('\n');
      out.write(line.toString());
    }
  }

  /** Writes {@code count} LibSVM lines (1-based indices). */
  public static void sparseClassification(Writer out, int features, int nonZeros, long count, long seed,
                                          long sampleSeed) throws IOException {
    if (nonZeros < 1 || nonZeros > features) {
      throw new IllegalArgumentException("non-zeros per row must be in 1.." + features + ", got " + nonZeros);
    }
    double[] w = gaussians(new SplittableRandom(seed), features, 1);
    SplittableRandom sample = new SplittableRandom(sampleSeed);
    int[] picked = new int[nonZeros];
    double scale = 1 / Math.sqrt(nonZeros);
    StringBuilder line = new StringBuilder();
    for (long n = 0; n < count; n++) {
      int k = 0;
      while (k < nonZeros) {   // distinct indices by rejection: nonZeros is far below features in practice
        int f = sample.nextInt(features);
        boolean seen = false;
        for (int j = 0; j < k && !seen; j++) {
          seen = picked[j] == f;
        }
        if (!seen) {
          picked[k++] = f;
        }
      }
      java.util.Arrays.sort(picked);
      double z = 0;
      for (int f : picked) {
        z += w[f] * scale;
      }
      boolean positive = sample.nextDouble() < 1 / (1 + Math.exp(-z));
      line.setLength(0);
      line.append(positive ? "+1" : "-1");
      for (int f : picked) {
        line.append(' ').append(f + 1).append(":1");
      }
      line.append('\n');
      out.write(line.toString());
    }
  }

  private static double[] gaussians(SplittableRandom random, int n, double stddev) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = stddev * gaussian(random);
    }
    return out;
  }

  /** A standard normal draw (Box-Muller), from the given generator only, so sequences are reproducible. */
  static double gaussian(SplittableRandom random) {
    double u1 = random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
}
