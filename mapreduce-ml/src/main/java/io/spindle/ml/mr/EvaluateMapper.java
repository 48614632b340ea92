package io.spindle.ml.mr;

import io.spindle.ml.data.Examples;
import io.spindle.ml.metrics.MetricStats;
import java.io.IOException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/** Evaluation, map side: scores its split and emits one {@link MetricStats} of it. */
public final class EvaluateMapper extends Mapper<LongWritable, Text, NullWritable, MetricStats> {
  private ModelScorer scorer;
  private MetricStats stats;
  private String file;

  @Override
  protected void setup(Context context) throws IOException {
    scorer = new ModelScorer(context, true);
    stats = scorer.model.model.newStats();
    file = context.getInputSplit() instanceof FileSplit ? ((FileSplit) context.getInputSplit()).getPath().toString() : "input";
  }

  @Override
  protected void map(LongWritable offset, Text line, Context context) {
    Examples example = scorer.parse(offset.get(), line.toString(), file);
    if (example != null) {
      scorer.model.model.score(example, 0, stats);
    }
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    scorer.finish();
    context.write(NullWritable.get(), stats);
  }
}
