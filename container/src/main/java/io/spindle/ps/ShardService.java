package io.spindle.ps;

import io.spindle.ml.param.Rows;
import io.spindle.rpc.Wire;
import io.spindle.thrift.ParameterServer;
import io.spindle.thrift.PsError;
import io.spindle.thrift.PsErrorCode;
import io.spindle.thrift.PullReply;
import io.spindle.thrift.Slice;
import java.util.List;
import java.util.stream.Stream;

/**
 * Serves a {@link Shard} over Thrift: converts slices (keeping each worker's {@link KeySets}) and
 * maps refusals to {@link PsError}.
 */
public final class ShardService implements ParameterServer.Iface {
  /** A reply's bytes besides its values (message name, sequence number, fields), with room to spare. */
  private static final int REPLY_FRAMING_BYTES = 1024;
  private final Shard shard;
  /** Each connection is served by one thread at a time, so a thread's buffers serve its calls in turn. */
  private final ThreadLocal<Wire> wires = ThreadLocal.withInitial(Wire::new);
  private final List<KeySets<Rows>> keySets;   // by worker
  private final int maxReplyFloats;

  /**
   * @param maxFrameBytes the job's frame limit, which workers read replies under: a pull whose
   *     reply would not fit is refused before anything is read, where the worker would otherwise
   *     take the reply it cannot read for a shard gone away
   */
  public ShardService(Shard shard, int maxFrameBytes) {
    this.shard = shard;
    this.maxReplyFloats = (maxFrameBytes - REPLY_FRAMING_BYTES) / Float.BYTES;
    this.keySets = Stream.generate(KeySets::ofRows).limit(shard.workers()).toList();
  }

  @Override
  public int hello(int worker, int attempt, int generation) throws PsError {
    try {
      return shard.hello(worker, attempt, generation);
    } catch (ShardException e) {
      throw error(e);
    }
  }

  @Override
  public void push(int worker, int attempt, int clock, int table, Slice update) throws PsError {
    try {
      Rows rows = rows(worker, table, update);
      shard.push(worker, attempt, clock, table, rows, Wire.floats(update));
      remember(worker, table, update, rows);
    } catch (ShardException e) {
      throw error(e);
    } catch (IllegalArgumentException e) {
      throw new PsError(PsErrorCode.BAD_SHAPE, e.getMessage());
    } catch (IllegalStateException e) {
      throw tooLarge(e);
    }
  }

  @Override
  public int clock(int worker, int attempt, int clock, int waitForClock, long timeoutMs) throws PsError {
    try {
      return shard.clock(worker, attempt, clock, waitForClock, timeoutMs);
    } catch (ShardException e) {
      throw error(e);
    }
  }

  @Override
  public PullReply pull(int worker, int attempt, int table, Slice request, int minClock, long timeoutMs)
      throws PsError {
    try {
      Wire wire = wires.get();
      Rows rows = rows(worker, table, request);
      int clock = shard.read(worker, attempt, table, rows, minClock, timeoutMs, count -> {
        if (count > maxReplyFloats) {
          throw new ShardException(PsErrorCode.TOO_LARGE, "a pull of " + rows.size() + " rows of table " + table
              + " is " + count + " values, more than the " + maxReplyFloats + " one reply carries under the frame"
              + " limit (max-frame-bytes); pull fewer rows at a time");
        }
        return wire.outgoingFloats(count);
      });
      remember(worker, table, request, rows);
      return new PullReply(wire.outgoing(), clock);
    } catch (ShardException e) {
      throw error(e);
    } catch (IllegalArgumentException e) {
      throw new PsError(PsErrorCode.BAD_SHAPE, e.getMessage());
    } catch (IllegalStateException e) {
      throw tooLarge(e);
    }
  }

  /** A table grown past what one array holds (the message names the remedy). */
  private PsError tooLarge(IllegalStateException e) {
    return new PsError(PsErrorCode.TOO_LARGE, "shard " + shard.index() + ": " + e.getMessage());
  }

  /** The slice's rows: its keys or range, or the keys the worker sent before under its key set. */
  private Rows rows(int worker, int table, Slice slice) throws PsError {
    KeySets<Rows> sets = keySets(worker);
    if (!slice.isSetKeySet() || slice.isSetKeys() || sets == null) {
      return Wire.rows(slice);   // an unknown worker is refused by the shard, by name
    }
    Rows rows;
    synchronized (sets) {
      rows = sets.get(table, slice.getKeySet());
    }
    if (rows == null) {
      throw new PsError(PsErrorCode.UNKNOWN_KEY_SET, "shard " + shard.index() + " holds no key set "
          + Long.toHexString(slice.getKeySet()) + " of worker " + worker + " for table " + table
          + " (restarted, or forgotten to make room): send its keys");
    }
    return rows;
  }

  /** After a request that succeeded: keeps its keys under the key set it names. */
  private void remember(int worker, int table, Slice slice, Rows rows) {
    KeySets<Rows> sets = keySets(worker);
    if (slice.isSetKeySet() && slice.isSetKeys() && sets != null) {
      synchronized (sets) {
        sets.put(table, slice.getKeySet(), rows);
      }
    }
  }

  private KeySets<Rows> keySets(int worker) {
    return worker >= 0 && worker < keySets.size() ? keySets.get(worker) : null;
  }

  private static PsError error(ShardException e) {
    return new PsError(e.code(), e.reason());
  }
}
