package io.spindle.ml.linear;

import io.spindle.ml.Hyperparameters;
import io.spindle.ml.data.Examples;
import io.spindle.ml.param.ParameterStore;
import io.spindle.ml.param.Rows;
import io.spindle.thrift.TableKind;
import io.spindle.thrift.TableSpec;
import java.util.SplittableRandom;

/**
 * Trains a model whose parameters are rows keyed by feature (linear models, softmax) by
 * minibatch SGD through a parameter store: each clock a worker takes the
 * next minibatch of its partition, pulls the weights that batch touches, pushes their gradient,
 * and ends the clock; the shards apply the optimizer. The staleness bound is the store's.
 *
 * <p>The data position is a pure function of (partition, epoch, clock): epoch e visits the
 * partition in a permutation seeded by (seed, e), clock c takes slice c mod clocksPerEpoch of it.
 * A relaunched worker therefore resumes at any clock without skipping or repeating records.
 */
public final class LinearTrainer {
  public static final int WEIGHTS = 0;

  /** What a trainer reports after each clock. */
  public interface ClockListener {
    void clockDone(int clock, double batchLoss);
  }

  private final BatchObjective objective;
  private final int clocksPerEpoch;
  private final long seed;

  public LinearTrainer(Loss loss, int features, Hyperparameters hp) {
    this(new LinearObjective(loss, hp.getDouble(Hyperparameters.L2), features), hp);
  }

  public LinearTrainer(BatchObjective objective, Hyperparameters hp) {
    this.objective = objective;
    this.clocksPerEpoch = hp.getInt(Hyperparameters.CLOCKS_PER_EPOCH);
    this.seed = hp.getInt(Hyperparameters.SEED);
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
    return epochs * clocksPerEpoch;
  }

  /** Runs from the store's current clock to the last clock of {@code epochs}. */
  public void train(ParameterStore ps, Examples data, int epochs, java.util.function.IntConsumer beforeClock,
                    ClockListener listener) {
    int n = data.size();
    int batch = Math.max(1, (n + clocksPerEpoch - 1) / clocksPerEpoch);
    int[] order = null;
    int orderEpoch = -1;
    for (int clock = ps.currentClock(); clock < totalClocks(epochs); clock++) {
      beforeClock.accept(clock);
      int epoch = clock / clocksPerEpoch;
      if (epoch != orderEpoch) {
        order = permutation(n, seed * 1_000_003L + epoch);
        orderEpoch = epoch;
      }
      int from = Math.min(n, (clock % clocksPerEpoch) * batch);
      int to = Math.min(n, from + batch);
      double loss = Double.NaN;
      if (to > from) {
        long[] keys = objective.touched(data, order, from, to);
        Rows rows = Rows.keys(keys);
        float[] weights = ps.pull(WEIGHTS, rows);
        float[] gradient = new float[keys.length * objective.columns()];
        loss = objective.lossAndGradient(data, order, from, to, keys, weights, gradient);
        ps.push(WEIGHTS, rows, gradient);
      }
      ps.clock();
      listener.clockDone(clock, loss);
    }
  }

  static int[] permutation(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
