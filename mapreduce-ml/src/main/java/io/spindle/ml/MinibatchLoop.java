package io.spindle.ml;

import io.spindle.ml.param.ParameterStore;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * The clock loop of minibatch SGD over a partition held in memory. The data position is a pure
 * function of (partition, epoch, clock): epoch e visits the partition in a permutation seeded by
 * (seed, e), clock c takes slice c mod clocksPerEpoch of it. A relaunched worker therefore
 * resumes at any clock without skipping or repeating records.
 */
public final class MinibatchLoop {
  /** One clock's work on the batch {@code order[from, to)}: pull, compute, push; returns the batch loss. */
  public interface Step {
    double run(int[] order, int from, int to);
  }

  private final int clocksPerEpoch;
  private final long seed;

  public MinibatchLoop(Hyperparameters hp) {
    this.clocksPerEpoch = hp.getInt(Hyperparameters.CLOCKS_PER_EPOCH, 1);
    this.seed = hp.getInt(Hyperparameters.SEED);
  }

  public int totalClocks(int epochs) {
    return epochs * clocksPerEpoch;
  }

  /** Runs from the store's current clock to the last clock of {@code epochs} over {@code n} examples. */
  public void run(ParameterStore ps, int n, int epochs, IntConsumer beforeClock, ClockListener listener, Step step) {
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
      double loss = to > from ? step.run(order, from, to) : Double.NaN;
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
