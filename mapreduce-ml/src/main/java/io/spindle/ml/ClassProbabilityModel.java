package io.spindle.ml;

import io.spindle.ml.data.Examples;
import io.spindle.ml.metrics.MetricStats;

/** A multiclass model that gives each class a probability: judged by accuracy and log-loss, predicts the top class. */
public abstract class ClassProbabilityModel implements Model {
  /** Class probabilities of example i. */
  public abstract double[] probabilities(Examples data, int i);

  /** How many classes it tells apart: labels are 0 .. classes - 1. */
  @Override
  public abstract int classes();

  /** The most probable class. */
  public static int argmax(double[] p) {
    int best = 0;
    for (int c = 1; c < p.length; c++) {
      best = p[c] > p[best] ? c : best;
    }
    return best;
  }

  @Override
  public MetricStats newStats() {
    return new MetricStats(MetricStats.Kind.MULTICLASS, true);
  }

  @Override
  public void score(Examples data, int i, MetricStats into) {
    double[] p = probabilities(data, i);
    int y = (int) data.label(i);
    into.addClass(y >= 0 && y < p.length ? p[y] : 0, argmax(p) == y);
  }

  @Override
  public String predict(Examples data, int i) {
    return String.valueOf(argmax(probabilities(data, i)));
  }
}
