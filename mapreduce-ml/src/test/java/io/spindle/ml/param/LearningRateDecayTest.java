package io.spindle.ml.param;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spindle.ml.Hyperparameters;
import io.spindle.thrift.TableKind;
import io.spindle.thrift.TableSpec;
import io.spindle.thrift.UpdateRuleKind;
import io.spindle.thrift.UpdateRuleSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearningRateDecayTest {
  @Test
  void eachStepTakesTheDecayedRate() {
    UpdateRule sgd = UpdateRule.of(new UpdateRuleSpec(UpdateRuleKind.SGD).setLearningRate(1).setDecayPerStep(0.5));
    float[] values = {0f};
    float[] gradient = {1f};
    float[] expected = {-1f, -1.5f, -1.75f};
    for (int step = 1; step <= 3; step++) {
      sgd.apply(values, new float[0][], 0, gradient, 0, 1, step);
      assertEquals(expected[step - 1], values[0], 1e-6f, "after step " + step);
    }
  }

  @Test
  void theEpochFactorIsSpreadOverAnEpochsStepsAtATable() {
    Hyperparameters hp = new Hyperparameters(Map.of("lr-decay", "0.5"));
    for (Consistency consistency : new Consistency[] {Consistency.bsp(), Consistency.ssp(2), Consistency.async()}) {
      TableSpec learned = new TableSpec(0, "w", TableKind.DENSE, new UpdateRuleSpec(UpdateRuleKind.ADAM));
      TableSpec summed = new TableSpec(1, "sums", TableKind.DENSE, new UpdateRuleSpec(UpdateRuleKind.ADD));
      hp.withDecay(List.of(learned, summed), 200, 3, consistency);
      int stepsPerEpoch = consistency.appliesAtBarrier() ? 200 : 600;   // BSP: one summed step per clock
      assertEquals(0.5, Math.pow(learned.getRule().getDecayPerStep(), stepsPerEpoch), 1e-9,
          consistency.toString());
      assertEquals(1.0, summed.getRule().getDecayPerStep(), 0.0, "a table of sums has no learning rate");
    }
  }
}
