package io.spindle.ml.linear;

import io.spindle.ml.data.Examples;
import io.spindle.ml.metrics.BinaryMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/** Trained weights (bias last) of a linear model and how to score and evaluate with them. */
public final class LinearModel {
  private final Loss loss;
  private final float[] weights;

  public LinearModel(Loss loss, float[] weights) {
    this.loss = loss;
    this.weights = weights;
  }

  public float[] weights() {
    return weights;
  }

  public Loss loss() {
    return loss;
  }

  /** The prediction for example i: a probability for classifiers, the value for regression. */
  public double predict(Examples data, int i) {
    double z = LinearObjective.margin(data, i, weights);
    return loss == Loss.SQUARED ? z : Loss.sigmoid(z);
  }

  /** Test metrics under their summary names (test_accuracy, test_logloss, test_auc, test_rmse, test_mae). */
  public Map<String, Double> evaluate(Examples test) {
    if (loss == Loss.SQUARED) {
      double squares = 0;
      double absolute = 0;
      for (int i = 0; i < test.size(); i++) {
        double e = predict(test, i) - test.label(i);
        squares += e * e;
        absolute += Math.abs(e);
      }
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("test_rmse", Math.sqrt(squares / test.size()));
      m.put("test_mae", absolute / test.size());
      m.put("test_count", (double) test.size());
      return m;
    }
    BinaryMetrics metrics = new BinaryMetrics();
    for (int i = 0; i < test.size(); i++) {
      metrics.add(predict(test, i), test.label(i));
    }
    // A hinge-loss margin is not a calibrated probability: no log-loss for the SVM.
    return metrics.toMap("test_", loss == Loss.LOGISTIC);
  }
}
