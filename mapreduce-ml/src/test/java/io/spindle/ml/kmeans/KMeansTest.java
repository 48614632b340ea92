package io.spindle.ml.kmeans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spindle.ml.Algorithm;
import io.spindle.ml.Algorithms;
import io.spindle.ml.Hyperparameters;
import io.spindle.ml.data.BadRecords;
import io.spindle.ml.data.Examples;
import io.spindle.ml.data.Formats;
import io.spindle.ml.data.SplitReader;
import io.spindle.ml.param.InMemoryParameterStore;
import io.spindle.thrift.ConsistencyModel;
import io.spindle.thrift.ConsistencySpec;
import io.spindle.thrift.JobSpec;
import io.spindle.thrift.ResourceSpec;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KMeansTest {
  private static final File IRIS = new File(System.getProperty("spindle.datasets", "../../shared/datasets"),
      "uci-small/iris.data");
  private static final Map<String, String> SETTINGS = Map.of("k", "3", "label-column", "-1",
      "label-values", "Iris-setosa,Iris-versicolor,Iris-virginica", "seed", "3");

  private static Examples iris() throws Exception {
    assumeTrue(IRIS.exists(), "iris is not at " + IRIS.getAbsolutePath() + " (set -Dspindle.datasets)");
    return new SplitReader(new Configuration()).read(IRIS.getAbsolutePath(), 1, 0,
        Formats.parser(Formats.CSV, 4, new Hyperparameters(SETTINGS)), new BadRecords(0));
  }

  private static double inMemoryCost(Examples data, int iterations, List<Double> costs) {
    Algorithm kmeans = Algorithms.create("kmeans", 4, new Hyperparameters(SETTINGS), () -> data);
    try (InMemoryParameterStore ps = new InMemoryParameterStore(kmeans.tables(iterations))) {
      kmeans.train(ps, data, iterations, clock -> { }, (clock, cost) -> costs.add(cost));
      double cost = kmeans.finalMetrics(ps, iterations).get("cost");
      assertEquals(cost, kmeans.model(ps, iterations).evaluate(data).get("test_cost"), 1e-3 * cost,
          "the model is the state whose cost the last pass measured");
      return cost;
    }
  }

  @Test
  void lloydIterationsReachTheKnownIrisOptimumWithFallingCost() throws Exception {
    Examples data = iris();
    assertEquals(150, data.size());
    List<Double> costs = new ArrayList<>();
    double cost = inMemoryCost(data, 10, costs);
    // The best 3-clustering of iris has a within-cluster sum of squares of 78.85 (78.94 rounded data).
    assertTrue(cost < 79.5, "cost " + cost);
    for (int i = 2; i < costs.size(); i++) {
      assertTrue(costs.get(i) <= costs.get(i - 1) + 1e-3, "Lloyd's cost never rises: " + costs);
    }
  }

  /** The chain reads iris without its label column (k-means needs none) and matches the in-memory engine. */
  @Test
  void theMapReduceChainGivesTheSameCostAsTheInMemoryEngine(@TempDir File dir) throws Exception {
    Examples data = iris();
    int iterations = 3;
    double inMemory = inMemoryCost(data, iterations, new ArrayList<>());
    File unlabelled = new File(dir, "iris-features.csv");
    List<String> rows = new ArrayList<>();
    for (String line : Files.readAllLines(IRIS.toPath())) {
      if (!line.isBlank()) {
        rows.add(line.substring(0, line.lastIndexOf(',')));
      }
    }
    Files.write(unlabelled.toPath(), rows);
    File output = new File(dir, "model");
    JobSpec spec = new JobSpec("train", 1, 1, new ConsistencySpec(ConsistencyModel.BSP), new ResourceSpec(128, 1),
        new ResourceSpec(128, 1)).setAlgorithm("kmeans").setFormat(Formats.CSV).setFeatures(4).setEpochs(iterations)
        .setSettings(SETTINGS).setTrainUri(unlabelled.getAbsolutePath()).setOutputUri(output.getAbsolutePath());
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("hadoop.tmp.dir", new File(dir, "tmp").getAbsolutePath());
    Map<String, Double> metrics = new KMeansChain(conf, spec).run(job -> job.waitForCompletion(false));
    assertEquals(inMemory, metrics.get("cost"), 1e-3 * inMemory, "same seeds, same steps, same cost (+-0.1%)");
    assertEquals(150, metrics.get("train_records"));
    assertTrue(Files.exists(new File(output, "manifest.json").toPath()));
    assertEquals(0, output.listFiles(File::isDirectory).length, "nothing but the model in the output");
  }
}
