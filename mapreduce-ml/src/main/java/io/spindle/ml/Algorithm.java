package io.spindle.ml;

import io.spindle.ml.data.Examples;
import io.spindle.ml.param.ParameterStore;
import io.spindle.thrift.TableSpec;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * A trainable algorithm bound to one job's shape and settings. It knows nothing of YARN or
 * Thrift: it computes on a partition and talks to a {@link ParameterStore}. Every worker runs
 * {@link #train} on its partition; after the last clock one worker reads the {@link #model}.
 *
 * <p>Training must be restartable from any clock the store reports: a relaunched worker, or all
 * workers after a rollback, call {@code train} again and it resumes at
 * {@code ps.currentClock()}, taking exactly the data it would have taken then.
 */
public interface Algorithm {
  /** The parameter-server tables a run of {@code epochs} declares. */
  List<TableSpec> tables(int epochs);

  /** Clocks in a run of {@code epochs} passes (or iterations). */
  int clocks(int epochs);

  /**
   * Runs from the store's current clock to the last clock.
   *
   * @param beforeClock called with each clock's number before it starts (fault drills, stragglers)
   */
  void train(ParameterStore ps, Examples partition, int epochs, IntConsumer beforeClock, ClockListener listener);

  /** The trained model, read once every worker finished the last clock. */
  Model model(ParameterStore ps, int epochs);

  /** Training metrics of the finished run for the summary (e.g. the k-means cost), read like the model. */
  default Map<String, Double> finalMetrics(ParameterStore ps, int epochs) {
    return Map.of();
  }
}
