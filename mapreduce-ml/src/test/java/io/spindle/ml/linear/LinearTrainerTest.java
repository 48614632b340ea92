package io.spindle.ml.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.ml.Hyperparameters;
import io.spindle.ml.data.Examples;
import io.spindle.ml.param.InMemoryParameterStore;
import io.spindle.ml.param.Rows;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearTrainerTest {
  private static final int FEATURES = 20;

  /** A separable problem: y = [w*.x > 0]. */
  private static Examples separable(int n, long seed) {
    Random random = new Random(seed);
    float[] truth = new float[FEATURES];
    for (int j = 0; j < FEATURES; j++) {
      truth[j] = (float) random.nextGaussian();
    }
    Examples data = new Examples();
    int[] idx = new int[FEATURES];
    for (int j = 0; j < FEATURES; j++) {
      idx[j] = j;
    }
    for (int i = 0; i < n; i++) {
      float[] x = new float[FEATURES];
      double z = 0;
      for (int j = 0; j < FEATURES; j++) {
        x[j] = (float) random.nextGaussian();
        z += x[j] * truth[j];
      }
      data.add(z > 0 ? 1 : 0, idx, x, FEATURES);
    }
    return data;
  }

  @Test
  void logisticRegressionLearnsASeparableProblem() {
    Examples train = separable(2000, 1);
    Examples test = separable(500, 1);
    Hyperparameters hp = new Hyperparameters(Map.of());
    InMemoryParameterStore ps = new InMemoryParameterStore(List.of(LinearTrainer.weightsTable(FEATURES, hp)));
    new LinearTrainer(Loss.LOGISTIC, FEATURES, hp).train(ps, train, 5, c -> { }, (c, l) -> { });
    float[] w = ps.pull(LinearTrainer.WEIGHTS, Rows.range(0, FEATURES + 1));
    double accuracy = new LinearModel(Loss.LOGISTIC, w).evaluate(test).get("test_accuracy");
    assertTrue(accuracy > 0.95, "accuracy " + accuracy);
  }

  /**
   * A run interrupted after clock k and resumed from k (as a relaunched worker does) visits the
   * same records in the same order as an uninterrupted run: the weights come out identical.
   */
  @Test
  void resumingAtAnyClockGivesTheSameModel() {
    Examples train = separable(700, 2);
    Hyperparameters hp = new Hyperparameters(Map.of("clocks-per-epoch", "7"));
    LinearTrainer trainer = new LinearTrainer(Loss.HINGE, FEATURES, hp);
    InMemoryParameterStore straight = new InMemoryParameterStore(List.of(LinearTrainer.weightsTable(FEATURES, hp)));
    trainer.train(straight, train, 3, c -> { }, (c, l) -> { });

    InMemoryParameterStore resumed = new InMemoryParameterStore(List.of(LinearTrainer.weightsTable(FEATURES, hp)));
    try {
      trainer.train(resumed, train, 3, c -> {
        if (c == 10) {
          throw new IllegalStateException("crash");
        }
      }, (c, l) -> { });
    } catch (IllegalStateException crash) {
      // the store has committed clocks 0..9; a new trainer object resumes at clock 10
    }
    new LinearTrainer(Loss.HINGE, FEATURES, hp).train(resumed, train, 3, c -> { }, (c, l) -> { });
    assertArrayEquals(straight.pull(0, Rows.range(0, FEATURES + 1)), resumed.pull(0, Rows.range(0, FEATURES + 1)));
  }
}
