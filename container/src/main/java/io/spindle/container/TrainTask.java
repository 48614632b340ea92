package io.spindle.container;

import io.spindle.ml.Hyperparameters;
import io.spindle.ml.ModelFiles;
import io.spindle.ml.data.BadRecords;
import io.spindle.ml.data.Examples;
import io.spindle.ml.data.LibSvmFormat;
import io.spindle.ml.data.SplitReader;
import io.spindle.ml.data.IdxFormat;
import io.spindle.ml.linear.BatchObjective;
import io.spindle.ml.linear.LinearAlgorithms;
import io.spindle.ml.linear.LinearObjective;
import io.spindle.ml.linear.SoftmaxObjective;
import io.spindle.ml.linear.LinearModel;
import io.spindle.ml.linear.LinearTrainer;
import io.spindle.ml.linear.Loss;
import io.spindle.ml.param.Rows;
import io.spindle.ps.PsClient;
import io.spindle.thrift.JobSpec;
import io.spindle.thrift.TaskId;
import io.spindle.thrift.TaskResult;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's part of {@code spindle train}: load its partition once, train through the parameter
 * server, and (worker 0) evaluate the final model on the test set and write it to the output.
 */
final class TrainTask implements WorkerJob {
  private static final Logger LOG = LoggerFactory.getLogger(TrainTask.class);

  private final JobSpec spec;
  private final TaskId task;
  private final Map<String, Double> live;
  private final Configuration conf = ContainerConf.load();
  private final Hyperparameters hp;
  private final Loss loss;
  private final int features;
  private final BadRecords bad;
  private final Examples train;

  /** Loads this worker's partition once; it stays in memory across clocks and rollbacks. */
  TrainTask(JobSpec spec, TaskId task, Map<String, Double> live) throws IOException {
    this.spec = spec;
    this.task = task;
    this.live = live;
    this.loss = LinearAlgorithms.LOSSES.get(spec.getAlgorithm());
    if (loss == null && !spec.getAlgorithm().equals(SOFTMAX)) {
      throw new IllegalArgumentException("this worker cannot train algorithm '" + spec.getAlgorithm() + "'");
    }
    this.hp = new Hyperparameters(spec.getSettings());
    this.features = (int) spec.getFeatures();
    this.bad = new BadRecords(hp.getDouble(Hyperparameters.MAX_BAD_RECORDS));
    long t0 = System.nanoTime();
    this.train = read(spec.getTrainUri(), spec.getWorkers(), task.getIndex(), bad);
    bad.check("--set max-bad-records");
    LOG.info("Worker {} loaded {} examples ({} non-zeros, {} bad records) in {} ms", task.getIndex(), train.size(),
        train.nonZeros(), bad.count(), (System.nanoTime() - t0) / 1_000_000);
  }

  static final String SOFTMAX = "softmax";

  private Examples read(String uri, int workers, int worker, BadRecords badRecords) throws IOException {
    return spec.getFormat().equals("idx") ? IdxFormat.read(conf, uri, workers, worker)
        : new SplitReader(conf).read(uri, workers, worker, new LibSvmFormat(features), badRecords);
  }

  private int classes() {
    return loss == null ? hp.getInt(Hyperparameters.CLASSES) : 1;
  }

  private BatchObjective objective() {
    return loss == null ? new SoftmaxObjective(classes(), hp.getDouble(Hyperparameters.L2), features)
        : new LinearObjective(loss, hp.getDouble(Hyperparameters.L2), features);
  }

  @Override
  public TaskResult run(PsClient ps, Faults faults) throws IOException {
    LinearTrainer trainer = new LinearTrainer(objective(), hp);
    long trainStart = System.nanoTime();
    double[] smoothed = {Double.NaN};
    trainer.train(ps, train, spec.getEpochs(), faults::atClock, (clock, batchLoss) -> {
      if (!Double.isNaN(batchLoss)) {
        smoothed[0] = Double.isNaN(smoothed[0]) ? batchLoss : 0.9 * smoothed[0] + 0.1 * batchLoss;
        live.put("loss", smoothed[0]);
      }
    });
    double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
    Map<String, Double> metrics = new HashMap<>();
    metrics.put("train_records", (double) train.size());
    metrics.put("bad_records", (double) bad.count());
    if (!Double.isNaN(smoothed[0])) {
      metrics.put("train_loss", smoothed[0]);
    }
    if (task.getIndex() == 0) {
      int total = trainer.totalClocks(spec.getEpochs());
      float[] weights = ps.pullAfter(LinearTrainer.WEIGHTS, Rows.range(0, features + 1), total).join();
      metrics.put("train_seconds", trainSeconds);
      if (spec.isSetTestUri()) {
        BadRecords testBad = new BadRecords(hp.getDouble(Hyperparameters.MAX_BAD_RECORDS));
        Examples test = read(spec.getTestUri(), 1, 0, testBad);
        testBad.check("--set max-bad-records");
        metrics.putAll(loss == null ? SoftmaxObjective.evaluate(test, weights, classes())
            : new LinearModel(loss, weights).evaluate(test));
        metrics.put("test_bad_records", (double) testBad.count());
      }
      writeModel(conf, spec, weights, total, metrics);
    }
    return new TaskResult(true).setMetrics(metrics);
  }

  private static void writeModel(Configuration conf, JobSpec spec, float[] weights, int clocks,
                                 Map<String, Double> metrics) throws IOException {
    Path output = new Path(spec.getOutputUri());
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("format", "spindle-model");
    manifest.put("version", 1);
    manifest.put("algorithm", spec.getAlgorithm());
    manifest.put("features", spec.getFeatures());
    int classes = new Hyperparameters(spec.getSettings()).getInt(Hyperparameters.CLASSES);
    boolean softmax = spec.getAlgorithm().equals(SOFTMAX);
    manifest.put("classes", softmax ? classes : 2);
    manifest.put("parameters", softmax
        ? "rows of " + classes + " class weights for features 0.." + (spec.getFeatures() - 1) + ", then the bias row"
        : "weights of features 0.." + (spec.getFeatures() - 1) + ", then the bias");
    manifest.put("input_format", spec.getFormat());
    manifest.put("hyperparameters", new Hyperparameters(spec.getSettings()).effective());
    manifest.put("consistency", spec.getConsistency().getModel().name().toLowerCase(java.util.Locale.ROOT)
        + (spec.getConsistency().getModel().name().equals("SSP") ? "(" + spec.getConsistency().getStaleness() + ")" : ""));
    manifest.put("workers", spec.getWorkers());
    manifest.put("epochs", spec.getEpochs());
    manifest.put("clocks", clocks);
    manifest.put("inputs", Map.of("train", spec.getTrainUri(), "test", spec.isSetTestUri() ? spec.getTestUri() : ""));
    manifest.put("metrics", metrics);
    ModelFiles.write(output.getFileSystem(conf), output, weights, manifest);
    LOG.info("Model written to {}", output);
  }
}
