package io.spindle.ml.mr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spindle.ml.linear.Loss;
import io.spindle.ml.metrics.MetricStats;
import java.io.File;
import java.nio.charset.StandardCharsets;
import org.apache.commons.io.FileUtils;
import java.util.List;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wiring of the scoring jobs with MRUnit, on the golden logreg model (3 features, weights
 * 0.5, -1.25, 2.0, bias 0.125): predictions are checked against the formula by hand.
 */
class ScoringMapReduceTest {
  private static final String MODEL = "file://" + new File("src/test/resources/golden/logreg-v1").getAbsolutePath();

  private static double p(double z) {
    return Loss.sigmoid(z);
  }

  @Test
  void predictWritesLabelAndProbabilityPerRecordAndCountsBadOnes() throws Exception {
    MapDriver<LongWritable, Text, NullWritable, Text> driver = MapDriver.newMapDriver(new PredictMapper());
    driver.getConfiguration().set(ModelScorer.MODEL, MODEL);
    driver.getConfiguration().setDouble(ModelScorer.MAX_BAD, 0.5);
    driver.withInput(new LongWritable(0), new Text("+1 1:1 3:1"))
        .withInput(new LongWritable(11), new Text("-1 2:2"))
        .withInput(new LongWritable(18), new Text("-1 7:1"))
        .withInput(new LongWritable(25), new Text(""))
        .withInput(new LongWritable(26), new Text("2:2"));
    List<Pair<NullWritable, Text>> out = driver.run();
    assertEquals(3, out.size());
    assertEquals("1\t" + p(0.5 + 2.0 + 0.125), out.get(0).getSecond().toString());
    assertEquals("-1\t" + p(-2.5 + 0.125), out.get(1).getSecond().toString(), "the label as the record gives it");
    assertEquals("\t" + p(-2.5 + 0.125), out.get(2).getSecond().toString(), "a record without a label");
    assertEquals(3, driver.getCounters().findCounter(CountedRecords.COUNTERS, "RECORDS").getValue());
    assertEquals(1, driver.getCounters().findCounter(CountedRecords.COUNTERS, "BAD_RECORDS").getValue());
  }

  /**
   * A softmax model of one feature and three named classes (weights 0, 0, 5; biases 1, 0, 0): a
   * feature of 1 is class 2, of 0 class 0. Labels and predictions come out by name.
   */
  @Test
  void predictNamesTheClassesOfAModelTrainedWithLabelValues(@TempDir File dir) throws Exception {
    io.spindle.thrift.JobSpec spec = new io.spindle.thrift.JobSpec("train", 1, 1,
        new io.spindle.thrift.ConsistencySpec(io.spindle.thrift.ConsistencyModel.BSP),
        new io.spindle.thrift.ResourceSpec(128, 1), new io.spindle.thrift.ResourceSpec(128, 1))
        .setAlgorithm("softmax").setFormat("csv").setFeatures(1).setTrainUri("x")
        .setOutputUri("file://" + new File(dir, "iris").getAbsolutePath())
        .setSettings(java.util.Map.of("classes", "3", "label-column", "-1", "label-values", "setosa,versicolor,virginica"));
    io.spindle.ml.ModelManifest.write(new org.apache.hadoop.conf.Configuration(), spec,
        new io.spindle.ml.linear.SoftmaxModel(new float[] {0, 0, 5, 1, 0, 0}, 3), "parameter-server", 1, java.util.Map.of());
    MapDriver<LongWritable, Text, NullWritable, Text> driver = MapDriver.newMapDriver(new PredictMapper());
    driver.getConfiguration().set(ModelScorer.MODEL, spec.getOutputUri());
    driver.withInput(new LongWritable(0), new Text("1,virginica")).withInput(new LongWritable(12), new Text("0,versicolor"));
    List<Pair<NullWritable, Text>> out = driver.run();
    assertEquals("virginica\tvirginica", out.get(0).getSecond().toString());
    assertEquals("versicolor\tsetosa", out.get(1).getSecond().toString());
  }

  @Test
  void aTaskWithTooManyBadRecordsFailsNamingThem() {
    MapDriver<LongWritable, Text, NullWritable, Text> driver = MapDriver.newMapDriver(new PredictMapper());
    driver.getConfiguration().set(ModelScorer.MODEL, MODEL);
    driver.withInput(new LongWritable(0), new Text("+1 1:1")).withInput(new LongWritable(7), new Text("+1 nine:1"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, driver::run);
    assertTrue(e.getMessage().contains("at byte 7"), e.getMessage());
  }

  /** A binary classifier is judged on 0/1 (or -1/+1) labels only: a 4 is a bad record, never a wrong answer. */
  @Test
  void evaluatingABinaryClassifierCountsOtherLabelsAsBadRecords() throws Exception {
    MapDriver<LongWritable, Text, NullWritable, MetricStats> map = MapDriver.newMapDriver(new EvaluateMapper());
    map.getConfiguration().set(ModelScorer.MODEL, MODEL);
    map.getConfiguration().setDouble(ModelScorer.MAX_BAD, 0.5);
    map.withInput(new LongWritable(0), new Text("+1 1:1 3:1")).withInput(new LongWritable(11), new Text("4 2:2"));
    List<Pair<NullWritable, MetricStats>> stats = map.run();
    assertEquals(1, map.getCounters().findCounter(CountedRecords.COUNTERS, "BAD_RECORDS").getValue());
    assertEquals(1, map.getCounters().findCounter(CountedRecords.COUNTERS, "RECORDS").getValue());
    assertEquals(1, stats.get(0).getSecond().toMap("test_").get("test_count").intValue());
  }

  /** Without a job setting, a model is scored with the bad-record tolerance it was trained with. */
  @Test
  void scoringTakesTheModelsOwnBadRecordTolerance(@TempDir File dir) throws Exception {
    File model = new File(dir, "tolerant");
    FileUtils.copyDirectory(new File("src/test/resources/golden/logreg-v1"), model);
    File manifest = new File(model, "manifest.json");
    String text = FileUtils.readFileToString(manifest, StandardCharsets.UTF_8);
    FileUtils.writeStringToFile(manifest, text.replaceFirst("}$", ",\"hyperparameters\":{\"max-bad-records\":\"0.5\"}}"),
        StandardCharsets.UTF_8);
    MapDriver<LongWritable, Text, NullWritable, Text> driver = MapDriver.newMapDriver(new PredictMapper());
    driver.getConfiguration().set(ModelScorer.MODEL, "file://" + model.getAbsolutePath());
    driver.withInput(new LongWritable(0), new Text("+1 1:1")).withInput(new LongWritable(7), new Text("+1 nine:1"));
    assertEquals(1, driver.run().size());
    assertEquals(1, driver.getCounters().findCounter(CountedRecords.COUNTERS, "BAD_RECORDS").getValue());
  }

  @Test
  void evaluateMapsToStatisticsAndTheReducerMergesThem() throws Exception {
    MapDriver<LongWritable, Text, NullWritable, MetricStats> map = MapDriver.newMapDriver(new EvaluateMapper());
    map.getConfiguration().set(ModelScorer.MODEL, MODEL);
    map.withInput(new LongWritable(0), new Text("+1 1:1 3:1")).withInput(new LongWritable(11), new Text("-1 2:2"));
    List<Pair<NullWritable, MetricStats>> stats = map.run();
    assertEquals(1, stats.size(), "one statistics record per split");
    MetricStats other = new MetricStats(MetricStats.Kind.BINARY, true);
    other.addBinary(0.9, 0);   // a wrong, confident prediction from another split

    ReduceDriver<NullWritable, MetricStats, NullWritable, Text> reduce = ReduceDriver.newReduceDriver(new EvaluateReducer());
    reduce.withInput(NullWritable.get(), List.of(stats.get(0).getSecond(), other));
    JsonNode metrics = new ObjectMapper().readTree(reduce.run().get(0).getSecond().toString());
    assertEquals(3, metrics.get("test_count").asInt());
    assertEquals(2 / 3.0, metrics.get("test_accuracy").asDouble(), 1e-12);
    double logLoss = -(Math.log(p(2.625)) + Math.log(1 - p(-2.375)) + Math.log(0.1)) / 3;
    assertEquals(logLoss, metrics.get("test_logloss").asDouble(), 1e-12);
    assertEquals(1.0, metrics.get("test_auc").asDouble(), "the positive outscores both negatives");
  }

  /** A metric without a value reads as NaN, never as 0; an evaluation that wrote nothing is an error. */
  @Test
  void metricsWithoutAValueReadAsNaNAndNoMetricsIsAnError() throws Exception {
    org.apache.hadoop.fs.FileSystem fs = org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration()).getRaw();
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("metrics");
    java.nio.file.Path part = dir.resolve("part-r-00000");
    java.nio.file.Files.writeString(part, "{\"test_accuracy\":0.5,\"test_auc\":null}\n");
    java.util.Map<String, Double> metrics = ScoringJobs.readMetrics(fs, new org.apache.hadoop.fs.Path(dir.toString()));
    assertEquals(0.5, metrics.get("test_accuracy"));
    assertTrue(Double.isNaN(metrics.get("test_auc")), "AUC of one class is undefined: " + metrics);
    java.nio.file.Files.writeString(part, "");
    java.io.IOException none = assertThrows(java.io.IOException.class,
        () -> ScoringJobs.readMetrics(fs, new org.apache.hadoop.fs.Path(dir.toString())));
    assertTrue(none.getMessage().contains("its input holds no files"), none.getMessage());
  }
}
