package io.spindle.ml.mf;

import io.spindle.ml.Algorithm;
import io.spindle.ml.ClockListener;
import io.spindle.ml.Hyperparameters;
import io.spindle.ml.MinibatchLoop;
import io.spindle.ml.Model;
import io.spindle.ml.data.Examples;
import io.spindle.ml.data.RatingsFormat;
import io.spindle.ml.param.ParameterStore;
import io.spindle.ml.param.Rows;
import io.spindle.thrift.TableKind;
import io.spindle.thrift.TableSpec;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * {@code mf}: biased matrix factorisation by minibatch SGD through the parameter server. A row
 * per user and per item (rank factors and a bias, Gaussian start) and the global mean live in
 * three tables; each clock a worker pulls the rows its batch of ratings touches and pushes their
 * summed gradients of the squared error plus {@code factor-l2}; the shards apply the optimizer.
 */
public final class MfAlgorithm implements Algorithm {
  public static final int USERS = 0;
  public static final int ITEMS = 1;
  public static final int MEAN = 2;
  private static final double INIT_STDDEV = 0.1;

  private final int users;
  private final int items;
  private final int rank;
  private final double l2;
  private final Hyperparameters hp;
  private final MinibatchLoop loop;

  public MfAlgorithm(Hyperparameters hp) {
    this.users = hp.getInt(Hyperparameters.USERS, 1);
    this.items = hp.getInt(Hyperparameters.ITEMS, 1);
    this.rank = hp.getInt(Hyperparameters.RANK, 1);
    this.l2 = hp.getDouble(Hyperparameters.FACTOR_L2);
    this.hp = hp;
    this.loop = new MinibatchLoop(hp);
  }

  @Override
  public List<TableSpec> tables(int epochs) {
    long seed = hp.getInt(Hyperparameters.SEED);
    return List.of(
        new TableSpec(USERS, "users", TableKind.DENSE, hp.updateRule()).setRows(users).setColumns(rank + 1)
            .setInitStddev(INIT_STDDEV).setInitSeed(seed),
        new TableSpec(ITEMS, "items", TableKind.DENSE, hp.updateRule()).setRows(items).setColumns(rank + 1)
            .setInitStddev(INIT_STDDEV).setInitSeed(seed + 1),
        new TableSpec(MEAN, "mean", TableKind.DENSE, hp.updateRule()).setRows(1).setColumns(1));
  }

  @Override
  public int clocks(int epochs) {
    return loop.totalClocks(epochs);
  }

  @Override
  public void train(ParameterStore ps, Examples data, int epochs, IntConsumer beforeClock, ClockListener listener) {
    loop.run(ps, data.size(), epochs, beforeClock, listener, (order, from, to) -> step(ps, data, order, from, to));
  }

  private double step(ParameterStore ps, Examples data, int[] order, int from, int to) {
    long[] userKeys = distinct(data, order, from, to, 0);
    long[] itemKeys = distinct(data, order, from, to, 1);
    int width = rank + 1;
    float[] p = ps.pull(USERS, Rows.keys(userKeys));
    float[] q = ps.pull(ITEMS, Rows.keys(itemKeys));
    float mean = ps.pull(MEAN, Rows.range(0, 1))[0];
    float[] gp = new float[p.length];
    float[] gq = new float[q.length];
    double gMean = 0;
    double squares = 0;
    for (int b = from; b < to; b++) {
      int i = order[b];
      int u = Arrays.binarySearch(userKeys, RatingsFormat.user(data, i)) * width;
      int v = Arrays.binarySearch(itemKeys, RatingsFormat.item(data, i)) * width;
      double prediction = mean + p[u + rank] + q[v + rank];
      for (int f = 0; f < rank; f++) {
        prediction += p[u + f] * q[v + f];
      }
      double e = prediction - data.label(i);
      squares += e * e;
      gMean += e;
      for (int f = 0; f <= rank; f++) {
        double pf = f < rank ? q[v + f] : 1;   // d prediction / d p_uf (the bias's factor is 1)
        double qf = f < rank ? p[u + f] : 1;
        gp[u + f] += (float) (e * pf + l2 * p[u + f]);
        gq[v + f] += (float) (e * qf + l2 * q[v + f]);
      }
    }
    ps.push(USERS, Rows.keys(userKeys), gp);
    ps.push(ITEMS, Rows.keys(itemKeys), gq);
    ps.push(MEAN, Rows.range(0, 1), new float[] {(float) (gMean / (to - from))});
    return squares / (to - from);
  }

  /** Sorted distinct users (which = 0) or items (which = 1) of a batch. */
  private static long[] distinct(Examples data, int[] order, int from, int to, int which) {
    long[] ids = new long[to - from];
    for (int b = from; b < to; b++) {
      ids[b - from] = data.indices()[data.start(order[b]) + which];
    }
    Arrays.sort(ids);
    int n = 0;
    for (int j = 0; j < ids.length; j++) {
      if (n == 0 || ids[j] != ids[n - 1]) {
        ids[n++] = ids[j];
      }
    }
    return Arrays.copyOf(ids, n);
  }

  @Override
  public Model model(ParameterStore ps, int epochs) {
    int last = clocks(epochs);
    return MfModel.of(ps.pullAfter(MEAN, Rows.range(0, 1), last)[0],
        ps.pullAfter(USERS, Rows.range(0, users), last), ps.pullAfter(ITEMS, Rows.range(0, items), last), rank);
  }
}
