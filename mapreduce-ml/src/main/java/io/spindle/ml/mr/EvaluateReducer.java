package io.spindle.ml.mr;

import io.spindle.ml.metrics.MetricStats;
import io.spindle.util.Json;
import java.io.IOException;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/** Evaluation, reduce side: merges every split's statistics and writes the metrics as one JSON line. */
public final class EvaluateReducer extends Reducer<NullWritable, MetricStats, NullWritable, Text> {
  /** Configuration key: whether the model's predictions are calibrated probabilities (log-loss). */
  static final String WITH_LOGLOSS = "spindle.evaluate.logloss";

  @Override
  protected void reduce(NullWritable key, Iterable<MetricStats> values, Context context)
      throws IOException, InterruptedException {
    MetricStats total = new MetricStats();
    for (MetricStats part : values) {
      total.merge(part);
    }
    boolean logLoss = context.getConfiguration().getBoolean(WITH_LOGLOSS, true);
    context.write(NullWritable.get(), new Text(Json.write(total.toMap("test_", logLoss))));
  }
}
