package io.spindle.ml.metrics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.io.Writable;

/**
 * Sufficient statistics of the evaluation metrics, mergeable in any order: a trainer or a map
 * task adds predictions, a reducer merges. The same class computes the test metrics of a
 * training job and of {@code spindle evaluate}, so the two agree. AUC comes from score
 * histograms, exact up to the order of scores inside one bin. The bins split the scores'
 * log-odds, not the probabilities: a confident model puts most of its scores within 0.001 of 0
 * or 1, where equal bins of probability would count them all as ties.
 */
public final class MetricStats implements Writable {
  /** What the predictions are, which decides the metrics. */
  public enum Kind {
    /** probability of the positive class: accuracy, AUC, log-loss if calibrated */
    BINARY,
    /** probability of the true class and whether the top class was right: accuracy, log-loss */
    MULTICLASS,
    /** a value: RMSE, MAE */
    REGRESSION,
    /** squared distance to the nearest centre: cost */
    CLUSTERING
  }

  /**
   * Bins over log-odds in [-16, 16] (probabilities 1e-7 from 0 and 1): as fine as a thousandth of
   * probability around 0.5, finer towards the ends.
   */
  static final int BINS = 8192;
  private static final double LOG_ODDS_RANGE = 16;

  private Kind kind = Kind.REGRESSION;
  private boolean withLogLoss;
  private long count;
  private long correct;
  private long undefined;   // predictions that are NaN (a diverged model): never right, and no AUC
  private double logLoss;
  private double squaredError;
  private double absoluteError;
  private long[] positives = new long[BINS];
  private long[] negatives = new long[BINS];

  public MetricStats() {}

  /** @param withLogLoss whether probabilities are calibrated (not so for a hinge-loss margin) */
  public MetricStats(Kind kind, boolean withLogLoss) {
    this.kind = kind;
    this.withLogLoss = withLogLoss;
  }

  public Kind kind() {
    return kind;
  }

  /** A binary prediction: the probability that the label is 1. */
  public void addBinary(double probability, float label) {
    count++;
    if (Double.isNaN(probability)) {
      undefined++;
      logLoss = Double.NaN;
      return;
    }
    boolean pos = label > 0.5f;
    if ((probability >= 0.5) == pos) {
      correct++;
    }
    double p = Math.min(1 - 1e-15, Math.max(1e-15, probability));
    logLoss -= pos ? Math.log(p) : Math.log(1 - p);
    (pos ? positives : negatives)[bin(probability)]++;
  }

  /** The histogram bin of a probability, by its log-odds (0 and 1 fall in the end bins). */
  static int bin(double probability) {
    double p = Math.min(1, Math.max(0, probability));
    double logOdds = Math.max(-LOG_ODDS_RANGE, Math.min(LOG_ODDS_RANGE, Math.log(p) - Math.log1p(-p)));
    return (int) Math.min(BINS - 1, (logOdds + LOG_ODDS_RANGE) / (2 * LOG_ODDS_RANGE) * BINS);
  }

  /** A multiclass prediction: the probability given to the true class, and whether the top class was it. */
  public void addClass(double trueClassProbability, boolean topIsTrue) {
    count++;
    if (Double.isNaN(trueClassProbability)) {
      undefined++;
      logLoss = Double.NaN;
      return;
    }
    correct += topIsTrue ? 1 : 0;
    logLoss -= Math.log(Math.max(trueClassProbability, 1e-300));
  }

  public void addRegression(double prediction, float label) {
    count++;
    double e = prediction - label;
    squaredError += e * e;
    absoluteError += Math.abs(e);
  }

  /** A clustered point: its squared distance to the centre it was assigned. */
  public void addCost(double squaredDistance) {
    count++;
    squaredError += squaredDistance;
  }

  public void merge(MetricStats other) {
    kind = other.kind;
    withLogLoss = other.withLogLoss;
    count += other.count;
    correct += other.correct;
    undefined += other.undefined;
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

  /**
   * AUC over the histograms: pairs in a lower bin count as ordered, pairs in one bin as ties.
   * NaN where a prediction was NaN (no order) or a class is missing.
   */
  public double auc() {
    if (undefined > 0) {
      return Double.NaN;
    }
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

  /** Metrics under their summary names (prefix "test_": test_accuracy, test_auc, test_rmse, ...). */
  public Map<String, Double> toMap(String prefix) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(prefix + "count", (double) count);
    switch (kind) {
      case BINARY:
      case MULTICLASS:
        m.put(prefix + "accuracy", correct / (double) count);
        m.put(prefix + "error", 1 - correct / (double) count);
        if (withLogLoss) {
          m.put(prefix + "logloss", logLoss / count);
        }
        if (kind == Kind.BINARY) {
          m.put(prefix + "auc", auc());
        }
        break;
      case REGRESSION:
        m.put(prefix + "rmse", Math.sqrt(squaredError / count));
        m.put(prefix + "mae", absoluteError / count);
        break;
      case CLUSTERING:
        m.put(prefix + "cost", squaredError);
        m.put(prefix + "mean_cost", squaredError / count);
        break;
      default:
        throw new IllegalStateException(kind.name());
    }
    return m;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeByte(kind.ordinal());
    out.writeBoolean(withLogLoss);
    out.writeLong(count);
    out.writeLong(correct);
    out.writeLong(undefined);
    out.writeDouble(logLoss);
    out.writeDouble(squaredError);
    out.writeDouble(absoluteError);
    int filled = 0;   // most bins are empty: only the filled ones travel
    for (int b = 0; b < BINS; b++) {
      filled += positives[b] + negatives[b] > 0 ? 1 : 0;
    }
    out.writeInt(filled);
    for (int b = 0; b < BINS; b++) {
      if (positives[b] + negatives[b] > 0) {
        out.writeShort(b);
        out.writeLong(positives[b]);
        out.writeLong(negatives[b]);
      }
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    kind = Kind.values()[in.readByte()];
    withLogLoss = in.readBoolean();
    count = in.readLong();
    correct = in.readLong();
    undefined = in.readLong();
    logLoss = in.readDouble();
    squaredError = in.readDouble();
    absoluteError = in.readDouble();
    positives = new long[BINS];
    negatives = new long[BINS];
    int filled = in.readInt();
    if (filled < 0 || filled > BINS) {
      throw new IOException("metric statistics of " + filled + " score bins; expected at most " + BINS);
    }
    for (int i = 0; i < filled; i++) {
      int b = in.readShort();
      if (b < 0 || b >= BINS) {
        throw new IOException("metric statistics name score bin " + b + "; expected 0.." + (BINS - 1));
      }
      positives[b] = in.readLong();
      negatives[b] = in.readLong();
    }
  }
}
