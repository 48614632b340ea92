package io.spindle.ml.linear;

import io.spindle.ml.ClockListener;
import io.spindle.ml.Hyperparameters;
import io.spindle.ml.MinibatchLoop;
import io.spindle.ml.data.Examples;
import io.spindle.ml.param.ParameterStore;
import io.spindle.ml.param.Rows;
import io.spindle.thrift.TableKind;
import io.spindle.thrift.TableSpec;
import java.util.function.IntConsumer;

/**
 * Trains a model whose parameters are rows keyed by feature (linear models, softmax) by
 * minibatch SGD through a parameter store: each clock a worker takes the next minibatch of its
 * partition, pulls the weights that batch touches, pushes their gradient, and ends the clock;
 * the shards apply the optimizer. The staleness bound is the store's.
 */
public final class LinearTrainer {
  public static final int WEIGHTS = 0;

  private final BatchObjective objective;
  private final MinibatchLoop loop;

  public LinearTrainer(Loss loss, int features, Hyperparameters hp) {
    this(new LinearObjective(loss, hp.getDouble(Hyperparameters.L2), features), hp);
  }

  public LinearTrainer(BatchObjective objective, Hyperparameters hp) {
    this.objective = objective;
    this.loop = new MinibatchLoop(hp);
  }

  /** The weights table: one row per feature plus the bias, updated by the chosen optimizer. */
  public static TableSpec weightsTable(long features, Hyperparameters hp) {
    return weightsTable(features, 1, hp);
  }

  /** The weights table of a model with {@code columns} values per feature (softmax: one per class). */
  public static TableSpec weightsTable(long features, int columns, Hyperparameters hp) {
    return new TableSpec(WEIGHTS, "weights", TableKind.DENSE, hp.updateRule()).setRows(features + 1).setColumns(columns);
  }

  public int totalClocks(int epochs) {
    return loop.totalClocks(epochs);
  }

  /** Runs from the store's current clock to the last clock of {@code epochs}. */
  public void train(ParameterStore ps, Examples data, int epochs, IntConsumer beforeClock, ClockListener listener) {
    loop.run(ps, data.size(), epochs, beforeClock, listener, (order, from, to) -> {
      long[] keys = objective.touched(data, order, from, to);
      Rows rows = Rows.keys(keys);
      float[] weights = ps.pull(WEIGHTS, rows);
      float[] gradient = new float[keys.length * objective.columns()];
      double loss = objective.lossAndGradient(data, order, from, to, keys, weights, gradient);
      ps.push(WEIGHTS, rows, gradient);
      return loss;
    });
  }
}
