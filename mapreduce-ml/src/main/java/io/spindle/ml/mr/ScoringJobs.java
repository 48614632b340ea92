package io.spindle.ml.mr;

import io.spindle.ml.SavedModel;
import io.spindle.ml.metrics.MetricStats;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;

/**
 * The Hadoop MapReduce jobs that use a trained model: batch prediction (map-only) and evaluation
 * (map, then one reduce of metric statistics). Both read any text input the model's format reads.
 *
 * <pre>{@code
 * Job job = ScoringJobs.predict(conf, "hdfs:///models/a9a", "hdfs:///data/new", "hdfs:///scores");
 * job.setJar(spindleJar);
 * job.waitForCompletion(false);
 * }</pre>
 */
public final class ScoringJobs {
  private ScoringJobs() {}

  public static Job predict(Configuration conf, String model, String input, String output) throws IOException {
    Job job = job(conf, "spindle predict " + model, model, input, output);
    job.setMapperClass(PredictMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(NullWritable.class);
    job.setOutputValueClass(Text.class);
    return job;
  }

  public static Job evaluate(Configuration conf, String model, String input, String output) throws IOException {
    Job job = job(conf, "spindle evaluate " + model, model, input, output);
    job.setMapperClass(EvaluateMapper.class);
    job.setMapOutputKeyClass(NullWritable.class);
    job.setMapOutputValueClass(MetricStats.class);
    job.setReducerClass(EvaluateReducer.class);
    job.setNumReduceTasks(1);
    job.setOutputKeyClass(NullWritable.class);
    job.setOutputValueClass(Text.class);
    return job;
  }

  /**
   * The metrics an evaluate job wrote to its output directory. A metric without a value (AUC of
   * records of one class, anything of a model that diverged) was written as null and reads as
   * NaN, never as a number it is not; no metrics at all means the input held no files.
   */
  public static java.util.Map<String, Double> readMetrics(org.apache.hadoop.fs.FileSystem fs, Path output)
      throws IOException {
    Path part = new Path(output, "part-r-00000");
    try (java.io.InputStream in = fs.open(part)) {
      com.fasterxml.jackson.databind.JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
      if (node == null || node.isMissingNode() || node.size() == 0) {
        throw new IOException("the evaluation wrote no metrics (" + part + " is empty): its input holds no files");
      }
      java.util.Map<String, Double> metrics = new java.util.LinkedHashMap<>();
      node.fields().forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().isNull() ? Double.NaN
          : e.getValue().asDouble()));
      return metrics;
    }
  }

  private static Job job(Configuration conf, String name, String model, String input, String output) throws IOException {
    SavedModel.load(conf, model).parser();   // refuse a missing, unreadable or unscorable model before submitting
    Job job = Job.getInstance(conf, name);
    job.getConfiguration().set(ModelScorer.MODEL, model);
    job.setInputFormatClass(TextInputFormat.class);
    job.setOutputFormatClass(TextOutputFormat.class);
    FileInputFormat.addInputPath(job, new Path(input));
    FileOutputFormat.setOutputPath(job, new Path(output));
    return job;
  }
}
