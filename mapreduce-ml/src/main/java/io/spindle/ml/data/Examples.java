package io.spindle.ml.data;

import io.spindle.ml.param.ArraySizes;
import java.util.Arrays;

/**
 * Labelled sparse examples in compressed-row form: example i has features
 * {@code indices[start(i), end(i))} with {@code values[...]}. Loaded once per worker and kept in
 * memory across clocks.
 */
public final class Examples {
  private float[] labels = new float[1024];
  private int[] rowStart = new int[1025];
  private int[] indices = new int[8192];
  private float[] values = new float[8192];
  private int size;

  public int size() {
    return size;
  }

  public float label(int i) {
    return labels[i];
  }

  public int start(int i) {
    return rowStart[i];
  }

  public int end(int i) {
    return rowStart[i + 1];
  }

  public int[] indices() {
    return indices;
  }

  public float[] values() {
    return values;
  }

  public int nonZeros() {
    return rowStart[size];
  }

  /**
   * Reads every stored value once, as an epoch must at the least: the memory-streaming bound an
   * epoch's time is compared with. Returns a sum so that the reads cannot be optimised away.
   */
  public double scan() {
    double sum = 0;
    for (int i = 0; i < size; i++) {
      sum += labels[i];
      for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
        sum += indices[p] * values[p];
      }
    }
    return sum;
  }

  /** Appends one example with {@code n} features. */
  public void add(float label, int[] featureIndices, float[] featureValues, int n) {
    if (size == labels.length) {
      labels = Arrays.copyOf(labels, ArraySizes.grown(size, size + 1L, "a split's examples", ArraySizes.MORE_WORKERS));
      rowStart = Arrays.copyOf(rowStart, labels.length + 1);
    }
    int at = rowStart[size];
    if (at + n > indices.length) {
      int capacity = ArraySizes.grown(indices.length, (long) at + n, "a split's non-zero features",
          ArraySizes.MORE_WORKERS);
      indices = Arrays.copyOf(indices, capacity);
      values = Arrays.copyOf(values, capacity);
    }
    System.arraycopy(featureIndices, 0, indices, at, n);
    System.arraycopy(featureValues, 0, values, at, n);
    labels[size] = label;
    rowStart[++size] = at + n;
  }

  /** Removes every example; the arrays stay for the next ones. */
  public void clear() {
    size = 0;
  }

  /** Gives the last example added another label (a binary -1 read as class 0). */
  public void relabelLast(float label) {
    labels[size - 1] = label;
  }

  /** Removes the last example added (one a parser took in before finding it bad). */
  public void dropLast() {
    if (size > 0) {
      size--;
    }
  }
}
