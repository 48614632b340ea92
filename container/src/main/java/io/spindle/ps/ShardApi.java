package io.spindle.ps;

import io.spindle.ml.param.Rows;
import java.util.List;

/**
 * One shard's operations, typed. The shard itself implements it ({@link Shard}), and so does the
 * Thrift stub that reaches a remote shard ({@link ThriftShardStub}): one shard logic, two
 * transports. See the ParameterServer service in spindle.thrift for the contract of each call.
 */
public interface ShardApi extends AutoCloseable {

  /** @param generation the recovery generation of the shard map the worker reached this shard by */
  int hello(int worker, int attempt, int generation);

  /**
   * Buffers {@code update[from, from + count)} (rows x columns) for the clock; the shard keeps
   * nothing of {@code update} (callers reuse it).
   */
  void push(int worker, int attempt, int clock, int table, Rows rows, float[] update, int from, int count);

  default void push(int worker, int attempt, int clock, int table, Rows rows, float[] update) {
    push(worker, attempt, clock, table, rows, update, 0, update.length);
  }

  /**
   * As {@link #push(int, int, int, int, Rows, float[], int, int)} for each block in turn, each
   * block's values in {@code update}. A remote shard gets the blocks back to back: the next is on
   * its way while the shard takes in the last. The first refusal is thrown; blocks after it may
   * have been buffered or not, which does not matter: a clock with a refused push is never
   * committed ({@link PsClient#clock()}).
   */
  default void push(int worker, int attempt, int clock, int table, List<Block> blocks, float[] update) {
    for (Block block : blocks) {
      push(worker, attempt, clock, table, block.rows(), update, block.from(), block.count());
    }
  }

  int clock(int worker, int attempt, int clock, int waitForClock, long timeoutMs);

  /** The rows in a fresh array, once every worker has committed {@code minClock} clocks. */
  PullResult pull(int worker, int attempt, int table, Rows rows, int minClock, long timeoutMs);

  /**
   * As {@link #pull}, the block's rows into {@code into} at the block's place, which their values
   * (rows x columns) must fill exactly (else BAD_SHAPE: the shard holds the table otherwise than
   * the caller thinks); returns the clock the values reflect. A worker reading a table spread over
   * shards fills one array this way.
   */
  int pullInto(int worker, int attempt, int table, Block block, int minClock, long timeoutMs, float[] into);

  /**
   * As {@link #pullInto(int, int, int, Block, int, long, float[])} for each block in turn,
   * each into {@code into} at its block's place; returns the clock each block's values reflect.
   * Only the first block waits for {@code minClock} (up to {@code timeoutMs}): the rest are read
   * once it has passed, or refused at once (TIMEOUT) with it. A remote shard gets the requests
   * back to back, so it reads the next block while the last one's values travel.
   */
  default int[] pullInto(int worker, int attempt, int table, List<Block> blocks, int minClock, long timeoutMs,
                         float[] into) {
    int[] clocks = new int[blocks.size()];
    for (int i = 0; i < clocks.length; i++) {
      clocks[i] = pullInto(worker, attempt, table, blocks.get(i), minClock, i == 0 ? timeoutMs : 0, into);
    }
    return clocks;
  }

  /** Bytes of sparse keys that went as their key set's signature instead (none in process). */
  default long keyBytesNotSent() {
    return 0;
  }

  @Override
  void close();

  /** Rows of one request and where their values lie in the caller's array: {@code count} floats from {@code from}. */
  record Block(Rows rows, int from, int count) { }

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
