package io.spindle.ml;

/** What a trainer reports after each clock. */
public interface ClockListener {
  /** @param batchLoss the mean loss of this worker's batch, NaN when it had none */
  void clockDone(int clock, double batchLoss);
}
