package io.spindle.ml.iterative;

import io.spindle.ml.Algorithm;
import io.spindle.ml.ClockListener;
import io.spindle.ml.Model;
import io.spindle.ml.data.Examples;
import io.spindle.ml.param.ParameterStore;
import io.spindle.thrift.TableSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntConsumer;

/** An algorithm that is a {@link FullBatchStep} run by {@link IterativeReduce}: one iteration per epoch. */
public final class FullBatchAlgorithm<S> implements Algorithm {
  private final FullBatchStep<S> step;
  private final Function<S, Model> toModel;
  private final String objectiveName;
  private IterativeReduce<S> run;
  private int runIterations = -1;

  /** @param objectiveName the summary metric the final objective goes under, or null for none */
  public FullBatchAlgorithm(FullBatchStep<S> step, Function<S, Model> toModel, String objectiveName) {
    this.step = step;
    this.toModel = toModel;
    this.objectiveName = objectiveName;
  }

  private IterativeReduce<S> run(int iterations) {
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
    return toModel.apply(run(epochs).result(ps));
  }

  @Override
  public Map<String, Double> finalMetrics(ParameterStore ps, int epochs) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (objectiveName != null) {
      metrics.put(objectiveName, run(epochs).finalObjective(ps));
    }
    metrics.put("iterations", (double) epochs);
    return metrics;
  }
}
