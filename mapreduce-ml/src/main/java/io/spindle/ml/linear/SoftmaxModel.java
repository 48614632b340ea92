package io.spindle.ml.linear;

import io.spindle.ml.Model;
import io.spindle.ml.data.Examples;
import io.spindle.ml.metrics.MetricStats;
import java.util.LinkedHashMap;
import java.util.Map;

/** A multinomial logistic model: (features + 1) rows of class weights, the bias row last. */
public final class SoftmaxModel implements Model {
  private final float[] weights;
  private final int classes;

  public SoftmaxModel(float[] weights, int classes) {
    if (classes < 2 || weights.length % classes != 0) {
      throw new IllegalArgumentException(weights.length + " weights are not rows of " + classes + " classes");
    }
    this.weights = weights;
    this.classes = classes;
  }

  @Override
  public float[] parameters() {
    return weights;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("classes", classes);
    m.put("parameters", "rows of " + classes + " class weights for features 0.." + (weights.length / classes - 2)
        + ", then the bias row");
    return m;
  }

  /** Class probabilities of example i. */
  public double[] probabilities(Examples data, int i) {
    int biasRow = weights.length / classes - 1;
    double[] z = new double[classes];
    for (int c = 0; c < classes; c++) {
      z[c] = weights[biasRow * classes + c];
    }
    for (int p = data.start(i); p < data.end(i); p++) {
      int row = data.indices()[p];
      float x = data.values()[p];
      for (int c = 0; c < classes; c++) {
        z[c] += weights[row * classes + c] * x;
      }
    }
    SoftmaxObjective.softmaxInPlace(z);
    return z;
  }

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
    into.addClass(y >= 0 && y < classes ? p[y] : 0, argmax(p) == y);
  }

  @Override
  public String predict(Examples data, int i) {
    return String.valueOf(argmax(probabilities(data, i)));
  }
}
