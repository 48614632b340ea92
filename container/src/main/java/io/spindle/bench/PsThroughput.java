package io.spindle.bench;

import io.spindle.ml.param.Consistency;
import io.spindle.ml.param.Rows;
import io.spindle.ps.Partitioner;
import io.spindle.ps.PsClient;
import io.spindle.ps.Shard;
import io.spindle.ps.ShardApi;
import io.spindle.ps.ShardService;
import io.spindle.ps.ThriftShardStub;
import io.spindle.rpc.ThriftServer;
import io.spindle.thrift.ParameterServer;
import io.spindle.thrift.TableKind;
import io.spindle.thrift.TableSpec;
import io.spindle.thrift.UpdateRuleKind;
import io.spindle.thrift.UpdateRuleSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

/**
 * Push + pull throughput of the parameter server over Thrift on loopback, beside raw-socket
 * copies of the same bytes measured in the same run (same connections: one per worker and shard,
 * same request sizes, frames written in one call with TCP_NODELAY as the Thrift path's sockets;
 * an echo server copies each frame back). Two raw copies: from direct buffers (the kernel copies
 * straight to and from them, as for the Thrift path's tensors: the baseline the ratio is taken
 * against) and from heap arrays (one more copy per side inside Java, as through any socket
 * stream). Bytes are tensor bytes both ways: values, and the keys a sparse table sends. Prints
 * one row per configuration: medians over repeats of the three runs (Thrift, direct, heap), the
 * range of the repeats' ratios thrift / direct, and the median ratio thrift / heap.
 *
 * <p>Usage: {@code PsThroughput [--quick]}; see scripts/bench-ps.sh.
 */
public final class PsThroughput {
  private static final int MAX_FRAME = 64 << 20;
  private static final int MAX_FLOATS = MAX_FRAME / Float.BYTES / 4;
  private static final int FRAME_HEADER = 4;
  private static final int WARM_UP_ROUNDS = 1000;
  private static final int WARM_ROUNDS_PER_RUN = 3;
  /** Sparse rounds with new keys draw each round's keys from this many times as many. */
  private static final int KEY_UNIVERSE_FACTOR = 10;

  private PsThroughput() {}

  /** One measured configuration. */
  static final class Result {
    double seconds;
    long bytes;
    long wireBytes;   // of `bytes`, those sent: keys named by a key set's signature are not
    double latencyMs;
  }

  public static void main(String[] args) throws Exception {
    boolean quick = args.length > 0 && args[0].equals("--quick");
    int[] shardCounts = quick ? new int[] {1, 2} : new int[] {1, 2, 4};
    int[] workerCounts = quick ? new int[] {1, 4} : new int[] {1, 2, 4, 8};
    String[][] payloads = quick
        ? new String[][] {{"dense", "1000000"}, {"sparse", "100000"}, {"sparse-new", "100000"}}
        : new String[][] {{"dense", "1000000"}, {"dense", "16000000"}, {"sparse", "100000"},
            {"sparse-new", "100000"}};
    int repeats = quick ? 2 : 3;
    warmUp();
    System.out.printf(Locale.ROOT, "%-10s %9s %6s %7s %12s %12s %12s %10s %7s %11s %7s %5s%n", "table", "floats",
        "shards", "workers", "thrift MB/s", "direct MB/s", "heap MB/s", "lat ms", "ratio", "ratios", "vs heap", "wire");
    for (String[] payload : payloads) {
      String kind = payload[0];
      boolean dense = kind.equals("dense");
      int size = Integer.parseInt(payload[1]);
      for (int shards : shardCounts) {
        for (int workers : workerCounts) {
          if (dense && size > 4_000_000 && workers > 4 && quick) {
            continue;
          }
          // Rounds of a few ms: more of them, so that one young collection (10-20 ms here) does
          // not decide a repeat.
          int rounds = size > 4_000_000 ? 4 : kind.equals("sparse") ? 100 : 20;
          // Runs measured one after the other: the machine's load drifts, so each ratio compares
          // runs seconds apart, and the median over the repeats is printed beside their range.
          double[] thriftMb = new double[repeats];
          double[] directMb = new double[repeats];
          double[] heapMb = new double[repeats];
          double[] latency = new double[repeats];
          double[] ratio = new double[repeats];
          double[] heapRatio = new double[repeats];
          double[] wire = new double[repeats];
          for (int i = 0; i < repeats; i++) {
            Result t = thrift(kind, size, shards, workers, rounds);
            long perDirection = t.bytes / ((long) workers * rounds * 2);
            Result direct = raw(perDirection, shards, workers, rounds, true);
            Result heap = raw(perDirection, shards, workers, rounds, false);
            thriftMb[i] = t.bytes / t.seconds / 1e6;
            directMb[i] = direct.bytes / direct.seconds / 1e6;
            heapMb[i] = heap.bytes / heap.seconds / 1e6;
            latency[i] = t.latencyMs;
            ratio[i] = thriftMb[i] / directMb[i];
            heapRatio[i] = thriftMb[i] / heapMb[i];
            wire[i] = 100.0 * t.wireBytes / t.bytes;
          }
          System.out.printf(Locale.ROOT, "%-10s %9d %6d %7d %12.1f %12.1f %12.1f %10.1f %7.2f %5.2f-%.2f %7.2f %4.0f%%%n",
              kind, size, shards, workers, median(thriftMb), median(directMb), median(heapMb), median(latency),
              median(ratio), Arrays.stream(ratio).min().getAsDouble(), Arrays.stream(ratio).max().getAsDouble(),
              median(heapRatio), median(wire));
        }
      }
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * Runs both paths on small tables until the JIT has compiled them, as a training job's
   * thousands of clocks would: a configuration's own few rounds would otherwise measure code
   * still being interpreted or profiled (a dense 1M-float round then costs about three times its
   * compiled cost), while the raw path's copies run in native code from the start.
   */
  private static void warmUp() throws Exception {
    for (String kind : new String[] {"dense", "sparse", "sparse-new"}) {
      int size = kind.equals("dense") ? 1 << 16 : 1 << 13;
      Result t = thrift(kind, size, 2, 2, WARM_UP_ROUNDS);
      for (boolean direct : new boolean[] {true, false}) {
        raw(t.bytes / (2L * WARM_UP_ROUNDS * 2), 2, 2, WARM_UP_ROUNDS, direct);
      }
    }
  }

  /**
   * Each worker pushes a whole payload, commits, and pulls it back, `rounds` times: a dense
   * table's rows, a sparse table's keys (the same keys every round, as a worker meeting its
   * mini-batches again), or new sparse keys every round (`sparse-new`: sets never named before,
   * drawn from ten times as many keys). A round's push and pull share one selection.
   */
  static Result thrift(String kind, int size, int shardCount, int workers, int rounds) throws Exception {
    boolean dense = kind.equals("dense");
    UpdateRuleSpec add = new UpdateRuleSpec(UpdateRuleKind.ADD);
    TableSpec table = dense
        ? new TableSpec(0, "bench", TableKind.DENSE, add).setRows(size).setColumns(1)
        : new TableSpec(0, "bench", TableKind.SPARSE, add).setColumns(1);
    Partitioner partitioner = new Partitioner(List.of(table), shardCount);
    List<Shard> shards = new ArrayList<>();
    List<ThriftServer> servers = new ArrayList<>();
    for (int s = 0; s < shardCount; s++) {
      Shard shard = new Shard(s, partitioner, workers, Consistency.async());
      shards.add(shard);
      servers.add(ThriftServer.start(new ParameterServer.Processor<>(new ShardService(shard)), MAX_FRAME, "bench-" + s));
    }
    float[] update = new float[size];
    Arrays.fill(update, 1f);
    CyclicBarrier start = new CyclicBarrier(workers + 1);
    List<CompletableFuture<Double>> runs = new ArrayList<>();
    java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
    List<AutoCloseable> opened = new ArrayList<>();
    java.util.concurrent.atomic.AtomicLong wireBytes = new java.util.concurrent.atomic.AtomicLong();
    // One thread per worker: the common pool has a single thread on a 2-core machine.
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(workers);
    for (int w = 0; w < workers; w++) {
      List<ShardApi> stubs = new ArrayList<>();
      for (ThriftServer server : servers) {
        ThriftShardStub stub = new ThriftShardStub("127.0.0.1", server.port(), MAX_FRAME, 120_000);
        stubs.add(stub);
        opened.add(stub);
      }
      Rows[] selections = selections(kind, size, WARM_ROUNDS_PER_RUN + rounds, w);
      PsClient ps = new PsClient(w, 0, partitioner, stubs, Consistency.async(), MAX_FLOATS);
      opened.add(ps);
      ps.start();
      runs.add(CompletableFuture.supplyAsync(() -> {
        try {
          // Warm-up rounds on the same connections (JIT, TCP windows), then the measured ones.
          for (int r = 0; r < WARM_ROUNDS_PER_RUN; r++) {
            round(ps, selections[r], update);
          }
          start.await();
          long t0 = System.nanoTime();
          long before = ps.bytesPushed() + ps.bytesPulled();
          long notSentBefore = ps.keyBytesNotSent();
          for (int r = 0; r < rounds; r++) {
            round(ps, selections[WARM_ROUNDS_PER_RUN + r], update);
          }
          double ms = (System.nanoTime() - t0) / 1e6 / rounds;
          long counted = ps.bytesPushed() + ps.bytesPulled() - before;
          bytes.addAndGet(counted);
          wireBytes.addAndGet(counted - (ps.keyBytesNotSent() - notSentBefore));
          return ms;
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      }, threads));
    }
    start.await();
    long t0 = System.nanoTime();
    double latency = 0;
    for (CompletableFuture<Double> run : runs) {
      latency += run.get();
    }
    Result result = new Result();
    result.seconds = (System.nanoTime() - t0) / 1e9;
    result.latencyMs = latency / workers;
    // Tensor bytes both ways: values, and a sparse table's keys (sent with pushes and pulls).
    result.bytes = bytes.get();
    result.wireBytes = wireBytes.get();
    for (AutoCloseable c : opened) {
      c.close();
    }
    threads.shutdown();
    for (ThriftServer server : servers) {
      server.close();
    }
    shards.forEach(Shard::close);
    return result;
  }

  /** What a worker's rounds read and update, one selection per round. */
  private static Rows[] selections(String kind, int size, int rounds, int worker) {
    Rows[] selections = new Rows[rounds];
    if (kind.equals("dense")) {
      Arrays.fill(selections, Rows.range(0, size));
    } else if (kind.equals("sparse")) {
      // Every worker the same keys; a new selection each round, as a trainer makes for each batch.
      long[] keys = new Random(1).longs(size).toArray();
      for (int r = 0; r < rounds; r++) {
        selections[r] = Rows.keys(keys);
      }
    } else {
      Random random = new Random(worker);
      for (int r = 0; r < rounds; r++) {
        long[] keys = random.ints(0, size * KEY_UNIVERSE_FACTOR).distinct().limit(size)
            .mapToLong(k -> k * 0x9E3779B97F4A7C15L).toArray();   // spread over 64 bits, as hashed features
        selections[r] = Rows.keys(keys);
      }
    }
    return selections;
  }

  private static void round(PsClient ps, Rows rows, float[] update) {
    ps.push(0, rows, update);
    ps.clock();
    ps.pull(0, rows);
  }

  /**
   * A baseline: the same bytes per worker and round, split over the same shards, written to a
   * socket channel and copied back (length-prefixed, like a frame), with nothing else done. From
   * direct buffers the kernel copies straight to and from them, as it does for the Thrift path's
   * tensors; from heap arrays Java copies each byte once more through a direct buffer of its own,
   * as any socket stream does.
   */
  static Result raw(long bytesPerDirection, int shardCount, int workers, int rounds, boolean direct) throws Exception {
    List<ServerSocketChannel> listeners = new ArrayList<>();
    int perShard = (int) Math.min(Integer.MAX_VALUE, bytesPerDirection / shardCount);
    int chunk = Math.min(perShard, MAX_FLOATS * Float.BYTES);
    for (int s = 0; s < shardCount; s++) {
      ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
      listeners.add(listener);
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            SocketChannel socket = listener.accept();
            Thread echo = new Thread(() -> echo(socket, buffer(chunk, direct)));
            echo.setDaemon(true);
            echo.start();
          }
        } catch (IOException closed) {
          // listener closed: the run is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
    }
    CyclicBarrier start = new CyclicBarrier(workers + 1);
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();
    for (int w = 0; w < workers; w++) {
      runs.add(CompletableFuture.runAsync(() -> {
        List<CompletableFuture<Void>> lanes = new ArrayList<>();
        try {
          List<SocketChannel> sockets = new ArrayList<>();
          for (ServerSocketChannel listener : listeners) {
            sockets.add(SocketChannel.open(listener.getLocalAddress()));
          }
          CyclicBarrier warm = new CyclicBarrier(sockets.size() + 1);
          for (SocketChannel socket : sockets) {
            lanes.add(CompletableFuture.runAsync(() -> {
              try (socket) {
                socket.socket().setTcpNoDelay(true);   // as the Thrift path's sockets
                ByteBuffer frame = buffer(chunk, direct);
                for (int r = -3; r < rounds; r++) {
                  if (r == 0) {
                    warm.await();
                    warm.await();
                  }
                  for (int done = 0; done < perShard; done += chunk) {
                    writeFrame(socket, frame, Math.min(chunk, perShard - done));
                    readFrame(socket, frame);
                  }
                }
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            }, threads));
          }
          warm.await();     // every lane warmed up
          start.await();    // every worker warmed up: the clock starts
          warm.await();
          lanes.forEach(CompletableFuture::join);
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      }, threads));
    }
    start.await();
    long t0 = System.nanoTime();
    runs.forEach(CompletableFuture::join);
    threads.shutdown();
    Result result = new Result();
    result.seconds = (System.nanoTime() - t0) / 1e9;
    result.bytes = 2L * rounds * workers * (long) perShard * shardCount;
    for (ServerSocketChannel listener : listeners) {
      listener.close();
    }
    return result;
  }

  private static ByteBuffer buffer(int payload, boolean direct) {
    return direct ? ByteBuffer.allocateDirect(FRAME_HEADER + payload) : ByteBuffer.allocate(FRAME_HEADER + payload);
  }

  private static void echo(SocketChannel socket, ByteBuffer frame) {
    try (socket) {
      socket.socket().setTcpNoDelay(true);
      while (true) {
        writeFrame(socket, frame, readFrame(socket, frame));
      }
    } catch (IOException done) {
      // the client hung up
    }
  }

  /** Writes a length-prefixed frame of {@code length} payload bytes from {@code frame} in one call. */
  private static void writeFrame(SocketChannel socket, ByteBuffer frame, int length) throws IOException {
    frame.clear().putInt(0, length).limit(FRAME_HEADER + length);
    while (frame.hasRemaining()) {
      socket.write(frame);
    }
  }

  /** Reads a frame into {@code frame} and returns its payload length. */
  private static int readFrame(SocketChannel socket, ByteBuffer frame) throws IOException {
    frame.clear().limit(FRAME_HEADER);
    fill(socket, frame);
    int length = frame.getInt(0);
    frame.limit(FRAME_HEADER + length);
    fill(socket, frame);
    return length;
  }

  private static void fill(SocketChannel socket, ByteBuffer frame) throws IOException {
    while (frame.hasRemaining()) {
      if (socket.read(frame) < 0) {
        throw new java.io.EOFException("the peer hung up");
      }
    }
  }
}
