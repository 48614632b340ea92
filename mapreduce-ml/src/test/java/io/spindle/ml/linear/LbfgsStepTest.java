package io.spindle.ml.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spindle.ml.Algorithm;
import io.spindle.ml.Algorithms;
import io.spindle.ml.Hyperparameters;
import io.spindle.ml.data.BadRecords;
import io.spindle.ml.data.ClassLabels;
import io.spindle.ml.data.Examples;
import io.spindle.ml.data.LibSvmFormat;
import io.spindle.ml.data.SplitReader;
import io.spindle.ml.param.InMemoryParameterStore;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class LbfgsStepTest {
  private static final File A9A = new File(System.getProperty("spindle.datasets", "../../shared/datasets"), "a9a");

  private static Examples read(String name) throws Exception {
    return new SplitReader(new Configuration()).read(new File(A9A, name).getAbsolutePath(), 1, 0,
        new ClassLabels(new LibSvmFormat(123), 2), new BadRecords(0));   // -1/+1 as the trainer reads them
  }

  @Test
  void fullBatchLbfgsReachesTheLiblinearAccuracyOnA9a() throws Exception {
    assumeTrue(new File(A9A, "a9a").isFile(), "a9a is not at " + A9A.getAbsolutePath());
    Examples train = read("a9a");
    Examples test = read("a9a.t");
    Algorithm lbfgs = Algorithms.create("logreg", 123, new Hyperparameters(Map.of("solver", "lbfgs",
        "l2", "0.00003")), null);
    int iterations = 40;
    List<Double> losses = new ArrayList<>();
    try (InMemoryParameterStore ps = new InMemoryParameterStore(lbfgs.tables(iterations))) {
      lbfgs.train(ps, train, iterations, clock -> { }, (clock, loss) -> losses.add(loss));
      double accuracy = lbfgs.model(ps, iterations).evaluate(test).get("test_accuracy");
      assertTrue(accuracy >= 0.848, "test accuracy " + accuracy);
    }
    assertTrue(losses.get(losses.size() - 1) < 0.33, "mean training loss at the end: " + losses);
    assertTrue(losses.get(losses.size() - 1) < losses.get(1), "the loss fell: " + losses);
  }

  @Test
  void theTwoLoopRecursionIsExactOnAQuadratic() {
    // f(x) = 0.5 x'Ax with A = diag(1, 4): after steps along both axes, -H g is the Newton step -x.
    java.util.ArrayDeque<double[][]> memory = new java.util.ArrayDeque<>();
    memory.add(new double[][] {{1, 0}, {1, 0}});
    memory.add(new double[][] {{0, 1}, {0, 4}});
    double[] x = {3, -2};
    double[] g = {3, -8};
    double[] d = LbfgsStep.direction(memory, g);
    assertEquals(-x[0], d[0], 1e-12);
    assertEquals(-x[1], d[1], 1e-12);
  }

  @Test
  void lbfgsRefusesTheHingeLoss() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Algorithms.create("svm", 3,
        new Hyperparameters(Map.of("solver", "lbfgs")), null));
    assertTrue(e.getMessage().contains("smooth loss"), e.getMessage());
    IllegalArgumentException l1 = assertThrows(IllegalArgumentException.class, () -> Algorithms.create("linreg", 3,
        new Hyperparameters(Map.of("solver", "lbfgs", "l1", "0.1")), null));
    assertTrue(l1.getMessage().contains("--set l1 works with --set solver=sgd"), l1.getMessage());
  }
}
