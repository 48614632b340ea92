package io.spindle.ml.linear;

import io.spindle.ml.data.Examples;
import io.spindle.ml.iterative.FullBatchStep;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Full-batch L-BFGS (Nocedal 1980; memory of the last {@code MEMORY} steps) with a backtracking
 * Armijo line search, as iterative MapReduce: each pass maps every partition to the loss and
 * gradient sums at the current trial point; the step accepts the trial (updating the memory and
 * taking the next quasi-Newton direction) or halves the step along the same direction. Every
 * worker applies the same step to the same sums, so all hold the same state. L2 (not on the bias)
 * is added here, once, not per partition.
 */
public final class LbfgsStep implements FullBatchStep<LbfgsStep.State> {
  static final int MEMORY = 10;
  private static final double ARMIJO = 1e-4;
  // Sums travel as floats: a trial within this of the Armijo bound is accepted, not halved forever.
  private static final double LOSS_RESOLUTION = 1e-7;

  /** The optimiser's state: the accepted point and the trial the next pass evaluates. */
  public static final class State {
    double[] x;
    double fx;
    double[] gx;
    double[] trial;
    double[] direction;
    double alpha;
    final ArrayDeque<double[][]> memory = new ArrayDeque<>();   // (s, y) pairs, newest last

    /** The best accepted weights (the trial before the first pass). */
    public float[] weights() {
      double[] w = x == null ? trial : x;
      float[] out = new float[w.length];
      for (int i = 0; i < w.length; i++) {
        out[i] = (float) w[i];
      }
      return out;
    }
  }

  private final LinearObjective objective;
  private final int n;   // features + bias
  private final double l2;

  public LbfgsStep(Loss loss, int features, double l2) {
    this.objective = new LinearObjective(loss, 0, features);
    this.n = features + 1;
    this.l2 = l2;
  }

  @Override
  public int rows() {
    return n + 2;   // loss sum, count, gradient sums
  }

  @Override
  public int columns() {
    return 1;
  }

  @Override
  public State initial() {
    State s = new State();
    s.trial = new double[n];
    return s;
  }

  @Override
  public double[] map(State state, Examples partition) {
    double[] stats = new double[n + 2];
    int size = partition.size();
    if (size == 0) {
      return stats;
    }
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = i;
    }
    float[] weights = new float[n];
    for (int i = 0; i < n; i++) {
      weights[i] = (float) state.trial[i];
    }
    float[] gradient = new float[n];
    stats[0] = objective.lossAndGradient(partition, order, 0, size, keys, weights, gradient) * size;
    stats[1] = size;
    for (int i = 0; i < n; i++) {
      stats[2 + i] = gradient[i] * (double) size;
    }
    return stats;
  }

  @Override
  public State apply(State s, double[] totals) {
    double count = Math.max(1, totals[1]);
    double f = totals[0] / count;
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      g[i] = totals[2 + i] / count;
    }
    for (int i = 0; i < n - 1; i++) {   // L2, not on the bias (the last weight)
      f += 0.5 * l2 * s.trial[i] * s.trial[i];
      g[i] += l2 * s.trial[i];
    }
    if (s.x == null) {
      accept(s, f, g);
      s.alpha = 1 / Math.max(1e-12, Math.sqrt(dot(g, g)));   // a first step of unit length
    } else if (f <= s.fx + ARMIJO * s.alpha * dot(s.gx, s.direction) + LOSS_RESOLUTION || s.alpha < 1e-10) {
      double[] step = new double[n];
      double[] change = new double[n];
      for (int i = 0; i < n; i++) {
        step[i] = s.trial[i] - s.x[i];
        change[i] = g[i] - s.gx[i];
      }
      if (dot(step, change) > 1e-12) {   // curvature condition: keeps the inverse Hessian positive definite
        s.memory.addLast(new double[][] {step, change});
        if (s.memory.size() > MEMORY) {
          s.memory.removeFirst();
        }
      }
      accept(s, f, g);
      s.alpha = 1;
    } else {
      s.alpha *= 0.5;
    }
    for (int i = 0; i < n; i++) {
      s.trial[i] = s.x[i] + s.alpha * s.direction[i];
    }
    return s;
  }

  private void accept(State s, double f, double[] g) {
    s.x = s.trial.clone();
    s.fx = f;
    s.gx = g;
    s.direction = direction(s.memory, g);
  }

  /** The two-loop recursion: minus the inverse-Hessian estimate times the gradient. */
  static double[] direction(ArrayDeque<double[][]> memory, double[] g) {
    double[] q = g.clone();
    double[] a = new double[memory.size()];
    int k = memory.size() - 1;
    for (Iterator<double[][]> it = memory.descendingIterator(); it.hasNext(); k--) {
      double[][] sy = it.next();
      a[k] = dot(sy[0], q) / dot(sy[1], sy[0]);
      axpy(-a[k], sy[1], q);
    }
    if (!memory.isEmpty()) {
      double[][] last = memory.peekLast();
      double gamma = dot(last[0], last[1]) / dot(last[1], last[1]);
      for (int i = 0; i < q.length; i++) {
        q[i] *= gamma;
      }
    }
    k = 0;
    for (double[][] sy : memory) {
      double b = dot(sy[1], q) / dot(sy[1], sy[0]);
      axpy(a[k++] - b, sy[0], q);
    }
    for (int i = 0; i < q.length; i++) {
      q[i] = -q[i];
    }
    return q;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] += a * x[i];
    }
  }

  /** The last pass measured the last trial: accept or reject it, so the model is the best point measured. */
  @Override
  public State finish(State last, double[] totals) {
    return apply(last, totals);
  }

  @Override
  public double objective(double[] totals) {
    return totals[0] / Math.max(1, totals[1]);
  }
}
