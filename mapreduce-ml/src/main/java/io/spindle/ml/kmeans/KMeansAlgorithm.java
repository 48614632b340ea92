package io.spindle.ml.kmeans;

import io.spindle.ml.Algorithm;
import io.spindle.ml.ClockListener;
import io.spindle.ml.Hyperparameters;
import io.spindle.ml.Model;
import io.spindle.ml.data.Examples;
import io.spindle.ml.iterative.IterativeReduce;
import io.spindle.ml.param.ParameterStore;
import io.spindle.thrift.TableSpec;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/** {@code kmeans}: Lloyd iterations (one per epoch) as iterative MapReduce through the shards. */
public final class KMeansAlgorithm implements Algorithm {
  private final KMeansStep step;
  private IterativeReduce<Centroids> run;
  private int runIterations = -1;

  public KMeansAlgorithm(long features, Hyperparameters hp, Supplier<Examples> sample) {
    this.step = new KMeansStep(hp.getInt(Hyperparameters.K, 1), (int) features, hp.getInt(Hyperparameters.SEED),
        sample);
  }

  private IterativeReduce<Centroids> run(int iterations) {
    if (runIterations != iterations) {
      run = new IterativeReduce<>(step, iterations);
      runIterations = iterations;
    }
    return run;
  }

  @Override
  public List<TableSpec> tables(int epochs) {
    return List.of(IterativeReduce.table(step, epochs));
  }

  @Override
  public int clocks(int epochs) {
    return epochs + 1;
  }

  @Override
  public void train(ParameterStore ps, Examples partition, int epochs, IntConsumer beforeClock, ClockListener listener) {
    run(epochs).run(ps, partition, beforeClock, listener);
  }

  @Override
  public Model model(ParameterStore ps, int epochs) {
    return new KMeansModel(run(epochs).result(ps));
  }

  @Override
  public Map<String, Double> finalMetrics(ParameterStore ps, int epochs) {
    return Map.of("cost", run(epochs).finalObjective(ps), "iterations", (double) epochs);
  }
}
