package io.spindle.ps;

import io.spindle.rpc.Wire;
import io.spindle.thrift.ParameterServer;
import io.spindle.thrift.PsError;
import io.spindle.thrift.PullReply;
import io.spindle.thrift.Slice;

/** Serves a {@link Shard} over Thrift: converts slices and maps refusals to {@link PsError}. */
public final class ShardService implements ParameterServer.Iface {
  private final Shard shard;
  /** Each connection is served by one thread at a time, so a thread's buffers serve its calls in turn. */
  private final ThreadLocal<Wire> wires = ThreadLocal.withInitial(Wire::new);

  public ShardService(Shard shard) {
    this.shard = shard;
  }

  @Override
  public int hello(int worker, int attempt) throws PsError {
    try {
      return shard.hello(worker, attempt);
    } catch (ShardException e) {
      throw error(e);
    }
  }

  @Override
  public void push(int worker, int attempt, int clock, int table, Slice update) throws PsError {
    try {
      shard.push(worker, attempt, clock, table, Wire.rows(update), Wire.floats(update));
    } catch (ShardException e) {
      throw error(e);
    } catch (IllegalArgumentException e) {
      throw new PsError(io.spindle.thrift.PsErrorCode.BAD_SHAPE, e.getMessage());
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
      int clock = shard.read(worker, attempt, table, Wire.rows(request), minClock, timeoutMs, wire::outgoingFloats);
      return new PullReply(wire.outgoing(), clock);
    } catch (ShardException e) {
      throw error(e);
    } catch (IllegalArgumentException e) {
      throw new PsError(io.spindle.thrift.PsErrorCode.BAD_SHAPE, e.getMessage());
    }
  }

  private static PsError error(ShardException e) {
    return new PsError(e.code(), e.getMessage());
  }
}
