package io.spindle.ml;

import io.spindle.ml.data.Examples;
import io.spindle.ml.metrics.MetricStats;
import java.util.Map;

/**
 * A trained model as its users see it: parameters to save, and scoring of examples. One
 * implementation serves the training job's test metrics and the predict and evaluate MapReduce
 * jobs, so that all three agree.
 */
public interface Model {
  /** The parameters, in the layout {@link #describe()} names. */
  float[] parameters();

  /** Manifest entries that describe the parameters (layout, shape), beside the common ones. */
  Map<String, Object> describe();

  /** Empty statistics of the metrics this model is judged by. */
  MetricStats newStats();

  /** Adds example i's prediction to the statistics. */
  void score(Examples data, int i, MetricStats into);

  /** Example i's prediction as text: a probability, a class, a value or a cluster. */
  String predict(Examples data, int i);

  /** The classes a classifier tells apart (its labels are 0 .. classes - 1); 0 for other models. */
  default int classes() {
    return 0;
  }

  /** Metrics of the model on a test set under their summary names (test_accuracy, test_rmse, ...). */
  default Map<String, Double> evaluate(Examples test) {
    MetricStats stats = newStats();
    for (int i = 0; i < test.size(); i++) {
      score(test, i, stats);
    }
    return stats.toMap("test_");
  }
}
