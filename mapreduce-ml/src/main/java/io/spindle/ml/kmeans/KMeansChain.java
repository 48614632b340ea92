package io.spindle.ml.kmeans;

import io.spindle.ml.Hyperparameters;
import io.spindle.ml.ModelManifest;
import io.spindle.ml.data.BadRecords;
import io.spindle.ml.data.Examples;
import io.spindle.ml.data.Formats;
import io.spindle.ml.data.Labels;
import io.spindle.ml.data.LineParser;
import io.spindle.ml.data.SplitReader;
import io.spindle.ml.mr.CountedRecords;
import io.spindle.ml.mr.JobFailures;
import io.spindle.thrift.JobSpec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;

/**
 * k-means as a chain of Hadoop MapReduce jobs, one per Lloyd iteration, for clusters that only
 * run MapReduce, and as the baseline of the in-memory engine. The driver holds the centres and
 * hands them to each job through the distributed cache; the job maps every record to the
 * statistics of its nearest centre (summed inside each map task) and one reducer adds them.
 * Same seeding, same step, same number of passes as the parameter-server engine, so both engines
 * give the same model up to float rounding.
 */
public final class KMeansChain {
  /** Submits a job and waits for it; true when it succeeded. */
  public interface Runner {
    boolean run(Job job) throws IOException, InterruptedException, ClassNotFoundException;
  }

  static final String CENTRES = "spindle.kmeans.centres";
  static final String K = "spindle.kmeans.k";
  static final String FEATURES = "spindle.kmeans.features";
  static final String FORMAT = "spindle.kmeans.format";
  static final String SETTING_PREFIX = "spindle.setting.";

  private final Configuration conf;
  private final JobSpec spec;
  private final Hyperparameters hp;
  private final int k;
  private final int d;

  public KMeansChain(Configuration conf, JobSpec spec) {
    if (spec.getFormat().equals(Formats.IDX)) {
      throw new IllegalArgumentException("the MapReduce engine reads text input (libsvm, csv); IDX is binary");
    }
    this.conf = conf;
    this.spec = spec;
    this.hp = new Hyperparameters(spec.getSettings());
    this.k = hp.getInt(Hyperparameters.K, 1);
    this.d = (int) spec.getFeatures();
  }

  /** Runs the chain, writes the model to the job's output, and returns the metrics of the summary. */
  public Map<String, Double> run(Runner runner) throws IOException, InterruptedException, ClassNotFoundException {
    LineParser parser = Formats.parser(spec.getFormat(), d, hp, Labels.OPTIONAL);   // k-means reads no label
    SplitReader reader = new SplitReader(conf);
    KMeansStep step = new KMeansStep(k, d, hp.getInt(Hyperparameters.SEED), () -> {
      try {
        return reader.head(spec.getTrainUri(), hp.getInt(Hyperparameters.INIT_SAMPLE, 1), parser, new BadRecords(1));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    Path output = new Path(spec.getOutputUri());
    FileSystem fs = output.getFileSystem(conf);
    Path work = fs.makeQualified(new Path(fs.getHomeDirectory(), ".spindle/kmeans-" + java.util.UUID.randomUUID()));
    long start = System.nanoTime();
    Centroids centres = step.initial();
    double[] totals = null;
    int iterations = spec.getEpochs();
    try {
      for (int pass = 0; pass <= iterations; pass++) {
        if (totals != null) {
          centres = step.apply(centres, totals);
        }
        Path centresFile = new Path(work, "spindle-kmeans-centres-" + pass);
        writeCentres(fs, centresFile, centres);
        Path passOutput = new Path(work, "pass-" + pass);
        Job job = job(centresFile, passOutput, pass);
        if (!runner.run(job)) {
          throw new IOException("k-means pass " + pass + " (" + job.getJobID() + ") failed: "
              + JobFailures.describe(job));
        }
        totals = readTotals(fs, passOutput);
      }
    } finally {
      fs.delete(work, true);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("cost", step.objective(totals));
    metrics.put("iterations", (double) iterations);
    metrics.put("train_records", step.count(totals));
    metrics.put("train_seconds", (System.nanoTime() - start) / 1e9);
    KMeansModel model = new KMeansModel(centres);
    ModelManifest.write(conf, spec, model, "mapreduce", iterations + 1, metrics);
    return metrics;
  }

  private Job job(Path centres, Path output, int pass) throws IOException {
    Job job = Job.getInstance(conf, "spindle kmeans pass " + pass + " " + spec.getTrainUri());
    Configuration c = job.getConfiguration();
    c.set(CENTRES, centres.toString());
    c.setInt(K, k);
    c.setInt(FEATURES, d);
    c.set(FORMAT, spec.getFormat());
    if (spec.getSettings() != null) {
      spec.getSettings().forEach((key, value) -> c.set(SETTING_PREFIX + key, value));
    }
    job.addCacheFile(centres.toUri());   // linked into each task's directory under the file's own name
    job.setInputFormatClass(TextInputFormat.class);
    FileInputFormat.addInputPath(job, new Path(spec.getTrainUri()));
    job.setMapperClass(AssignMapper.class);
    job.setCombinerClass(SumReducer.class);
    job.setReducerClass(SumReducer.class);
    job.setNumReduceTasks(1);
    job.setOutputKeyClass(NullWritable.class);
    job.setOutputValueClass(Statistics.class);
    job.setOutputFormatClass(SequenceFileOutputFormat.class);
    FileOutputFormat.setOutputPath(job, output);
    return job;
  }

  static void writeCentres(FileSystem fs, Path file, Centroids centres) throws IOException {
    try (DataOutputStream out = fs.create(file, true)) {
      out.writeInt(centres.k);
      out.writeInt(centres.d);
      for (double v : centres.values) {
        out.writeDouble(v);
      }
    }
  }

  static Centroids readCentres(InputStream raw) throws IOException {
    DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw));
    int k = in.readInt();
    int d = in.readInt();
    double[] values = new double[k * d];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readDouble();
    }
    return new Centroids(k, d, values);
  }

  private static double[] readTotals(FileSystem fs, Path passOutput) throws IOException {
    Path part = new Path(passOutput, "part-r-00000");
    try (SequenceFile.Reader reader = new SequenceFile.Reader(fs.getConf(), SequenceFile.Reader.file(
        fs.makeQualified(part)))) {
      Statistics stats = new Statistics();
      if (!reader.next(NullWritable.get(), stats)) {
        throw new IOException(part + " is empty: the pass read no records");
      }
      return stats.values();
    }
  }

  /** Map side of a pass: statistics of the split's records under the pass's centres, one record per task. */
  public static final class AssignMapper extends Mapper<LongWritable, Text, NullWritable, Statistics> {
    private KMeansStep step;
    private Centroids centres;
    private CountedRecords records;
    private double[] stats;
    private final double[] distance = new double[1];
    private String file;

    @Override
    protected void setup(Context context) throws IOException {
      Configuration c = context.getConfiguration();
      Hyperparameters hp = new Hyperparameters(c.getPropsWithPrefix(SETTING_PREFIX));
      int k = c.getInt(K, 0);
      int d = c.getInt(FEATURES, 0);
      step = new KMeansStep(k, d, 0, null);
      records = new CountedRecords(Formats.parser(c.get(FORMAT), d, hp, Labels.OPTIONAL), hp.getDouble(Hyperparameters.MAX_BAD_RECORDS),
          context);
      Path shared = new Path(c.get(CENTRES));
      java.io.File local = new java.io.File(shared.getName());   // the distributed cache's link in the task's directory
      try (InputStream in = local.exists() ? new java.io.FileInputStream(local) : shared.getFileSystem(c).open(shared)) {
        centres = readCentres(in);
      }
      stats = new double[k * (d + 2)];
      file = context.getInputSplit() instanceof FileSplit ? ((FileSplit) context.getInputSplit()).getPath().toString()
          : "input";
    }

    @Override
    protected void map(LongWritable offset, Text line, Context context) {
      Examples one = records.parse(offset.get(), line.toString(), file);
      if (one != null) {
        step.add(centres, one, 0, stats, distance);
      }
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      records.finish("--set max-bad-records");
      context.write(NullWritable.get(), new Statistics(stats));
    }
  }

  /** Combiner and reducer: adds the blocks. */
  public static final class SumReducer extends Reducer<NullWritable, Statistics, NullWritable, Statistics> {
    @Override
    protected void reduce(NullWritable key, Iterable<Statistics> values, Context context)
        throws IOException, InterruptedException {
      Statistics total = new Statistics();
      for (Statistics part : values) {
        total.add(part);
      }
      context.write(NullWritable.get(), total);
    }
  }
}
