package io.spindle.ml.mr;

import io.spindle.ml.Algorithms;
import io.spindle.ml.data.Examples;
import io.spindle.ml.data.Formats;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * Batch prediction, map-only: one output line per input record, {@code label<TAB>prediction},
 * the label as the record gives it (a -1 stays -1; empty for a record without one), the
 * prediction (a probability for binary classifiers, a class for softmax, mlp and cnn, a value for
 * regression and ratings, a cluster for k-means). A model trained with class names
 * ({@code label-values}) writes classes by their names. Reads the model named by
 * {@code spindle.model.uri}.
 */
public final class PredictMapper extends Mapper<LongWritable, Text, NullWritable, Text> {
  private ModelScorer scorer;
  private String file;
  private List<String> classNames;
  private boolean predictsClasses;
  private final Text out = new Text();

  @Override
  protected void setup(Context context) throws IOException {
    scorer = new ModelScorer(context, false);
    classNames = Formats.labelNames(scorer.model.hp);
    predictsClasses = Algorithms.MULTICLASS.contains(scorer.model.algorithm);
    file = context.getInputSplit() instanceof FileSplit ? ((FileSplit) context.getInputSplit()).getPath().toString() : "input";
  }

  @Override
  protected void map(LongWritable offset, Text line, Context context) throws IOException, InterruptedException {
    Examples example = scorer.parse(offset.get(), line.toString(), file);
    if (example != null) {
      String prediction = scorer.predict(example);
      out.set(formatLabel(example.label(0)) + "\t" + (predictsClasses ? named(Double.parseDouble(prediction)) : prediction));
      context.write(NullWritable.get(), out);
    }
  }

  @Override
  protected void cleanup(Context context) {
    scorer.finish();
  }

  private String formatLabel(float label) {
    return Float.isNaN(label) ? "" : named(label);   // "": the record has none
  }

  /** A class by its name where the model has names, else the number. */
  private String named(double value) {
    boolean whole = value == Math.rint(value);
    if (whole && value >= 0 && value < classNames.size()) {
      return classNames.get((int) value);
    }
    return whole ? String.valueOf((long) value) : String.valueOf((float) value);
  }
}
