package io.spindle.ml.iterative;

import io.spindle.ml.data.Examples;

/**
 * One algorithm as iterative MapReduce: a state, the partial statistics a partition yields
 * under it (map), and the next state from the statistics summed over all partitions (apply).
 * Statistics are {@link #rows()} x {@link #columns()} numbers; summing is the only reduce, so
 * the parameter-server shards and a MapReduce reducer can both do it.
 *
 * @param <S> the state, e.g. k-means centroids
 */
public interface FullBatchStep<S> {
  int rows();

  int columns();

  /** The starting state; every worker computes the same one. */
  S initial();

  /** Partial statistics of a partition under a state (rows x columns, row-major). */
  double[] map(S state, Examples partition);

  /**
   * The next state from the previous one and the statistics summed over every partition. It may
   * change and return {@code previous}: the caller keeps no other reference to it.
   */
  S apply(S previous, double[] totals);

  /**
   * The model from the last state and the statistics the last pass measured under it. By default
   * the state itself (k-means: the centres whose cost was measured); a search that evaluates
   * trial points (L-BFGS) applies the last measurement to keep the best point it has seen.
   */
  default S finish(S last, double[] totals) {
    return last;
  }

  /** The objective the statistics report for the state they were mapped under (e.g. k-means cost). */
  double objective(double[] totals);
}
