package io.spindle.ps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.ml.param.Consistency;
import io.spindle.ml.param.Rows;
import io.spindle.rpc.ThriftClients;
import io.spindle.selftest.SumOfOnes;
import io.spindle.thrift.ParameterServer;
import io.spindle.thrift.PsError;
import io.spindle.thrift.PsErrorCode;
import io.spindle.thrift.Slice;
import io.spindle.thrift.TableKind;
import io.spindle.thrift.TableSpec;
import io.spindle.thrift.UpdateRuleKind;
import io.spindle.thrift.UpdateRuleSpec;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolDecorator;
import org.junit.jupiter.api.Test;

/** The shard over real Thrift sockets on loopback. */
class ThriftShardIT {

  @Test
  void sumOfOnesIsExactOverThriftForEveryConsistencyModel() throws Exception {
    for (long seed = 0; seed < 2; seed++) {
      ConsistencyTest.runRandomSchedule(ShardCluster.Transport.THRIFT, Consistency.bsp(), seed);
      ConsistencyTest.runRandomSchedule(ShardCluster.Transport.THRIFT, Consistency.ssp(3), seed);
      ConsistencyTest.runRandomSchedule(ShardCluster.Transport.THRIFT, Consistency.async(), seed);
    }
  }

  /**
   * Each bad request gets its error over the wire while a well-behaved worker, sharing the
   * shards, runs sum-of-ones to an exact result.
   */
  @Test
  void badRequestsAreRefusedAndAWellBehavedWorkerIsUnaffected() throws Exception {
    int clocks = 30;
    SumOfOnes job = new SumOfOnes(1, clocks, 50, 2, 20);
    try (ShardCluster cluster = new ShardCluster(ShardCluster.Transport.THRIFT, job.tables(), 2, 2, Consistency.ssp(1))) {
      PsClient good = cluster.client(0, 0);
      good.start();
      // Worker 1 (attempt 3) misbehaves on a connection of its own between clocks it commits
      // properly; it pushes nothing valid, so the values count worker 0's ones only.
      PsClient badWorker = cluster.client(1, 3);
      badWorker.start();
      CompletableFuture<SumOfOnes.Outcome> goodRun = CompletableFuture.supplyAsync(() -> job.run(good, c -> { }));
      ShardApi bad = cluster.connect(0);
      int port = cluster.port(0);
      ParameterServer.Client raw = new ParameterServer.Client(
          ThriftClients.connect("127.0.0.1", port, ShardCluster.MAX_FRAME, 5000));
      // Requests with bytes after them in their frames: each answered, the connection kept in step.
      TProtocol replies = ThriftClients.connect("127.0.0.1", port, ShardCluster.MAX_FRAME, 5000);
      ParameterServer.Client trailing = new ParameterServer.Client(replies, new TProtocolDecorator(replies) {
        @Override
        public void writeMessageEnd() throws TException {
          super.writeMessageEnd();
          getTransport().write(new byte[] {0, 0, 0, 9, 1, 2, 3});
        }
      });
      for (int i = 0; i < 5; i++) {
        assertCode(PsErrorCode.UNKNOWN_TABLE, () -> bad.push(1, 3, 0, 42, Rows.range(0, 1), new float[2]));
        assertCode(PsErrorCode.BAD_SHAPE, () -> bad.push(1, 3, 0, SumOfOnes.DENSE, Rows.range(0, 2), new float[3]));
        assertCode(PsErrorCode.KEY_OUT_OF_RANGE, () -> bad.push(1, 3, 0, SumOfOnes.DENSE, Rows.range(40, 1), new float[2]));
        assertCode(PsErrorCode.UNKNOWN_WORKER, () -> bad.push(7, 0, 0, SumOfOnes.DENSE, Rows.range(0, 1), new float[2]));
        assertCode(PsErrorCode.STALE_ATTEMPT, () -> bad.push(1, 2, 0, SumOfOnes.DENSE, Rows.range(0, 1), new float[2]));
        assertCode(PsErrorCode.BAD_CLOCK, () -> bad.clock(1, 3, 5, 0, 10));
        PsError unknownSet = assertThrows(PsError.class, () -> raw.pull(1, 3, SumOfOnes.SPARSE,
            new Slice().setKeySet(42), 0, 10));
        assertEquals(PsErrorCode.UNKNOWN_KEY_SET, unknownSet.getCode(), unknownSet.getMessage());
        for (int keys : new int[] {300_000, 1 << 30}) {   // over the reply's frame, over any array
          PsError tooLarge = assertThrows(PsError.class, () -> raw.pull(1, 3, SumOfOnes.SPARSE,
              new Slice().setRangeStart(0).setRangeCount(keys), 0, 10));
          assertEquals(PsErrorCode.TOO_LARGE, tooLarge.getCode(), tooLarge.getMessage());
          assertTrue(tooLarge.getMessage().contains("pull fewer rows at a time"), tooLarge.getMessage());
        }
        PsError afterTrailingBytes = assertThrows(PsError.class, () -> trailing.pull(1, 3, SumOfOnes.SPARSE,
            new Slice().setKeySet(43), 0, 10));
        assertEquals(PsErrorCode.UNKNOWN_KEY_SET, afterTrailingBytes.getCode(), afterTrailingBytes.getMessage());
        sendGarbage(port, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        sendGarbage(port, randomBytes(i, 300));
        sendGarbage(port, oversizedFrameHeader());
      }
      for (int c = 0; c < clocks; c++) {
        badWorker.clock();
      }
      SumOfOnes.Outcome outcome = goodRun.get(60, TimeUnit.SECONDS);
      // Only the good worker pushed: values are clocks x 1, and its reads never broke the bound.
      assertEquals(0, outcome.boundViolations, outcome.firstProblem);
      float[] dense = good.pullAfterAsync(SumOfOnes.DENSE, Rows.range(0, 50), clocks).join();
      for (float v : dense) {
        assertEquals(clocks, v);
      }
    }
  }

  @Test
  void requestsLargerThanTheFrameAreSplitByTheClient() throws Exception {
    int rows = 200_000;   // 800 KB of floats per column: several requests under the 1 MiB frame
    TableSpec big = new TableSpec(0, "big", TableKind.DENSE, new UpdateRuleSpec(UpdateRuleKind.ADD))
        .setRows(rows).setColumns(2);
    try (ShardCluster cluster = new ShardCluster(ShardCluster.Transport.THRIFT, List.of(big), 2, 1, Consistency.bsp())) {
      PsClient ps = cluster.client(0, 0);
      ps.start();
      float[] update = new float[rows * 2];
      for (int i = 0; i < update.length; i++) {
        update[i] = i;
      }
      ps.push(0, Rows.range(0, rows), update);
      ps.clock();
      float[] first = ps.pull(0, Rows.range(0, rows));
      assertArrayEquals(update, first);
      // The connections keep and reuse their frame and tensor buffers: small requests after
      // large ones read right, and an earlier result does not change under a later call.
      float[] copy = first.clone();
      ps.push(0, Rows.range(3, 2), new float[] {1, 1, 1, 1});
      ps.clock();
      assertArrayEquals(new float[] {update[6] + 1, update[7] + 1, update[8] + 1, update[9] + 1},
          ps.pull(0, Rows.range(3, 2)));
      float[] expected = update.clone();
      for (int i = 6; i < 10; i++) {
        expected[i] += 1;
      }
      assertArrayEquals(expected, ps.pull(0, Rows.range(0, rows)));
      assertArrayEquals(copy, first);
    }
  }

  /**
   * A range travels as requests sent back to back, more of them than are ever in flight at once.
   * A refused request among them, or a read that waits in vain for a clock, is answered as such
   * and leaves the connection in step: the calls after it get their own replies.
   */
  @Test
  void rangeRequestsGoBackToBackAndARefusalLeavesTheConnectionInStep() throws Exception {
    int blockRows = 1000;
    int blockCount = 2 * ThriftShardStub.PIPELINE_DEPTH + 3;
    int rows = blockRows * blockCount;
    List<TableSpec> tables = List.of(ShardCluster.denseAdding(0, rows, 1));
    try (ShardCluster cluster = new ShardCluster(ShardCluster.Transport.THRIFT, tables, 1, 1, Consistency.async())) {
      ShardApi stub = cluster.connect(0);
      stub.hello(0, 0, 0);
      List<ShardApi.Block> blocks = new java.util.ArrayList<>();
      for (int b = 0; b < blockCount; b++) {
        blocks.add(new ShardApi.Block(Rows.range((long) b * blockRows, blockRows), b * blockRows, blockRows));
      }
      float[] update = new float[rows];
      for (int i = 0; i < rows; i++) {
        update[i] = i;
      }
      List<ShardApi.Block> oneOutOfRange = new java.util.ArrayList<>(blocks);
      oneOutOfRange.set(ThriftShardStub.PIPELINE_DEPTH + 1,
          new ShardApi.Block(Rows.range(rows - blockRows / 2, blockRows), 0, blockRows));
      assertCode(PsErrorCode.KEY_OUT_OF_RANGE, () -> stub.push(0, 0, 0, 0, oneOutOfRange, update));
      assertCode(PsErrorCode.TIMEOUT, () -> stub.pullInto(0, 0, 0, blocks, 1, 50, new float[rows]));

      stub.hello(0, 0, 0);   // as a worker whose clock failed: the clock's pushes so far are dropped
      stub.push(0, 0, 0, 0, blocks, update);
      assertEquals(1, stub.clock(0, 0, 0, 1, 1000));
      float[] read = new float[rows];
      int[] clocks = stub.pullInto(0, 0, 0, blocks, 1, 1000, read);
      assertArrayEquals(update, read, "each value once: the refused clock's blocks were dropped");
      for (int clock : clocks) {
        assertEquals(1, clock);
      }
    }
  }

  /**
   * A shard that fails on its side (a request its code did not expect) is told apart from one
   * that went away: a worker reconnects to the latter, and would meet the former's failure again
   * for ever.
   */
  @Test
  void aShardFailingOnItsSideIsNotTakenForOneThatWentAway() throws Exception {
    ParameterServer.Iface failing = new ParameterServer.Iface() {
      @Override
      public int hello(int worker, int attempt, int generation) {
        throw new IllegalStateException("a shard's bug");
      }

      @Override
      public void push(int worker, int attempt, int clock, int table, Slice update) {
        throw new IllegalStateException("a shard's bug");
      }

      @Override
      public int clock(int worker, int attempt, int clock, int waitForClock, long timeoutMs) {
        throw new IllegalStateException("a shard's bug");
      }

      @Override
      public io.spindle.thrift.PullReply pull(int worker, int attempt, int table, Slice request, int minClock,
                                              long timeoutMs) {
        throw new IllegalStateException("a shard's bug");
      }
    };
    try (io.spindle.rpc.ThriftServer server = io.spindle.rpc.ThriftServer.start(
        new ParameterServer.Processor<>(failing), ShardCluster.MAX_FRAME, "failing");
         ThriftShardStub stub = new ThriftShardStub("127.0.0.1", server.port(), ShardCluster.MAX_FRAME, 5000)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> stub.hello(0, 0, 0));
      assertTrue(e.getMessage().contains("failed to serve hello") && e.getMessage().contains("log"), e.getMessage());
    }
  }

  /**
   * A request over this side's frame limit is a setting to change, not a shard gone away (a
   * worker reconnects to the latter and would meet the limit again for ever); the request is
   * never sent, so the connection goes on serving.
   */
  @Test
  void aRequestOverTheWorkersFrameLimitIsASettingToChangeNotAnUnreachableShard() throws Exception {
    int rows = 100_000;   // 400 KB of floats, over a 64 KB frame
    List<TableSpec> tables = List.of(ShardCluster.denseAdding(0, rows, 1));
    try (ShardCluster cluster = new ShardCluster(ShardCluster.Transport.THRIFT, tables, 1, 1, Consistency.async());
         ThriftShardStub small = new ThriftShardStub("127.0.0.1", cluster.port(0), 64 << 10, 5000)) {
      small.hello(0, 0, 0);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> small.push(0, 0, 0, 0, Rows.range(0, rows), new float[rows], 0, rows));
      assertTrue(e.getMessage().contains("does not fit the frame limit (maxFrameBytes)"), e.getMessage());
      small.push(0, 0, 0, 0, Rows.range(0, 10), new float[10], 0, 10);
      assertEquals(1, small.clock(0, 0, 0, 0, 1000), "the connection goes on serving");
    }
  }

  /** A shard that holds a table otherwise than the worker thinks (two columns, not one) is caught at its first reply. */
  @Test
  void aReplyThatDoesNotFillItsBlockExactlyIsRefusedByName() throws Exception {
    List<TableSpec> tables = List.of(ShardCluster.denseAdding(0, 100, 2));
    try (ShardCluster cluster = new ShardCluster(ShardCluster.Transport.THRIFT, tables, 1, 1, Consistency.async())) {
      ShardApi stub = cluster.connect(0);
      stub.hello(0, 0, 0);
      List<ShardApi.Block> oneColumnEach = List.of(new ShardApi.Block(Rows.range(0, 50), 0, 50),
          new ShardApi.Block(Rows.range(50, 50), 50, 50));
      ShardException e = assertThrows(ShardException.class,
          () -> stub.pullInto(0, 0, 0, oneColumnEach, 0, 1000, new float[200]));
      assertEquals(PsErrorCode.BAD_SHAPE, e.code());
      assertTrue(e.getMessage().contains("answered a read of 50 floats with 100"), e.getMessage());
      // one block alone, into an array with room to spare (as a worker's kept scratch array), on a
      // new connection: the broken-off exchange closed the first
      ShardApi again = cluster.connect(0);
      e = assertThrows(ShardException.class, () -> again.pullInto(0, 0, 0, oneColumnEach.get(0), 0, 1000, new float[200]));
      assertEquals(PsErrorCode.BAD_SHAPE, e.code());
      assertTrue(e.getMessage().contains("answered a read of 50 floats with 100"), e.getMessage());
    }
  }

  /**
   * Sparse keys named again travel as their key set's signature and read and update the right
   * rows; keys that differ in one place are not taken for the set; and when the shard has lost a
   * set (here the worker's second connection filled the shard's room for its sets), it says so
   * and the keys are sent again without the caller noticing.
   */
  @Test
  void keySetsNamedAgainTravelAsSignaturesAndAreSentAgainWhenTheShardLostThem() throws Exception {
    TableSpec sparse = new TableSpec(0, "s", TableKind.SPARSE, new UpdateRuleSpec(UpdateRuleKind.ADD));
    try (ShardCluster cluster = new ShardCluster(ShardCluster.Transport.THRIFT, List.of(sparse), 1, 1,
        Consistency.async())) {
      ThriftShardStub stub = (ThriftShardStub) cluster.connect(0);
      stub.hello(0, 0, 0);
      long[] keys = new Random(8).longs(5_000).toArray();
      float[] ones = new float[keys.length];
      Arrays.fill(ones, 1f);
      stub.push(0, 0, 0, 0, Rows.keys(keys), ones);
      stub.clock(0, 0, 0, 0, 1000);
      assertEquals(0, stub.keyBytesNotSent(), "a set is sent with its keys the first time");
      assertAllEqual(1f, stub.pull(0, 0, 0, Rows.keys(keys.clone()), 1, 1000).values);
      long oneSet = keys.length * (long) Long.BYTES;
      assertEquals(oneSet, stub.keyBytesNotSent(), "the same keys again: named by signature");

      long[] other = keys.clone();
      other[17]++;
      float[] read = stub.pull(0, 0, 0, Rows.keys(other), 1, 1000).values;
      assertEquals(0f, read[17], "a key not pushed to");
      read[17] = 1f;
      assertAllEqual(1f, read);
      assertEquals(oneSet, stub.keyBytesNotSent(), "keys that differ in one place go as keys");

      ThriftShardStub second = (ThriftShardStub) cluster.connect(0);
      Random random = new Random(9);
      for (int i = 0; i <= KeySets.CAPACITY / 100_000; i++) {
        second.pull(0, 0, 0, Rows.keys(random.longs(100_000).toArray()), 0, 1000);
      }
      stub.push(0, 0, 1, 0, Rows.keys(keys), ones);
      stub.clock(0, 0, 1, 0, 1000);
      assertAllEqual(2f, stub.pull(0, 0, 0, Rows.keys(keys), 2, 1000).values);
      assertEquals(2 * oneSet, stub.keyBytesNotSent(), "refused by signature once, then kept again");
    }
  }

  private static void assertAllEqual(float expected, float[] values) {
    for (int i = 0; i < values.length; i++) {
      assertEquals(expected, values[i], "value " + i);
    }
  }

  /**
   * Writes bytes that are not a valid request and checks the shard hung up on them: the stream
   * ends, or is reset where the shard closed with garbage it had not read (a timeout fails).
   */
  private static void sendGarbage(int port, byte[] bytes) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(bytes);
      out.flush();
      InputStream in = socket.getInputStream();
      try {
        assertEquals(-1, in.read(), "the shard should close a connection that sends garbage");
      } catch (java.net.SocketException reset) {
        assertTrue(reset.getMessage().contains("reset"), reset.getMessage());
      }
    }
  }

  private static byte[] oversizedFrameHeader() {
    return ByteBuffer.allocate(8).putInt(ShardCluster.MAX_FRAME * 4).putInt(0x80010001).array();
  }

  private static byte[] randomBytes(long seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    b[0] = 0x7f;   // a frame length of about 2 GB: over any limit
    return b;
  }

  private static void assertCode(PsErrorCode code, Runnable call) {
    ShardException e = assertThrows(ShardException.class, call::run);
    assertEquals(code, e.code(), e.getMessage());
    assertTrue(e.getMessage().length() > code.name().length() + 5, "a message that says more than the code");
  }
}
