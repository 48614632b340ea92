package io.spindle.ml.param;

/**
 * What a trainer needs from a parameter store: read rows at its current clock, push updates for
 * that clock, and end the clock. Updates pushed during a clock become visible to others only
 * after {@link #clock()}, all at once, and exactly once.
 *
 * <p>Lifecycle per clock: any number of {@code pull} and {@code push} calls, then {@code clock()}.
 * Not thread-safe: one trainer thread drives one store.
 *
 * <pre>{@code
 * float[] w = store.pull(WEIGHTS, Rows.range(0, features));
 * store.push(WEIGHTS, Rows.range(0, features), gradient);
 * store.clock();
 * }</pre>
 */
public interface ParameterStore extends AutoCloseable {

  /** Values of the rows (rows x columns, row-major), fresh enough for the consistency bound. */
  float[] pull(int table, Rows rows);

  /**
   * As {@link #pull(int, Rows)}, into {@code into} (exactly rows x columns floats), which it
   * returns: a trainer that reads the same rows every clock keeps one array for them instead of
   * a new one per read.
   */
  float[] pull(int table, Rows rows, float[] into);

  /**
   * Values of the rows once every worker has completed {@code clocks} clocks, whatever the
   * consistency model: a reader that needs exact totals (a full-batch step, the final model).
   */
  float[] pullAfter(int table, Rows rows, int clocks);

  /**
   * Adds an update (rows x columns) for the current clock; the table's update rule interprets it.
   * A store may read {@code update} after this returns (a remote one sends it on another thread):
   * leave it unchanged until {@link #clock()} returns.
   */
  void push(int table, Rows rows, float[] update);

  /** Commits this clock's updates and starts the next clock, waiting if the bound requires. */
  void clock();

  /** Number of clocks this worker has completed. */
  int currentClock();

  @Override
  void close();
}
