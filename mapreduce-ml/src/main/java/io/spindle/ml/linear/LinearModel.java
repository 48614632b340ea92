package io.spindle.ml.linear;

import io.spindle.ml.Model;
import io.spindle.ml.data.Examples;
import io.spindle.ml.metrics.MetricStats;
import java.util.LinkedHashMap;
import java.util.Map;

/** Trained weights (bias last) of a linear model (logreg, svm, linreg) and how to score with them. */
public final class LinearModel implements Model {
  private final Loss loss;
  private final float[] weights;

  public LinearModel(Loss loss, float[] weights) {
    this.loss = loss;
    this.weights = weights;
  }

  public Loss loss() {
    return loss;
  }

  @Override
  public float[] parameters() {
    return weights;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("classes", classes());
    m.put("parameters", "weights of features 0.." + (weights.length - 2) + ", then the bias");
    return m;
  }

  @Override
  public int classes() {
    return loss == Loss.SQUARED ? 0 : 2;
  }

  /** The prediction for example i: a probability for classifiers, the value for regression. */
  public double value(Examples data, int i) {
    double z = LinearObjective.margin(data, i, weights);
    return loss == Loss.SQUARED ? z : Loss.sigmoid(z);
  }

  @Override
  public MetricStats newStats() {
    // A hinge-loss margin is not a calibrated probability: no log-loss for the SVM.
    return new MetricStats(loss == Loss.SQUARED ? MetricStats.Kind.REGRESSION : MetricStats.Kind.BINARY,
        loss == Loss.LOGISTIC);
  }

  @Override
  public void score(Examples data, int i, MetricStats into) {
    if (loss == Loss.SQUARED) {
      into.addRegression(value(data, i), data.label(i));
    } else {
      into.addBinary(value(data, i), data.label(i));
    }
  }

  @Override
  public String predict(Examples data, int i) {
    return String.valueOf(value(data, i));
  }
}
