package io.spindle.ps;

import io.spindle.ml.param.Rows;

/**
 * One shard's operations, typed. The shard itself implements it ({@link Shard}), and so does the
 * Thrift stub that reaches a remote shard ({@link ThriftShardStub}): one shard logic, two
 * transports. See the ParameterServer service in spindle.thrift for the contract of each call.
 */
public interface ShardApi extends AutoCloseable {

  int hello(int worker, int attempt);

  /**
   * Buffers {@code update[from, from + count)} (rows x columns) for the clock; the shard keeps
   * nothing of {@code update} (callers reuse it).
   */
  void push(int worker, int attempt, int clock, int table, Rows rows, float[] update, int from, int count);

  default void push(int worker, int attempt, int clock, int table, Rows rows, float[] update) {
    push(worker, attempt, clock, table, rows, update, 0, update.length);
  }

  int clock(int worker, int attempt, int clock, int waitForClock, long timeoutMs);

  /** The rows in a fresh array, once every worker has committed {@code minClock} clocks. */
  PullResult pull(int worker, int attempt, int table, Rows rows, int minClock, long timeoutMs);

  /**
   * As {@link #pull}, into {@code into} from index {@code at} (rows x columns); returns the clock
   * the values reflect. A worker reading a table spread over shards fills one array this way.
   */
  int pullInto(int worker, int attempt, int table, Rows rows, int minClock, long timeoutMs, float[] into, int at);

  /** Bytes of sparse keys that went as their key set's signature instead (none in process). */
  default long keyBytesNotSent() {
    return 0;
  }

  @Override
  void close();

  /** Values read from a shard and the clock they reflect. */
  final class PullResult {
    public final float[] values;
    public final int clock;

    public PullResult(float[] values, int clock) {
      this.values = values;
      this.clock = clock;
    }
  }
}
