package io.spindle.ps;

import io.spindle.ml.param.Rows;
import io.spindle.rpc.OverLimitException;
import io.spindle.rpc.ThriftClients;
import io.spindle.rpc.Wire;
import io.spindle.thrift.PsError;
import io.spindle.thrift.PsErrorCode;
import io.spindle.thrift.PullReply;
import io.spindle.thrift.Slice;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;

/**
 * A remote shard reached over one Thrift connection. Sparse keys the shard already holds are
 * named by their {@link KeySets} signature instead of sent again. Not thread-safe (one request at
 * a time on the connection); {@link PsClient}'s per-shard lanes serialise calls.
 */
public final class ThriftShardStub implements ShardApi {
  /**
   * Requests of a pipelined exchange sent ahead of the replies read. Bounded so that replies
   * waiting to be read never hold up the requests still to be sent (each side would wait for
   * the other); a push's reply is a few bytes, a pull's request too.
   */
  static final int PIPELINE_DEPTH = 8;

  private final PipelinedClient client;
  private final String address;
  private final Wire wire = new Wire();
  private final KeySets<Rows> keySets = KeySets.ofRows();
  private long keyBytesNotSent;

  public ThriftShardStub(String host, int port, int maxFrameBytes, int socketTimeoutMs) {
    this.address = host + ":" + port;
    try {
      this.client = new PipelinedClient(ThriftClients.connect(host, port, maxFrameBytes, socketTimeoutMs));
    } catch (java.io.UncheckedIOException e) {
      throw new ShardUnreachableException("shard " + address + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws TException;
  }

  @FunctionalInterface
  private interface Step {
    void run(int index) throws TException;
  }

  @FunctionalInterface
  private interface SliceCall<T> {
    T run(Slice slice) throws TException;
  }

  private <T> T call(String what, Call<T> call) {
    try {
      return call.run();
    } catch (PsError e) {
      throw new ShardException(e.getCode(), e.getMessage());
    } catch (OverLimitException e) {
      // This side's limits, not the shard's absence: reconnecting would fail the same way.
      throw new IllegalArgumentException("shard " + address + " " + what + ": " + e.getMessage(), e);
    } catch (TException e) {
      if (failedOnItsSide(e)) {
        // The shard answered, failing on its side: reconnecting would meet the same failure again.
        throw new IllegalStateException("shard " + address + " failed to serve " + what + " (" + e.getMessage()
            + "); its container's log says why", e);
      }
      String message = "shard " + address + " " + what + ": " + e.getMessage();
      throw new ShardUnreachableException(message, new IOException(message, e));
    }
  }

  /** A failure the server sent (its handler threw, or it has no such call), not one of the connection. */
  private static boolean failedOnItsSide(TException e) {
    if (!(e instanceof TApplicationException)) {
      return false;
    }
    int type = ((TApplicationException) e).getType();
    return type == TApplicationException.INTERNAL_ERROR || type == TApplicationException.UNKNOWN_METHOD;
  }

  @Override
  public int hello(int worker, int attempt, int generation) {
    return call("hello", () -> client.hello(worker, attempt, generation));
  }

  @Override
  public void push(int worker, int attempt, int clock, int table, Rows rows, float[] update, int from, int count) {
    withRows("push", table, rows, update, from, count, slice -> {
      client.push(worker, attempt, clock, table, slice);
      return null;
    });
  }

  /** Range blocks go back to back ({@link #pipelined}); key blocks one at a time, each named by its key set if held. */
  @Override
  public void push(int worker, int attempt, int clock, int table, List<Block> blocks, float[] update) {
    if (!allRanges(blocks)) {
      ShardApi.super.push(worker, attempt, clock, table, blocks, update);
      return;
    }
    pipelined("push", blocks.size(), i -> {
      Block block = blocks.get(i);
      client.send_push(worker, attempt, clock, table, wire.slice(block.rows(), update, block.from(), block.count()));
    }, i -> client.recv_push());
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
  public int pullInto(int worker, int attempt, int table, Block block, int minClock, long timeoutMs, float[] into) {
    PullReply reply = pullReply(worker, attempt, table, block.rows(), minClock, timeoutMs);
    unpack(reply, block, into);
    return reply.getClock();
  }

  @Override
  public int[] pullInto(int worker, int attempt, int table, List<Block> blocks, int minClock, long timeoutMs,
                        float[] into) {
    if (!allRanges(blocks)) {
      return ShardApi.super.pullInto(worker, attempt, table, blocks, minClock, timeoutMs, into);
    }
    int[] clocks = new int[blocks.size()];
    pipelined("pull", blocks.size(),
        i -> client.send_pull(worker, attempt, table, wire.slice(blocks.get(i).rows(), null, 0, 0), minClock,
            i == 0 ? timeoutMs : 0),
        i -> {
          PullReply reply = client.recv_pull();   // its values lie in the frame buffer until the next reply
          unpack(reply, blocks.get(i), into);
          clocks[i] = reply.getClock();
        });
    return clocks;
  }

  /** A block's reply into its place, which it must fill exactly: more would run into the next block's. */
  private void unpack(PullReply reply, Block block, float[] into) {
    int got = reply.bufferForValues() == null ? 0 : reply.bufferForValues().remaining() / Float.BYTES;
    if (got != block.count()) {
      throw ShardException.misshapen("shard " + address, block.count(), got);
    }
    Wire.unpackFloats(reply.bufferForValues(), into, block.from());
  }

  private static boolean allRanges(List<Block> blocks) {
    return blocks.stream().allMatch(block -> block.rows().isRange());
  }

  /**
   * Sends requests {@code 0..count-1} up to {@link #PIPELINE_DEPTH} ahead of the replies read,
   * which come in the same order. After a refusal nothing more is sent; the replies owed are
   * read, and then the first refusal is thrown. Each send flushes its frame, so one {@link Wire}
   * packs every request in turn. An exchange broken off (by whatever was thrown) leaves replies
   * unread on the connection: it is closed, so that no later call reads them as its own.
   */
  private void pipelined(String what, int count, Step send, Step receive) {
    call(what, () -> {
      PsError refused = null;
      boolean inStep = false;
      try {
        for (int sent = 0, received = 0; received < count; received++) {
          for (; refused == null && sent < count && sent - received < PIPELINE_DEPTH; sent++) {
            send.run(sent);
          }
          if (received == sent) {
            break;   // refused: every reply owed has been read
          }
          try {
            receive.run(received);
          } catch (PsError e) {
            refused = refused == null ? e : refused;
          }
        }
        inStep = true;
      } finally {
        if (!inStep) {
          close();
        }
      }
      if (refused != null) {
        throw refused;
      }
      return null;
    });
  }

  /** The reply's values lie in the connection's frame buffer: read them before the next call. */
  private PullReply pullReply(int worker, int attempt, int table, Rows rows, int minClock, long timeoutMs) {
    return withRows("pull", table, rows, null, 0, 0,
        slice -> client.pull(worker, attempt, table, slice, minClock, timeoutMs));
  }

  /**
   * Makes a request whose slice holds {@code rows} and {@code values[from, from + count)}: keys
   * the shard holds go as their signature (sent again if the shard has lost them), others go
   * with their signature for the shard to keep.
   */
  private <T> T withRows(String what, int table, Rows rows, float[] values, int from, int count, SliceCall<T> call) {
    if (rows.isRange() || !KeySets.fits(rows.size())) {
      return call(what, () -> call.run(wire.slice(rows, values, from, count)));
    }
    long signature = rows.signature();
    Rows held = keySets.get(table, signature);
    if (held != null && Arrays.equals(held.keyArray(), rows.keyArray())) {
      try {
        T result = call(what, () -> call.run(wire.keySetSlice(signature, values, from, count)));
        keyBytesNotSent += (long) rows.size() * Long.BYTES;
        return result;
      } catch (ShardException e) {
        if (e.code() != PsErrorCode.UNKNOWN_KEY_SET) {
          throw e;
        }
        keySets.remove(table, signature);
      }
    }
    T result = call(what, () -> call.run(wire.slice(rows, values, from, count).setKeySet(signature)));
    keySets.put(table, signature, Rows.keys(rows.keyArray().clone()));   // the caller may reuse its array
    return result;
  }

  /** Since this connection opened. Read it after the calls it counts have returned. */
  @Override
  public long keyBytesNotSent() {
    return keyBytesNotSent;
  }

  @Override
  public void close() {
    client.getInputProtocol().getTransport().close();
  }
}
