package io.spindle.ml.kmeans;

import io.spindle.ml.data.Examples;
import io.spindle.ml.iterative.FullBatchStep;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Lloyd's k-means as a full-batch step. Statistics are a row per centre: the sum of the points
 * assigned to it, their count and their squared distances. A centre that got no points keeps
 * its place. The initial centres are k-means++ seeds drawn from a sample every worker (and the
 * MapReduce chain) reads the same way, so every engine starts from the same centres.
 */
public final class KMeansStep implements FullBatchStep<Centroids> {
  private final int k;
  private final int d;
  private final long seed;
  private final Supplier<Examples> sample;

  /** @param sample the seeding sample (the first records of the input) */
  public KMeansStep(int k, int d, long seed, Supplier<Examples> sample) {
    this.k = k;
    this.d = d;
    this.seed = seed;
    this.sample = sample;
  }

  @Override
  public int rows() {
    return k;
  }

  @Override
  public int columns() {
    return d + 2;
  }

  @Override
  public Centroids initial() {
    return plusPlus(sample.get(), k, d, seed);
  }

  @Override
  public double[] map(Centroids centres, Examples partition) {
    double[] stats = new double[k * (d + 2)];
    double[] distance = new double[1];
    for (int i = 0; i < partition.size(); i++) {
      add(centres, partition, i, stats, distance);
    }
    return stats;
  }

  /** Adds example i to the statistics of its nearest centre. */
  public void add(Centroids centres, Examples data, int i, double[] stats, double[] distance) {
    int j = centres.nearest(data, i, distance);
    int row = j * (d + 2);
    for (int p = data.start(i); p < data.end(i); p++) {
      stats[row + data.indices()[p]] += data.values()[p];
    }
    stats[row + d] += 1;
    stats[row + d + 1] += distance[0];
  }

  @Override
  public Centroids apply(Centroids previous, double[] totals) {
    double[] next = previous.values.clone();
    for (int j = 0; j < k; j++) {
      double count = totals[j * (d + 2) + d];
      if (count > 0) {
        for (int f = 0; f < d; f++) {
          next[j * d + f] = totals[j * (d + 2) + f] / count;
        }
      }
    }
    return new Centroids(k, d, next);
  }

  @Override
  public double objective(double[] totals) {
    double cost = 0;
    for (int j = 0; j < k; j++) {
      cost += totals[j * (d + 2) + d + 1];
    }
    return cost;
  }

  /** Points counted by the statistics. */
  public double count(double[] totals) {
    double n = 0;
    for (int j = 0; j < k; j++) {
      n += totals[j * (d + 2) + d];
    }
    return n;
  }

  /** k-means++ (Arthur and Vassilvitskii 2007): each next seed drawn with probability proportional to D^2. */
  static Centroids plusPlus(Examples sample, int k, int d, long seed) {
    if (sample.size() < k) {
      throw new IllegalArgumentException("k-means++ needs at least k=" + k + " points to seed from; the seeding sample"
          + " (the first --set init-sample records of the input) holds " + sample.size() + "; lower --set k");
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[k * d];
    copy(sample, random.nextInt(sample.size()), values, 0, d);
    double[] nearest = new double[sample.size()];
    java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
    double[] distance = new double[1];
    for (int chosen = 1; chosen < k; chosen++) {
      Centroids last = new Centroids(1, d, java.util.Arrays.copyOfRange(values, (chosen - 1) * d, chosen * d));
      double total = 0;
      for (int i = 0; i < sample.size(); i++) {
        last.nearest(sample, i, distance);
        nearest[i] = Math.min(nearest[i], distance[0]);
        total += nearest[i];
      }
      int pick = sample.size() - 1;
      double target = random.nextDouble() * total;
      for (int i = 0; i < sample.size(); i++) {
        target -= nearest[i];
        if (target < 0) {
          pick = i;
          break;
        }
      }
      copy(sample, pick, values, chosen, d);
    }
    return new Centroids(k, d, values);
  }

  private static void copy(Examples data, int i, double[] into, int centre, int d) {
    for (int p = data.start(i); p < data.end(i); p++) {
      into[centre * d + data.indices()[p]] = data.values()[p];
    }
  }
}
