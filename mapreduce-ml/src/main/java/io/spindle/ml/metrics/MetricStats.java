package io.spindle.ml.metrics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.io.Writable;

/**
 * Sufficient statistics of the evaluation metrics, mergeable in any order: the map side adds
 * predictions, the reduce side merges. AUC comes from score histograms (1,000 bins over [0, 1]),
 * exact up to the order of scores inside one bin.
 */
public final class MetricStats implements Writable {
  static final int BINS = 1000;

  private boolean classifier;
  private long count;
  private long correct;
  private double logLoss;
  private double squaredError;
  private double absoluteError;
  private long[] positives = new long[BINS];
  private long[] negatives = new long[BINS];

  public MetricStats() {}

  public MetricStats(boolean classifier) {
    this.classifier = classifier;
  }

  /** @param prediction a probability for classifiers, a value for regression */
  public void add(double prediction, float label) {
    count++;
    if (classifier) {
      boolean pos = label > 0.5f;
      if ((prediction >= 0.5) == pos) {
        correct++;
      }
      double p = Math.min(1 - 1e-15, Math.max(1e-15, prediction));
      logLoss -= pos ? Math.log(p) : Math.log(1 - p);
      int bin = (int) Math.min(BINS - 1, Math.max(0, prediction * BINS));
      (pos ? positives : negatives)[bin]++;
    } else {
      double e = prediction - label;
      squaredError += e * e;
      absoluteError += Math.abs(e);
    }
  }

  public void merge(MetricStats other) {
    classifier = other.classifier;
    count += other.count;
    correct += other.correct;
    logLoss += other.logLoss;
    squaredError += other.squaredError;
    absoluteError += other.absoluteError;
    for (int b = 0; b < BINS; b++) {
      positives[b] += other.positives[b];
      negatives[b] += other.negatives[b];
    }
  }

  public long count() {
    return count;
  }

  /** AUC over the histograms: pairs in a lower bin count as ordered, pairs in one bin as ties. */
  public double auc() {
    long totalPos = 0;
    long totalNeg = 0;
    for (int b = 0; b < BINS; b++) {
      totalPos += positives[b];
      totalNeg += negatives[b];
    }
    if (totalPos == 0 || totalNeg == 0) {
      return Double.NaN;
    }
    double wins = 0;
    long negativesBelow = 0;
    for (int b = 0; b < BINS; b++) {
      wins += positives[b] * (negativesBelow + 0.5 * negatives[b]);
      negativesBelow += negatives[b];
    }
    return wins / ((double) totalPos * totalNeg);
  }

  /** Metrics under their summary names. */
  public Map<String, Double> toMap(String prefix, boolean withLogLoss) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(prefix + "count", (double) count);
    if (classifier) {
      m.put(prefix + "accuracy", correct / (double) count);
      if (withLogLoss) {
        m.put(prefix + "logloss", logLoss / count);
      }
      m.put(prefix + "auc", auc());
    } else {
      m.put(prefix + "rmse", Math.sqrt(squaredError / count));
      m.put(prefix + "mae", absoluteError / count);
    }
    return m;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeBoolean(classifier);
    out.writeLong(count);
    out.writeLong(correct);
    out.writeDouble(logLoss);
    out.writeDouble(squaredError);
    out.writeDouble(absoluteError);
    for (int b = 0; b < BINS; b++) {
      out.writeLong(positives[b]);
      out.writeLong(negatives[b]);
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    classifier = in.readBoolean();
    count = in.readLong();
    correct = in.readLong();
    logLoss = in.readDouble();
    squaredError = in.readDouble();
    absoluteError = in.readDouble();
    positives = new long[BINS];
    negatives = new long[BINS];
    for (int b = 0; b < BINS; b++) {
      positives[b] = in.readLong();
      negatives[b] = in.readLong();
    }
  }
}
