package io.spindle.ml.kmeans;

import io.spindle.ml.data.Examples;

/** k centres in d dimensions (row-major), and the nearest one to a sparse point. */
public final class Centroids {
  final int k;
  final int d;
  final double[] values;
  private final double[] squaredNorms;

  public Centroids(int k, int d, double[] values) {
    if (values.length != (long) k * d) {
      throw new IllegalArgumentException(values.length + " values are not " + k + " centres of " + d + " dimensions");
    }
    this.k = k;
    this.d = d;
    this.values = values;
    this.squaredNorms = new double[k];
    for (int j = 0; j < k; j++) {
      double s = 0;
      for (int f = 0; f < d; f++) {
        s += values[j * d + f] * values[j * d + f];
      }
      squaredNorms[j] = s;
    }
  }

  /** Index of the nearest centre to example i; its squared distance goes to {@code distance[0]}. */
  public int nearest(Examples data, int i, double[] distance) {
    double pointNorm = 0;
    for (int p = data.start(i); p < data.end(i); p++) {
      pointNorm += (double) data.values()[p] * data.values()[p];
    }
    int best = -1;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int j = 0; j < k; j++) {
      double dot = 0;
      int base = j * d;
      for (int p = data.start(i); p < data.end(i); p++) {
        dot += values[base + data.indices()[p]] * data.values()[p];
      }
      double dist = Math.max(0, pointNorm - 2 * dot + squaredNorms[j]);
      if (dist < bestDistance) {
        bestDistance = dist;
        best = j;
      }
    }
    distance[0] = bestDistance;
    return best;
  }

  public float[] toFloats() {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  public static Centroids fromFloats(int k, int d, float[] values) {
    double[] v = new double[values.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = values[i];
    }
    return new Centroids(k, d, v);
  }
}
