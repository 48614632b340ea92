package io.spindle.ml.linear;

import io.spindle.ml.Algorithm;
import io.spindle.ml.ClockListener;
import io.spindle.ml.Hyperparameters;
import io.spindle.ml.Model;
import io.spindle.ml.data.Examples;
import io.spindle.ml.param.ParameterStore;
import io.spindle.ml.param.Rows;
import io.spindle.thrift.TableSpec;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The models whose parameters are one row per feature plus a bias row, trained by minibatch
 * SGD: logreg, svm, linreg (one column) and softmax (a column per class).
 */
public final class LinearAlgorithm implements Algorithm {
  private final Loss loss;   // null for softmax
  private final long features;
  private final int classes;
  private final Hyperparameters hp;

  /** @param loss the loss of a one-column model, or null for softmax over {@code --set classes} */
  public LinearAlgorithm(Loss loss, long features, Hyperparameters hp) {
    this.loss = loss;
    this.features = features;
    this.classes = loss == null ? hp.getInt(Hyperparameters.CLASSES, 2) : 1;
    this.hp = hp;
  }

  private BatchObjective objective() {
    return loss == null ? new SoftmaxObjective(classes, hp.getDouble(Hyperparameters.L2), (int) features)
        : new LinearObjective(loss, hp.getDouble(Hyperparameters.L2), (int) features);
  }

  @Override
  public List<TableSpec> tables(int epochs) {
    return List.of(LinearTrainer.weightsTable(features, classes, hp));
  }

  @Override
  public int clocks(int epochs) {
    return new LinearTrainer(objective(), hp).totalClocks(epochs);
  }

  @Override
  public void train(ParameterStore ps, Examples partition, int epochs, IntConsumer beforeClock, ClockListener listener) {
    new LinearTrainer(objective(), hp).train(ps, partition, epochs, beforeClock, listener);
  }

  @Override
  public Model model(ParameterStore ps, int epochs) {
    float[] weights = ps.pullAfter(LinearTrainer.WEIGHTS, Rows.range(0, (int) features + 1), clocks(epochs));
    return loss == null ? new SoftmaxModel(weights, classes) : new LinearModel(loss, weights);
  }
}
