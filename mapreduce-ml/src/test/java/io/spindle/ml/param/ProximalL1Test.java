package io.spindle.ml.param;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spindle.thrift.UpdateRuleKind;
import io.spindle.thrift.UpdateRuleSpec;
import org.junit.jupiter.api.Test;

class ProximalL1Test {
  @Test
  void softThresholdShrinksAndStopsAtZero() {
    assertEquals(0.7f, UpdateRule.shrink(1f, 0.1f, 3f), 1e-6f);
    assertEquals(-0.7f, UpdateRule.shrink(-1f, 0.1f, 3f), 1e-6f);
    assertEquals(0f, UpdateRule.shrink(0.2f, 0.1f, 3f));
    assertEquals(0.2f, UpdateRule.shrink(0.2f, 0.1f, 0f));
  }

  /** Proximal gradient on f(w) = 0.5 (w - t)^2 + 0.5 abs(w): w* = t - 0.5 when t > 0.5, else exactly 0. */
  @Test
  void proximalSgdConvergesToTheLassoSolution() {
    for (UpdateRuleKind kind : new UpdateRuleKind[] {UpdateRuleKind.SGD, UpdateRuleKind.ADAGRAD}) {
      UpdateRule rule = UpdateRule.of(new UpdateRuleSpec(kind).setLearningRate(0.1).setL1(0.5));
      float[] w = {0f, 0f};   // targets 2 (shrinks to 1.5) and 0.3 (inside the threshold: exactly 0)
      float[][] state = new float[rule.stateSlots()][2];
      for (int step = 1; step <= 3000; step++) {
        rule.apply(w, state, 0, new float[] {w[0] - 2f, w[1] - 0.3f}, 0, 2, step);
      }
      assertEquals(1.5f, w[0], 1e-3f, kind.name());
      assertEquals(0f, w[1], kind.name());
    }
  }
}
