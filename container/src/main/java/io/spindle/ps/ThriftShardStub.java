package io.spindle.ps;

import io.spindle.ml.param.Rows;
import io.spindle.rpc.ThriftClients;
import io.spindle.rpc.Wire;
import io.spindle.thrift.ParameterServer;
import io.spindle.thrift.PsError;
import io.spindle.thrift.PullReply;
import java.io.IOException;
import org.apache.thrift.TException;

/**
 * A remote shard reached over one Thrift connection. Not thread-safe (one request at a time on
 * the connection); {@link PsClient}'s per-shard lanes serialise calls.
 */
public final class ThriftShardStub implements ShardApi {
  private final ParameterServer.Client client;
  private final String address;
  private final Wire wire = new Wire();

  public ThriftShardStub(String host, int port, int maxFrameBytes, int socketTimeoutMs) {
    this.address = host + ":" + port;
    try {
      this.client = new ParameterServer.Client(ThriftClients.connect(host, port, maxFrameBytes, socketTimeoutMs));
    } catch (java.io.UncheckedIOException e) {
      throw new ShardUnreachableException("shard " + address + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws TException;
  }

  private <T> T call(String what, Call<T> call) {
    try {
      return call.run();
    } catch (PsError e) {
      throw new ShardException(e.getCode(), e.getMessage());
    } catch (TException e) {
      String message = "shard " + address + " " + what + ": " + e.getMessage();
      throw new ShardUnreachableException(message, new IOException(message, e));
    }
  }

  @Override
  public int hello(int worker, int attempt) {
    return call("hello", () -> client.hello(worker, attempt));
  }

  @Override
  public void push(int worker, int attempt, int clock, int table, Rows rows, float[] update, int from, int count) {
    call("push", () -> {
      client.push(worker, attempt, clock, table, wire.slice(rows, update, from, count));
      return null;
    });
  }

  @Override
  public int clock(int worker, int attempt, int clock, int waitForClock, long timeoutMs) {
    return call("clock", () -> client.clock(worker, attempt, clock, waitForClock, timeoutMs));
  }

  @Override
  public PullResult pull(int worker, int attempt, int table, Rows rows, int minClock, long timeoutMs) {
    PullReply reply = pullReply(worker, attempt, table, rows, minClock, timeoutMs);
    return new PullResult(Wire.unpackFloats(reply.bufferForValues()), reply.getClock());
  }

  @Override
  public int pullInto(int worker, int attempt, int table, Rows rows, int minClock, long timeoutMs, float[] into,
                      int at) {
    PullReply reply = pullReply(worker, attempt, table, rows, minClock, timeoutMs);
    Wire.unpackFloats(reply.bufferForValues(), into, at);
    return reply.getClock();
  }

  /** The reply's values lie in the connection's frame buffer: read them before the next call. */
  private PullReply pullReply(int worker, int attempt, int table, Rows rows, int minClock, long timeoutMs) {
    return call("pull", () -> client.pull(worker, attempt, table, wire.slice(rows, null, 0, 0), minClock, timeoutMs));
  }

  @Override
  public void close() {
    client.getInputProtocol().getTransport().close();
  }
}
