package io.spindle.ml.mr;

import io.spindle.ml.metrics.MetricStats;
import io.spindle.util.Json;
import java.io.IOException;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/** Evaluation, reduce side: merges every split's statistics and writes the metrics as one JSON line. */
public final class EvaluateReducer extends Reducer<NullWritable, MetricStats, NullWritable, Text> {
  @Override
  protected void reduce(NullWritable key, Iterable<MetricStats> values, Context context)
      throws IOException, InterruptedException {
    MetricStats total = new MetricStats();
    for (MetricStats part : values) {
      total.merge(part);
    }
    context.write(NullWritable.get(), new Text(Json.write(total.toMap("test_"))));
  }
}
