package io.spindle.ml.mr;

import io.spindle.ml.data.Examples;
import java.io.IOException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * Batch prediction, map-only: one output line per input record, {@code label<TAB>prediction},
 * the label as the record gives it (a -1 stays -1; empty for a record without one), the prediction (a probability for binary classifiers, a class for softmax, a value for regression and
 * ratings, a cluster for k-means). Reads the model named by
 * {@code spindle.model.uri}.
 */
public final class PredictMapper extends Mapper<LongWritable, Text, NullWritable, Text> {
  private ModelScorer scorer;
  private String file;
  private final Text out = new Text();

  @Override
  protected void setup(Context context) throws IOException {
    scorer = new ModelScorer(context, false);
    file = context.getInputSplit() instanceof FileSplit ? ((FileSplit) context.getInputSplit()).getPath().toString() : "input";
  }

  @Override
  protected void map(LongWritable offset, Text line, Context context) throws IOException, InterruptedException {
    Examples example = scorer.parse(offset.get(), line.toString(), file);
    if (example != null) {
      out.set(formatLabel(example.label(0)) + "\t" + scorer.predict(example));
      context.write(NullWritable.get(), out);
    }
  }

  @Override
  protected void cleanup(Context context) {
    scorer.finish();
  }

  private static String formatLabel(float label) {
    if (Float.isNaN(label)) {
      return "";   // the record has none
    }
    return label == Math.rint(label) ? String.valueOf((long) label) : String.valueOf(label);
  }
}
