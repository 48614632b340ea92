package io.spindle.ml.iterative;

import io.spindle.ml.ClockListener;
import io.spindle.ml.data.Examples;
import io.spindle.ml.param.ParameterStore;
import io.spindle.ml.param.Rows;
import io.spindle.thrift.TableKind;
import io.spindle.thrift.TableSpec;
import io.spindle.thrift.UpdateRuleKind;
import io.spindle.thrift.UpdateRuleSpec;
import java.util.function.IntConsumer;

/**
 * Runs a {@link FullBatchStep} bulk-synchronously through a parameter store: clock t maps the
 * partition under state t and pushes the partial statistics into block t of an add-only table;
 * the shards sum the blocks of all workers; state t + 1 is state t with block t applied, read
 * once every worker has finished clock t, whatever the job's staleness. Each block is written
 * once, so the table is also the exact history a relaunched worker replays to rebuild its state.
 *
 * <p>A run of I iterations takes I + 1 clocks: the last block measures the final state's objective.
 * The table holds (I + 1) blocks of statistics, and so does every checkpoint of it: for models
 * with millions of parameters (L-BFGS over hashed features) keep the iterations in the tens.
 */
public final class IterativeReduce<S> {
  public static final int STATS = 0;

  private final FullBatchStep<S> step;
  private final int iterations;
  private S state;
  private int stateClock = -1;   // the clock whose state `state` is

  public IterativeReduce(FullBatchStep<S> step, int iterations) {
    this.step = step;
    this.iterations = iterations;
  }

  /** The add-only table of statistics: a block per clock. */
  public static TableSpec table(FullBatchStep<?> step, int iterations) {
    return new TableSpec(STATS, "statistics", TableKind.DENSE, new UpdateRuleSpec(UpdateRuleKind.ADD))
        .setRows((long) (iterations + 1) * step.rows()).setColumns(step.columns());
  }

  public int clocks() {
    return iterations + 1;
  }

  /** Runs from the store's current clock to the last one. */
  public void run(ParameterStore ps, Examples partition, IntConsumer beforeClock, ClockListener listener) {
    for (int clock = ps.currentClock(); clock < clocks(); clock++) {
      beforeClock.accept(clock);
      S current = stateAt(ps, clock);
      double[] partial = step.map(current, partition);
      float[] update = new float[partial.length];
      for (int i = 0; i < partial.length; i++) {
        update[i] = (float) partial[i];
      }
      ps.push(STATS, block(clock), update);
      ps.clock();
      listener.clockDone(clock, clock == 0 ? Double.NaN : step.objective(totals(ps, clock - 1)));
    }
  }

  /** The state after the last iteration (the model). */
  public S result(ParameterStore ps) {
    return step.finish(stateAt(ps, iterations), totals(ps, iterations));
  }

  /** The objective of the final state, measured by the last clock. */
  public double finalObjective(ParameterStore ps) {
    return step.objective(totals(ps, iterations));
  }

  /** State {@code clock}: the initial state with blocks 0 .. clock - 1 applied in order. */
  private S stateAt(ParameterStore ps, int clock) {
    if (stateClock < 0 || stateClock > clock) {   // first use, or rolled back past it: replay
      state = step.initial();
      stateClock = 0;
    }
    while (stateClock < clock) {
      state = step.apply(state, totals(ps, stateClock));
      stateClock++;
    }
    return state;
  }

  private double[] totals(ParameterStore ps, int clock) {
    float[] values = ps.pullAfter(STATS, block(clock), clock + 1);
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private Rows block(int clock) {
    return Rows.range((long) clock * step.rows(), step.rows());
  }
}
