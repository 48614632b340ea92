package io.spindle.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spindle.local.LocalCluster;
import io.spindle.local.SharedCluster;
import io.spindle.ml.data.Synthetic;
import java.io.File;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** kmeans on both engines, mf, and csv input through the full YARN path, each scored by MapReduce. */
class AlgorithmsIT {
  private static final File DATASETS = new File(System.getProperty("spindle.datasets", "../../shared/datasets"));
  private static final String[] IRIS = {"--format", "csv", "--train", "/data/iris.csv", "--test", "/data/iris.csv",
      "--set", "label-column=-1", "--set", "label-values=Iris-setosa,Iris-versicolor,Iris-virginica", "--json"};
  private static LocalCluster cluster;
  private static FileSystem fs;

  @BeforeAll
  static void setUp() throws Exception {
    File iris = new File(DATASETS, "uci-small/iris.data");
    assumeTrue(iris.isFile(), "iris is not at " + iris.getAbsolutePath() + " (set -Dspindle.datasets)");
    cluster = SharedCluster.get();
    fs = cluster.fs();
    fs.copyFromLocalFile(new Path(iris.getAbsolutePath()), new Path("/data/iris.csv"));
  }

  private static CliRun run(String[] common, String... args) {
    return CliRun.run(cluster.conf(), concat(args, common));
  }

  private static String[] concat(String[] args, String[] common) {
    String[] all = new String[args.length + common.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(common, 0, all, args.length, common.length);
    return all;
  }

  @Test
  void kmeansGivesTheSameCostInMemoryAndAsAMapReduceChain() throws Exception {
    CliRun ps = run(IRIS, "train", "--algorithm", "kmeans", "--output", "/models/kmeans-ps", "--workers", "2",
        "--epochs", "2", "--set", "k=3");
    assertEquals(ExitCodes.SUCCEEDED, ps.status, ps.toString());
    assertTrue(ps.err.contains("kmeans clusters 4 features of each csv record"), "a column taken as the label: " + ps);
    Properties oozie = new Properties();
    CliRun chain = CliRun.underOozie(oozie, cluster.conf(), concat(new String[] {"train", "--algorithm", "kmeans",
        "--engine", "mapreduce", "--output", "/models/kmeans-mr", "--epochs", "2", "--set", "k=3"}, IRIS));
    assertEquals(ExitCodes.SUCCEEDED, chain.status, chain.toString());
    assertEquals(fs.makeQualified(new Path("/models/kmeans-mr")).toString(), oozie.getProperty(OozieOutput.MODEL_PATH));
    JsonNode maps = chain.summary().get("attempts").get("map");
    assertTrue(maps.get("launched").asInt() >= 4 && maps.get("failed").asInt() == 0, "a map task or more per job: " + chain);
    assertTrue(chain.summary().get("elapsed_seconds").asDouble() > 0, chain.toString());
    assertEquals(0, chain.summary().get("metrics").get("bad_records").asInt(), chain.toString());
    CliRun queued = run(IRIS, "train", "--algorithm", "kmeans", "--engine", "mapreduce", "--output", "/models/kmeans-q",
        "--set", "k=3", "--set", "queue=nightly");
    assertEquals(ExitCodes.JOB_FAILED, queued.status, queued.toString());
    assertTrue(queued.summary().get("message").asText().contains("nightly"), "submitted to the queue asked for: "
        + queued);
    double inMemory = ps.summary().get("metrics").get("cost").asDouble();
    double mapReduce = chain.summary().get("metrics").get("cost").asDouble();
    assertEquals(inMemory, mapReduce, 1e-3 * inMemory, "same data, seeds and iterations: same cost (+-0.1%)");
    assertTrue(inMemory < 100, "iris k=3 cost " + inMemory);   // the optimum is 78.9; a bad local one 142.8
    assertEquals(4, chain.summary().get("jobs").size(), "3 passes and the evaluation: " + chain);
    assertEquals(inMemory, chain.summary().get("metrics").get("test_cost").asDouble(), 1e-3 * inMemory,
        "the test set is the training set here: evaluate measures the saved model's cost again");

    CliRun predict = CliRun.run(cluster.conf(), "predict", "--model", "/models/kmeans-ps", "--input", "/data/iris.csv",
        "--output", "/scores/kmeans", "--json");
    assertEquals(ExitCodes.SUCCEEDED, predict.status, predict.toString());
    String scores = new String(fs.open(new Path("/scores/kmeans/part-m-00000")).readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(150, scores.trim().split("\n").length);
    // Labels as the records name them (the model knows the names: label-values), clusters by number.
    assertTrue(scores.trim().lines().allMatch(line -> line.matches("Iris-(setosa|versicolor|virginica)\t[012]")), scores);
  }

  @Test
  void softmaxReadsCsvWithNamedClassesAndEvaluateAgreesWithTheTrainer() throws Exception {
    CliRun run = run(IRIS, "train", "--algorithm", "softmax", "--output", "/models/iris-softmax", "--workers", "2",
        "--epochs", "30", "--set", "classes=3", "--set", "clocks-per-epoch=4");
    assertEquals(ExitCodes.SUCCEEDED, run.status, run.toString());
    JsonNode metrics = run.summary().get("metrics");
    assertTrue(metrics.get("test_accuracy").asDouble() > 0.9, run.toString());
    CliRun evaluate = CliRun.run(cluster.conf(), "evaluate", "--model", "/models/iris-softmax",
        "--input", "/data/iris.csv", "--json");
    assertEquals(ExitCodes.SUCCEEDED, evaluate.status, evaluate.toString());
    JsonNode evaluated = evaluate.summary().get("metrics");
    assertEquals(metrics.get("test_accuracy").asDouble(), evaluated.get("test_accuracy").asDouble(), 1e-9);
    assertEquals(metrics.get("test_logloss").asDouble(), evaluated.get("test_logloss").asDouble(), 1e-6);
  }

  @Test
  void matrixFactorisationComesWithinFivePercentOfTheNoiseFloor() throws Exception {
    double noise = 0.5;
    writeRatings("/data/ratings/train", 100_000, 1, noise);
    writeRatings("/data/ratings/test", 10_000, 2, noise);
    CliRun run = CliRun.run(cluster.conf(), "train", "--algorithm", "mf", "--format", "ratings",
        "--train", "/data/ratings/train", "--test", "/data/ratings/test", "--output", "/models/mf",
        "--workers", "2", "--staleness", "1", "--epochs", "20", "--set", "users=500", "--set", "items=300",
        "--set", "rank=4", "--json");
    assertEquals(ExitCodes.SUCCEEDED, run.status, run.toString());
    double rmse = run.summary().get("metrics").get("test_rmse").asDouble();
    assertTrue(rmse <= 1.05 * noise, "test RMSE " + rmse + " vs the noise floor " + noise + "\n" + run);
    CliRun evaluate = CliRun.run(cluster.conf(), "evaluate", "--model", "/models/mf", "--input", "/data/ratings/test",
        "--json");
    assertEquals(ExitCodes.SUCCEEDED, evaluate.status, evaluate.toString());
    assertEquals(rmse, evaluate.summary().get("metrics").get("test_rmse").asDouble(), 1e-6);

    // A failed scoring job says why: its first failed task's own message, naming file and offset.
    try (Writer out = new OutputStreamWriter(fs.create(new Path("/data/ratings-outside")), StandardCharsets.UTF_8)) {
      out.write("1,1,4\n700,1,3\n");
    }
    Configuration once = new Configuration(cluster.conf());
    once.setInt("mapreduce.map.maxattempts", 1);   // a bad record fails every attempt alike
    CliRun outside = CliRun.run(once, "evaluate", "--model", "/models/mf", "--input", "/data/ratings-outside", "--json");
    assertEquals(ExitCodes.JOB_FAILED, outside.status, outside.toString());
    String message = outside.summary().get("message").asText();
    assertTrue(message.contains("ratings-outside at byte 6: user id 700 is outside 0..499"), message);

    // Input with bytes but no records (blank lines) is no evaluation at all, not one of count 0.
    try (Writer out = new OutputStreamWriter(fs.create(new Path("/data/ratings-blank")), StandardCharsets.UTF_8)) {
      out.write("\n\n");
    }
    CliRun blank = CliRun.run(cluster.conf(), "evaluate", "--model", "/models/mf", "--input", "/data/ratings-blank", "--json");
    assertEquals(ExitCodes.JOB_FAILED, blank.status, blank.toString());
    assertTrue(blank.summary().get("message").asText().contains("holds no records to evaluate"), blank.toString());
  }

  @Test
  void ratingsOutsideTheDeclaredIdsAreBadRecordsNamedByPlace() throws Exception {
    try (Writer out = new OutputStreamWriter(fs.create(new Path("/data/ratings-bad")), StandardCharsets.UTF_8)) {
      out.write("0,0,4\n1,1,3\n7,1,5\n");
    }
    CliRun run = CliRun.run(cluster.conf(), "train", "--algorithm", "mf", "--format", "ratings",
        "--train", "/data/ratings-bad", "--output", "/models/mf-bad", "--workers", "1", "--epochs", "1",
        "--set", "users=2", "--set", "items=2", "--json");
    assertEquals(ExitCodes.JOB_FAILED, run.status, run.toString());
    assertTrue(run.toString().contains("user id 7 is outside 0..1 (--set users)"), run.toString());
    CliRun missing = CliRun.run(cluster.conf(), "train", "--algorithm", "mf", "--format", "ratings",
        "--train", "/data/ratings-bad", "--output", "/models/mf-bad2");
    assertEquals(ExitCodes.USAGE, missing.status, missing.toString());
    assertTrue(missing.err.contains("--set users"), missing.err);
  }

  private static void writeRatings(String path, int count, long sampleSeed, double noise) throws Exception {
    try (Writer out = new OutputStreamWriter(fs.create(new Path(path)), StandardCharsets.UTF_8)) {
      Synthetic.ratings(out, 500, 300, 4, noise, count, 7, sampleSeed);
    }
  }
}
