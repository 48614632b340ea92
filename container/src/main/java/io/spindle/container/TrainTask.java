package io.spindle.container;

import io.spindle.compute.Backends;
import io.spindle.ml.Algorithm;
import io.spindle.ml.Algorithms;
import io.spindle.ml.Hyperparameters;
import io.spindle.ml.Model;
import io.spindle.ml.ModelManifest;
import io.spindle.ml.data.BadRecords;
import io.spindle.ml.data.ClassLabels;
import io.spindle.ml.data.Examples;
import io.spindle.ml.data.Formats;
import io.spindle.ml.data.IdxFormat;
import io.spindle.ml.data.SplitReader;
import io.spindle.ps.PsClient;
import io.spindle.thrift.JobSpec;
import io.spindle.thrift.TaskId;
import io.spindle.thrift.TaskResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import org.apache.hadoop.conf.Configuration;
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
  private final Algorithm algorithm;
  private final BadRecords bad;
  private final Examples train;
  private final BadRecords testBad;
  /** The test set (worker 0 only, else null): read before training, so that a bad one fails the job early. */
  private final Examples test;

  /**
   * Loads this worker's partition once; it stays in memory across clocks and rollbacks. Worker 0
   * also loads the test set now: it would hold it beside its partition at the end anyway, and a
   * test set that cannot be read must fail the job before the training, not after it, when the
   * model would be lost with it.
   */
  TrainTask(JobSpec spec, TaskId task, Map<String, Double> live) throws IOException {
    this.spec = spec;
    this.task = task;
    this.live = live;
    this.hp = new Hyperparameters(spec.getSettings());
    this.algorithm = Algorithms.create(spec.getAlgorithm(), spec.getFeatures(), hp, this::sample,
        Backends.choose(hp.get(Hyperparameters.DEVICE), spec.getWorkerResources().getGpus(),
            spec.getWorkerResources().getVcores()));
    this.bad = new BadRecords(hp.getDouble(Hyperparameters.MAX_BAD_RECORDS));
    long t0 = System.nanoTime();
    this.train = read(spec.getTrainUri(), spec.getWorkers(), task.getIndex(), bad);
    bad.check("--set max-bad-records");
    LOG.info("Worker {} loaded {} examples ({} non-zeros, {} bad records) in {} ms", task.getIndex(), train.size(),
        train.nonZeros(), bad.count(), (System.nanoTime() - t0) / 1_000_000);
    this.testBad = new BadRecords(hp.getDouble(Hyperparameters.MAX_BAD_RECORDS));
    this.test = task.getIndex() == 0 && spec.isSetTestUri() ? read(spec.getTestUri(), 1, 0, testBad) : null;
    testBad.check("--set max-bad-records");
  }

  private Examples read(String uri, int workers, int worker, BadRecords badRecords) throws IOException {
    return spec.getFormat().equals(Formats.IDX) ? IdxFormat.read(conf, uri, workers, worker, classes(), badRecords)
        : new SplitReader(conf).read(uri, workers, worker, parser(), badRecords);
  }

  private io.spindle.ml.data.LineParser parser() {
    return ClassLabels.checked(Formats.parser(spec.getFormat(), spec.getFeatures(), hp,
        Algorithms.labels(spec.getAlgorithm())), classes());
  }

  private int classes() {
    return Algorithms.classes(spec.getAlgorithm(), hp);
  }

  /** The first records of the training input, the same for every worker (k-means seeding). */
  private Examples sample() {
    int limit = hp.getInt(Hyperparameters.INIT_SAMPLE, 1);
    try {
      return spec.getFormat().equals(Formats.IDX) ? IdxFormat.head(conf, spec.getTrainUri(), limit)
          : new SplitReader(conf).head(spec.getTrainUri(), limit, parser(), new BadRecords(1));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the seeding sample of " + spec.getTrainUri(), e);
    }
  }

  /** The fastest of three plain scans of the partition: the memory-streaming bound of one epoch. */
  private double scanSeconds() {
    double best = Double.MAX_VALUE;
    double checksum = 0;
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      checksum += train.scan();
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    LOG.debug("Scan checksum {}", checksum);
    return best;
  }

  @Override
  public TaskResult run(PsClient ps, Faults faults) throws IOException {
    long trainStart = System.nanoTime();
    double[] smoothed = {Double.NaN};
    Straggler straggler = Straggler.parse(hp.get(Hyperparameters.STRAGGLER), spec.getWorkers());
    IntConsumer beforeClock = clock -> {
      faults.atClock(clock);
      straggler.atClock(task.getIndex());
    };
    algorithm.train(ps, train, spec.getEpochs(), beforeClock, (clock, batchLoss) -> {
      if (!Double.isNaN(batchLoss)) {
        smoothed[0] = Double.isNaN(smoothed[0]) ? batchLoss : 0.9 * smoothed[0] + 0.1 * batchLoss;
        live.put("loss", smoothed[0]);
      }
      if (task.getIndex() == 0) {   // the objective over time, for the benchmark report's plots
        LOG.info("Clock {} done at {} s: batch loss {}, smoothed {}", clock,
            String.format("%.3f", (System.nanoTime() - trainStart) / 1e9), batchLoss, smoothed[0]);
      }
    });
    double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
    Map<String, Double> metrics = new HashMap<>();
    metrics.put("train_records", (double) train.size());
    metrics.put("scan_seconds", scanSeconds());
    metrics.put("bad_records", (double) bad.count());
    if (!Double.isNaN(smoothed[0])) {
      metrics.put("train_loss", smoothed[0]);
    }
    if (task.getIndex() == 0) {
      Model model = algorithm.model(ps, spec.getEpochs());
      metrics.putAll(algorithm.finalMetrics(ps, spec.getEpochs()));
      metrics.put("train_seconds", trainSeconds);
      if (test != null) {
        metrics.putAll(model.evaluate(test));
        metrics.put("test_bad_records", (double) testBad.count());
      }
      ModelManifest.write(conf, spec, model, "parameter-server", algorithm.clocks(spec.getEpochs()), metrics);
      LOG.info("Model written to {}", spec.getOutputUri());
    }
    return new TaskResult(true).setMetrics(metrics);
  }
}
