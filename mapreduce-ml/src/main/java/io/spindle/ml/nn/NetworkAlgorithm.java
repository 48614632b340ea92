package io.spindle.ml.nn;

import io.spindle.ml.Algorithm;
import io.spindle.ml.ClockListener;
import io.spindle.ml.Hyperparameters;
import io.spindle.ml.MinibatchLoop;
import io.spindle.ml.Model;
import io.spindle.ml.compute.Backend;
import io.spindle.ml.data.Examples;
import io.spindle.ml.param.ParameterStore;
import io.spindle.ml.param.Rows;
import io.spindle.thrift.TableSpec;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * {@code mlp} and {@code cnn}: a network ({@link Architecture}) trained by minibatch SGD through
 * the parameter server. Each layer with parameters is a dense table (He-initialised); each clock a
 * worker pulls every table, runs forward and backward on its compute backend, and pushes the
 * gradients (plus L2 on the weights).
 */
public final class NetworkAlgorithm implements Algorithm {
  private final Architecture architecture;
  private final double l2;
  private final MinibatchLoop loop;
  private final Supplier<Backend> backends;

  public NetworkAlgorithm(Architecture architecture, Hyperparameters hp, Supplier<Backend> backends) {
    this.architecture = architecture;
    this.l2 = hp.getDouble(Hyperparameters.L2);
    this.loop = new MinibatchLoop(hp);
    this.backends = backends;
  }

  @Override
  public List<TableSpec> tables(int epochs) {
    return architecture.tables();
  }

  @Override
  public int clocks(int epochs) {
    return loop.totalClocks(epochs);
  }

  @Override
  public void train(ParameterStore ps, Examples data, int epochs, IntConsumer beforeClock, ClockListener listener) {
    int[] rows = architecture.tableRows();
    int[] sizes = architecture.tableSizes();
    try (Backend backend = backends.get()) {
      Network network = architecture.network(backend);
      float[][] gradients = new float[sizes.length][];
      float[][] parameters = new float[sizes.length][];
      for (int t = 0; t < sizes.length; t++) {
        gradients[t] = new float[sizes[t]];
        parameters[t] = new float[sizes[t]];
      }
      loop.run(ps, data.size(), epochs, beforeClock, listener, (order, from, to) -> {
        for (int t = 0; t < sizes.length; t++) {
          ps.pull(t, Rows.range(0, rows[t]), parameters[t]);
        }
        network.load(parameters);
        double loss = network.step(data, order, from, to, gradients);
        for (int t = 0; t < sizes.length; t++) {
          int weights = sizes[t] / rows[t] * (rows[t] - 1);   // the bias row after them is not regularised
          for (int i = 0; i < weights; i++) {
            gradients[t][i] += (float) (l2 * parameters[t][i]);
          }
          ps.push(t, Rows.range(0, rows[t]), gradients[t]);
        }
        return loss;
      });
    }
  }

  @Override
  public Model model(ParameterStore ps, int epochs) {
    int[] rows = architecture.tableRows();
    float[][] tables = new float[rows.length][];
    for (int t = 0; t < rows.length; t++) {
      tables[t] = ps.pullAfter(t, Rows.range(0, rows[t]), clocks(epochs));
    }
    return new NetworkModel(architecture, tables);
  }
}
