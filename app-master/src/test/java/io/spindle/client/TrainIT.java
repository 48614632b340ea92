package io.spindle.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spindle.local.LocalCluster;
import io.spindle.local.SharedCluster;
import io.spindle.ml.ModelFiles;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Training through the full YARN path on the real a9a data, and what bad input gets. */
class TrainIT {
  private static final File DATASETS = new File(System.getProperty("spindle.datasets", "../../shared/datasets"));
  private static LocalCluster cluster;
  private static FileSystem fs;

  @BeforeAll
  static void setUp() throws Exception {
    assumeTrue(new File(DATASETS, "a9a/a9a").isFile(),
        "the a9a dataset is not at " + DATASETS.getAbsolutePath() + " (set -Dspindle.datasets)");
    cluster = SharedCluster.get();
    fs = cluster.fs();
    fs.copyFromLocalFile(new Path(new File(DATASETS, "a9a/a9a").getAbsolutePath()), new Path("/data/a9a"));
    fs.copyFromLocalFile(new Path(new File(DATASETS, "a9a/a9a.t").getAbsolutePath()), new Path("/data/a9a.t"));
  }

  private static CliRun train(String algorithm, String output, String... more) {
    String[] base = {"train", "--algorithm", algorithm, "--train", "/data/a9a", "--test", "/data/a9a.t",
        "--format", "libsvm", "--features", "123", "--output", output, "--workers", "2", "--json"};
    String[] args = new String[base.length + more.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return CliRun.run(cluster.conf(), args);
  }

  @Test
  void logisticRegressionOnA9aReachesTheReferenceAccuracyUnderSspAndScoresWithMapReduce() throws Exception {
    CliRun run = train("logreg", "/models/logreg", "--staleness", "2");
    assertEquals(ExitCodes.SUCCEEDED, run.status, run.toString());
    JsonNode metrics = run.summary().get("metrics");
    assertTrue(metrics.get("test_accuracy").asDouble() >= 0.848, run.toString());
    assertTrue(metrics.get("test_auc").asDouble() > 0.89, run.toString());
    assertEquals(32561, metrics.get("train_records").asInt(), "every training record read exactly once");
    float[] weights = ModelFiles.readParameters(fs, new Path("/models/logreg"));
    assertEquals(124, weights.length);
    try (InputStream in = fs.open(new Path("/models/logreg/" + ModelFiles.MANIFEST))) {
      JsonNode manifest = new ObjectMapper().readTree(in);
      assertEquals("logreg", manifest.get("algorithm").asText());
      assertEquals(metrics.get("test_accuracy").asDouble(), manifest.get("metrics").get("test_accuracy").asDouble());
    }

    // The same model through the MapReduce jobs: evaluation must agree with the trainer's own.
    CliRun evaluate = CliRun.run(cluster.conf(), "evaluate", "--model", "/models/logreg", "--input", "/data/a9a.t", "--json");
    assertEquals(ExitCodes.SUCCEEDED, evaluate.status, evaluate.toString());
    JsonNode evaluated = evaluate.summary().get("metrics");
    assertEquals(metrics.get("test_accuracy").asDouble(), evaluated.get("test_accuracy").asDouble(), 1e-9);
    assertEquals(metrics.get("test_logloss").asDouble(), evaluated.get("test_logloss").asDouble(), 1e-9);
    assertEquals(metrics.get("test_auc").asDouble(), evaluated.get("test_auc").asDouble(), 2e-3, "histogram AUC");
    assertEquals(16281, evaluated.get("records").asInt());
    assertEquals(1, evaluate.summary().get("attempts").get("reduce").get("launched").asInt());

    CliRun predict = CliRun.run(cluster.conf(), "predict", "--model", "/models/logreg", "--input", "/data/a9a.t",
        "--output", "/predictions/a9a", "--json");
    assertEquals(ExitCodes.SUCCEEDED, predict.status, predict.toString());
    long lines = 0;
    for (org.apache.hadoop.fs.FileStatus part : fs.listStatus(new Path("/predictions/a9a"), p -> p.getName().startsWith("part-"))) {
      try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(fs.open(part.getPath())))) {
        lines += r.lines().count();
      }
    }
    assertEquals(16281, lines, "one prediction per record");

    // Records of more features than the model has: the job fails naming them, and counts nothing.
    try (OutputStream out = fs.create(new Path("/data/wider.libsvm"))) {
      out.write("+1 3:1 500:1\n-1 4:1 600:1\n".getBytes(StandardCharsets.US_ASCII));
    }
    CliRun wider = CliRun.run(cluster.conf(), "evaluate", "--model", "/models/logreg", "--input", "/data/wider.libsvm",
        "--json");
    assertEquals(ExitCodes.JOB_FAILED, wider.status, wider.toString());
    assertTrue(wider.out.contains("outside 1..123 (the model's features"), wider.toString());
    assertTrue(!wider.summary().get("metrics").has("bad_records"), "a failed job's counters are partial: " + wider);
  }

  /** MNIST on the cluster's HDFS (copied once). */
  private static void mnistOnHdfs() throws Exception {
    File mnist = new File(DATASETS, "mnist");
    assumeTrue(new File(mnist, "train-images-idx3-ubyte.gz").isFile(), "MNIST is not at " + mnist.getAbsolutePath());
    for (String name : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
      Path target = new Path("/data/mnist/" + name);
      if (!fs.exists(target)) {
        fs.copyFromLocalFile(new Path(new File(mnist, name).getAbsolutePath()), target);
      }
    }
  }

  @Test
  void mlpOnMnistStaysUnderTwoPointTwoPercentError() throws Exception {
    mnistOnHdfs();
    CliRun run = CliRun.run(cluster.conf(), "train", "--algorithm", "mlp", "--format", "idx",
        "--train", "/data/mnist/train-images-idx3-ubyte.gz", "--test", "/data/mnist/t10k-images-idx3-ubyte.gz",
        "--output", "/models/mlp", "--workers", "2", "--staleness", "1", "--epochs", "10",
        "--set", "hidden=300", "--json");
    assertEquals(ExitCodes.SUCCEEDED, run.status, run.toString());
    JsonNode metrics = run.summary().get("metrics");
    assertTrue(metrics.get("test_error").asDouble() <= 0.022, run.toString());
    assertEquals(10000, metrics.get("test_count").asInt());
    assertEquals(785 * 300 + 301 * 10, ModelFiles.readParameters(fs, new Path("/models/mlp")).length);
  }

  @Test
  void cnnOnMnistStaysUnderOnePointTwoPercentError() throws Exception {
    mnistOnHdfs();
    CliRun run = CliRun.run(cluster.conf(), "train", "--algorithm", "cnn", "--format", "idx",
        "--train", "/data/mnist/train-images-idx3-ubyte.gz", "--test", "/data/mnist/t10k-images-idx3-ubyte.gz",
        "--output", "/models/cnn", "--workers", "2", "--staleness", "1", "--epochs", "5", "--json");
    assertEquals(ExitCodes.SUCCEEDED, run.status, run.toString());
    JsonNode metrics = run.summary().get("metrics");
    assertTrue(metrics.get("test_error").asDouble() <= 0.012, run.toString());
    assertEquals(10000, metrics.get("test_count").asInt());
    // conv 5x5 1->6 and 6->16 (each (25 x in + 1) x out), then dense 16*7*7 -> 120 -> 84 -> 10
    int expected = 26 * 6 + 151 * 16 + 785 * 120 + 121 * 84 + 85 * 10;
    assertEquals(expected, ModelFiles.readParameters(fs, new Path("/models/cnn")).length);
  }

  @Test
  void softmaxOnMnistStaysUnderEightPercentError() throws Exception {
    mnistOnHdfs();
    CliRun run = CliRun.run(cluster.conf(), "train", "--algorithm", "softmax", "--format", "idx",
        "--train", "/data/mnist/train-images-idx3-ubyte.gz", "--test", "/data/mnist/t10k-images-idx3-ubyte.gz",
        "--output", "/models/softmax", "--workers", "2", "--staleness", "2", "--epochs", "5",
        "--set", "clocks-per-epoch=128", "--set", "l2=0.00001", "--json");
    assertEquals(ExitCodes.SUCCEEDED, run.status, run.toString());
    JsonNode metrics = run.summary().get("metrics");
    assertTrue(metrics.get("test_error").asDouble() <= 0.08, run.toString());
    assertEquals(10000, metrics.get("test_count").asInt());
    assertEquals(785 * 10, ModelFiles.readParameters(fs, new Path("/models/softmax")).length);
  }

  @Test
  void fullBatchLbfgsOnA9aReachesTheReferenceAccuracyAsIterativeMapReduce() throws Exception {
    CliRun run = train("logreg", "/models/logreg-lbfgs", "--servers", "2", "--epochs", "40",
        "--set", "solver=lbfgs", "--set", "l2=0.00003");
    assertEquals(ExitCodes.SUCCEEDED, run.status, run.toString());
    JsonNode metrics = run.summary().get("metrics");
    assertTrue(metrics.get("test_accuracy").asDouble() >= 0.848, run.toString());
    assertEquals(40, metrics.get("iterations").asInt());
    assertEquals(124, ModelFiles.readParameters(fs, new Path("/models/logreg-lbfgs")).length);
  }

  /** Also: the model may land on a filesystem other than the cluster's default one (here the local one). */
  @Test
  void linearSvmOnA9aReachesTheReferenceAccuracyUnderBspWritingToAnotherFileSystem() throws Exception {
    File local = new File("target/local-models/svm").getAbsoluteFile();
    org.apache.hadoop.fs.FileUtil.fullyDelete(local.getParentFile());
    Path output = new Path(local.toURI());
    CliRun run = train("svm", output.toString(), "--staleness", "bsp");
    assertEquals(ExitCodes.SUCCEEDED, run.status, run.toString());
    assertTrue(run.summary().get("metrics").get("test_accuracy").asDouble() >= 0.846, run.toString());
    FileSystem localFs = output.getFileSystem(cluster.conf());
    assertEquals(124, ModelFiles.readParameters(localFs, output).length);
    assertTrue(!new File(local, "_checkpoints").exists(), "checkpoints go once the model is in");
  }

  /** A worker and a shard killed mid-training: relaunched, rolled back, same accuracy target. */
  @Test
  void logisticRegressionSurvivesAWorkerAndAShardKilledMidTraining() throws Exception {
    CliRun run = train("logreg", "/models/logreg-recovered", "--staleness", "2", "--servers", "2",
        "--set", "checkpoint-every=40", "--kill", "worker:1@100", "--kill", "server:0@170");
    assertEquals(ExitCodes.SUCCEEDED, run.status, run.toString());
    JsonNode summary = run.summary();
    assertTrue(summary.get("metrics").get("test_accuracy").asDouble() >= 0.848, run.toString());
    assertEquals(1, summary.get("attempts").get("worker").get("relaunched").asInt(), run.toString());
    assertEquals(1, summary.get("attempts").get("server").get("relaunched").asInt(), run.toString());
    assertTrue(!fs.exists(new Path("/models/logreg-recovered/_checkpoints")), "checkpoints go once the model is in");
  }

  /**
   * A shard lost in the last clocks (a fast worker may or may not have finished by then; the
   * finished case is checked deterministically in CoordinatorServiceTest): the job still ends.
   */
  @Test
  void aShardLostInTheLastClocksStillEndsTheJob() throws Exception {
    CliRun run = train("logreg", "/models/late-shard-loss", "--staleness", "3", "--servers", "2",
        "--set", "checkpoint-every=40", "--kill", "server:1@318");
    assertEquals(ExitCodes.SUCCEEDED, run.status, run.toString());
    assertEquals(1, run.summary().get("attempts").get("server").get("relaunched").asInt(), run.toString());
    assertTrue(run.summary().get("metrics").get("test_accuracy").asDouble() >= 0.848, run.toString());
  }

  /**
   * Under BSP training is deterministic, so a job killed mid-run and resumed from its checkpoints
   * must end with exactly the model of an uninterrupted run: nothing lost, nothing applied twice.
   */
  @Test
  void aKilledJobResumedFromItsCheckpointsEndsWithTheSameModel() throws Exception {
    String[] settings = {"--staleness", "bsp", "--set", "checkpoint-every=32"};
    CliRun straight = train("logreg", "/models/bsp-straight", settings);
    assertEquals(ExitCodes.SUCCEEDED, straight.status, straight.toString());

    String[] dying = {"--staleness", "bsp", "--set", "checkpoint-every=32", "--set", "max-attempts-per-task=1",
        "--kill", "worker:1@280"};
    CliRun killed = train("logreg", "/models/bsp-resumed", dying);
    assertEquals(ExitCodes.JOB_FAILED, killed.status, killed.toString());
    CliRun retried = train("logreg", "/models/bsp-resumed", settings);
    assertEquals(ExitCodes.USAGE, retried.status, retried.toString());
    assertTrue(retried.err.contains("spindle train --resume /models/bsp-resumed"), "the way on is named: " + retried);

    // The killed job allowed one attempt per task; its resumption may allow more.
    CliRun resumed = CliRun.run(cluster.conf(), "train", "--resume", "/models/bsp-resumed", "--set",
        "max-attempts-per-task=3", "--json");
    assertEquals(ExitCodes.SUCCEEDED, resumed.status, resumed.toString());
    assertTrue(resumed.summary().get("metrics").path("resumed_from_clock").asInt() > 0, resumed.toString());
    assertArrayEquals(ModelFiles.readParameters(fs, new Path("/models/bsp-straight")),
        ModelFiles.readParameters(fs, new Path("/models/bsp-resumed")));

    CliRun again = CliRun.run(cluster.conf(), "train", "--resume", "/models/bsp-resumed");
    assertEquals(ExitCodes.USAGE, again.status, again.toString());
    assertTrue(again.err.contains("nothing to resume"), again.err);
    CliRun over = train("logreg", "/models/bsp-resumed", settings);
    assertEquals(ExitCodes.USAGE, over.status, over.toString());
    assertTrue(!over.err.contains("--resume"), "a finished model is nothing to resume: " + over);

    // A job is not resumed while it still runs: the two would share one output.
    CliRun live = train("logreg", "/models/bsp-live", "--epochs", "200", "--detach");
    String id = live.summary().get("application_id").asText();
    try {
      CliRun twice = CliRun.run(cluster.conf(), "train", "--resume", "/models/bsp-live");
      assertEquals(ExitCodes.USAGE, twice.status, twice.toString());
      assertTrue(twice.err.contains("still runs, as " + id), twice.toString());
    } finally {
      CliRun.run(cluster.conf(), "kill", id);
    }
  }

  @Test
  void badInputIsRefusedBeforeSubmittingNamingTheFlag() {
    CliRun missing = CliRun.run(cluster.conf(), "train", "--algorithm", "logreg", "--train", "/data/nothing-here",
        "--format", "libsvm", "--features", "123", "--output", "/models/never");
    assertEquals(ExitCodes.USAGE, missing.status, missing.toString());
    assertTrue(missing.err.contains("--train /data/nothing-here does not exist"), missing.err);
    CliRun exists = train("logreg", "/data");
    assertEquals(ExitCodes.USAGE, exists.status, exists.toString());
    assertTrue(exists.err.contains("--output /data already exists"), exists.err);
    CliRun badSetting = train("logreg", "/models/x", "--set", "optimizer=newton");
    assertEquals(ExitCodes.USAGE, badSetting.status, badSetting.toString());
    assertTrue(badSetting.err.contains("optimizer"), badSetting.err);
  }

  /** Too many malformed records fail the job, and the message says where they are. */
  @Test
  void malformedRecordsAboveTheLimitFailTheJobNamingThem() throws Exception {
    try (OutputStream out = fs.create(new Path("/data/broken.libsvm"))) {
      for (int i = 0; i < 200; i++) {
        String line = i % 10 == 3 ? "+1 5:1 oops 9:1\n" : (i % 2 == 0 ? "+1 3:1 7:1\n" : "-1 4:1 200:1\n");
        out.write(line.getBytes(StandardCharsets.US_ASCII));
      }
    }
    CliRun run = CliRun.run(cluster.conf(), "train", "--algorithm", "logreg", "--train", "/data/broken.libsvm",
        "--format", "libsvm", "--features", "10", "--output", "/models/broken", "--workers", "1", "--json");
    assertEquals(ExitCodes.JOB_FAILED, run.status, run.toString());
    assertEquals("FAILED", run.summary().get("final_status").asText());
    assertTrue(run.out.contains("broken.libsvm at byte"), run.toString());
    assertTrue(run.out.contains("'oops' is not index:value") || run.out.contains("outside 1..10"), run.toString());
    assertTrue(!fs.exists(new Path("/models/broken/" + ModelFiles.MANIFEST)), "a failed job writes no model");
    assertTrue(!fs.exists(new Path("/models/broken/" + ModelFiles.PARAMETERS)), "a failed job writes no model");
    assertTrue(!fs.exists(new Path("/models/broken")), "nothing to resume: the output is gone, the command can run"
        + " again");

    // A queue the cluster does not have: refused, and the output is not left behind either.
    CliRun queue = CliRun.run(cluster.conf(), "train", "--algorithm", "logreg", "--train", "/data/broken.libsvm",
        "--format", "libsvm", "--features", "10", "--output", "/models/no-queue", "--set", "queue=nosuch", "--json");
    assertEquals(ExitCodes.CLUSTER, queue.status, queue.toString());
    assertTrue(queue.summary().get("message").asText().contains("the cluster refused: ")
        && queue.summary().get("message").asText().contains("unknown queue: nosuch"), queue.toString());
    assertTrue(!fs.exists(new Path("/models/no-queue")), queue.toString());

    // The same records as a test set fail the job too, before it trains (worker 0 reads it first).
    try (OutputStream out = fs.create(new Path("/data/clean.libsvm"))) {
      for (int i = 0; i < 200; i++) {
        out.write((i % 2 == 0 ? "+1 3:1 7:1\n" : "-1 4:1 9:1\n").getBytes(StandardCharsets.US_ASCII));
      }
    }
    CliRun test = CliRun.run(cluster.conf(), "train", "--algorithm", "logreg", "--train", "/data/clean.libsvm",
        "--test", "/data/broken.libsvm", "--format", "libsvm", "--features", "10", "--output", "/models/broken-test",
        "--workers", "1", "--json");
    assertEquals(ExitCodes.JOB_FAILED, test.status, test.toString());
    assertTrue(test.out.contains("broken.libsvm at byte"), test.toString());
    assertTrue(!fs.exists(new Path("/models/broken-test/" + ModelFiles.MANIFEST)), test.toString());
  }
}
