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
import io.spindle.thrift.TableKind;
import io.spindle.thrift.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * {@code mlp}: dense layers (sizes from {@code --set hidden}), ReLU, softmax cross-entropy,
 * trained by minibatch SGD through the parameter server. Each layer is a dense table of
 * (in + 1) x out values (He-initialised); each clock a worker pulls every layer, runs forward and
 * backward on its compute backend, and pushes the gradients (plus L2 on the weights).
 */
public final class MlpAlgorithm implements Algorithm {
  private final int[] sizes;
  private final Hyperparameters hp;
  private final double l2;
  private final MinibatchLoop loop;
  private final Supplier<Backend> backends;

  public MlpAlgorithm(long features, Hyperparameters hp, Supplier<Backend> backends) {
    this.sizes = sizes(features, hp);
    this.hp = hp;
    this.l2 = hp.getDouble(Hyperparameters.L2);
    this.loop = new MinibatchLoop(hp);
    this.backends = backends;
  }

  static int[] sizes(long features, Hyperparameters hp) {
    String hidden = hp.get(Hyperparameters.HIDDEN).trim();
    List<Integer> sizes = new ArrayList<>();
    sizes.add((int) features);
    if (!hidden.isEmpty()) {
      for (String size : hidden.split(",")) {
        try {
          int n = Integer.parseInt(size.trim());
          if (n < 1) {
            throw new NumberFormatException();
          }
          sizes.add(n);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--set hidden takes layer sizes such as 300 or 500,300; got '" + hidden + "'");
        }
      }
    }
    sizes.add(hp.getInt(Hyperparameters.CLASSES, 2));
    return sizes.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public List<TableSpec> tables(int epochs) {
    List<TableSpec> tables = new ArrayList<>();
    long seed = hp.getInt(Hyperparameters.SEED);
    for (int l = 0; l < sizes.length - 1; l++) {
      tables.add(new TableSpec(l, "layer" + l, TableKind.DENSE, hp.updateRule()).setRows(sizes[l] + 1L)
          .setColumns(sizes[l + 1]).setInitStddev(Math.sqrt(2.0 / sizes[l])).setInitSeed(seed * 31 + l));
    }
    return tables;
  }

  @Override
  public int clocks(int epochs) {
    return loop.totalClocks(epochs);
  }

  @Override
  public void train(ParameterStore ps, Examples data, int epochs, IntConsumer beforeClock, ClockListener listener) {
    int layers = sizes.length - 1;
    try (Backend backend = backends.get()) {
      DenseNetwork network = new DenseNetwork(backend, sizes);
      float[][] gradients = new float[layers][];
      for (int l = 0; l < layers; l++) {
        gradients[l] = new float[DenseNetwork.parameters(sizes, l)];
      }
      loop.run(ps, data.size(), epochs, beforeClock, listener, (order, from, to) -> {
        float[][] parameters = new float[layers][];
        for (int l = 0; l < layers; l++) {
          parameters[l] = ps.pull(l, Rows.range(0, sizes[l] + 1));
        }
        double loss = network.step(data, order, from, to, parameters, gradients);
        for (int l = 0; l < layers; l++) {
          int weights = sizes[l] * sizes[l + 1];   // the bias row after them is not regularised
          for (int i = 0; i < weights; i++) {
            gradients[l][i] += (float) (l2 * parameters[l][i]);
          }
          ps.push(l, Rows.range(0, sizes[l] + 1), gradients[l]);
        }
        return loss;
      });
    }
  }

  @Override
  public Model model(ParameterStore ps, int epochs) {
    float[][] layers = new float[sizes.length - 1][];
    for (int l = 0; l < layers.length; l++) {
      layers[l] = ps.pullAfter(l, Rows.range(0, sizes[l] + 1), clocks(epochs));
    }
    return new MlpModel(sizes, layers);
  }
}
