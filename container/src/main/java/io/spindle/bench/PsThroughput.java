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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Push + pull throughput of the parameter server over Thrift on loopback, beside raw-socket
 * copies of the same bytes measured in the same run ({@link RawPath}: the same connections, one
 * per worker and shard, the same frame sizes, each written in one call with TCP_NODELAY as the
 * Thrift path's). Two raw copies: from direct buffers (the kernel copies
 * straight to and from them, as for the Thrift path's tensors: the baseline the ratio is taken
 * against) and from heap buffers (one more copy per side inside Java, as through any socket
 * stream). Bytes are tensor bytes both ways: values, and the keys a sparse table sends.
 *
 * <p>The three paths are set up side by side and take turns a few rounds at a time (in a rotating
 * order) through each repeat, so that the machine's load, which drifts within seconds here, falls
 * on all three alike. Prints one row per configuration: medians over repeats of the three paths'
 * throughput, the range of the repeats' ratios thrift / direct, and the median ratio thrift / heap.
 *
 * <p>Usage: {@code PsThroughput [--quick]}; see scripts/bench-ps.sh.
 */
public final class PsThroughput {
  private static final int MAX_FRAME = 64 << 20;
  private static final int MAX_FLOATS = PsClient.floatsPerRequest(MAX_FRAME);
  private static final int WARM_UP_ROUNDS = 1000;
  private static final int WARM_ROUNDS_PER_CONFIGURATION = 3;
  /** Sparse rounds with new keys draw each round's keys from this many times as many. */
  private static final int KEY_UNIVERSE_FACTOR = 10;

  private PsThroughput() {}

  /** A way to move a configuration's bytes, set up once: runs rounds on every worker at once. */
  interface Path extends AutoCloseable {
    /** Every worker runs {@code rounds} rounds; returns when all have. */
    void run(int rounds) throws Exception;
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
      int size = Integer.parseInt(payload[1]);
      for (int shards : shardCounts) {
        for (int workers : workerCounts) {
          if (kind.equals("dense") && size > 4_000_000 && workers > 4 && quick) {
            continue;
          }
          measure(kind, size, shards, workers, repeats);
        }
      }
    }
  }

  /** One configuration: the three paths side by side, {@code repeats} times; prints its row. */
  private static void measure(String kind, int size, int shards, int workers, int repeats) throws Exception {
    // Rounds of a few ms: more of them, so that one young collection (10-20 ms here) does not
    // decide a repeat. A turn is a few rounds: long enough to pass a path's start-up on each turn.
    int rounds = size > 4_000_000 ? 4 : kind.equals("sparse") ? 100 : 20;
    int turn = size > 4_000_000 ? 1 : kind.equals("sparse") ? 10 : 5;
    double[] thriftMb = new double[repeats];
    double[] directMb = new double[repeats];
    double[] heapMb = new double[repeats];
    double[] latency = new double[repeats];
    double[] ratio = new double[repeats];
    double[] heapRatio = new double[repeats];
    double[] wire = new double[repeats];
    try (ThriftPath thrift = new ThriftPath(kind, size, shards, workers, WARM_ROUNDS_PER_CONFIGURATION + repeats * rounds)) {
      thrift.run(WARM_ROUNDS_PER_CONFIGURATION);   // JIT, TCP windows, and a sparse table's first keys
      long perDirection = thrift.bytesPerRoundWorkerAndDirection();
      try (RawPath direct = new RawPath(perDirection, shards, workers, thrift.requestBytes, true);
           RawPath heap = new RawPath(perDirection, shards, workers, thrift.requestBytes, false)) {
        direct.run(WARM_ROUNDS_PER_CONFIGURATION);
        heap.run(WARM_ROUNDS_PER_CONFIGURATION);
        Path[] paths = {thrift, direct, heap};
        for (int i = 0; i < repeats; i++) {
          long thriftBytes = thrift.bytes;
          long thriftWire = thrift.wireBytes;
          double[] seconds = new double[paths.length];
          for (int done = 0, t = 0; done < rounds; done += turn, t++) {
            for (int k = 0; k < paths.length; k++) {
              int p = (t + k) % paths.length;
              long t0 = System.nanoTime();
              paths[p].run(Math.min(turn, rounds - done));
              seconds[p] += (System.nanoTime() - t0) / 1e9;
            }
          }
          long rawBytes = direct.bytesPerRound * rounds;
          thriftMb[i] = (thrift.bytes - thriftBytes) / seconds[0] / 1e6;
          directMb[i] = rawBytes / seconds[1] / 1e6;
          heapMb[i] = rawBytes / seconds[2] / 1e6;
          latency[i] = seconds[0] * 1e3 / rounds;
          ratio[i] = thriftMb[i] / directMb[i];
          heapRatio[i] = thriftMb[i] / heapMb[i];
          wire[i] = 100.0 * (thrift.wireBytes - thriftWire) / (thrift.bytes - thriftBytes);
        }
      }
    }
    System.out.printf(Locale.ROOT, "%-10s %9d %6d %7d %12.1f %12.1f %12.1f %10.1f %7.2f %5.2f-%.2f %7.2f %4.0f%%%n",
        kind, size, shards, workers, median(thriftMb), median(directMb), median(heapMb), median(latency),
        median(ratio), Arrays.stream(ratio).min().getAsDouble(), Arrays.stream(ratio).max().getAsDouble(),
        median(heapRatio), median(wire));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * Runs every path on small tables until the JIT has compiled them, as a training job's
   * thousands of clocks would: a configuration's own few rounds would otherwise measure code
   * still being interpreted or profiled (a dense 1M-float round then costs about three times its
   * compiled cost), while the raw path's copies run in native code from the start.
   */
  private static void warmUp() throws Exception {
    for (String kind : new String[] {"dense", "sparse", "sparse-new"}) {
      int size = kind.equals("dense") ? 1 << 16 : 1 << 13;
      try (ThriftPath thrift = new ThriftPath(kind, size, 2, 2, WARM_UP_ROUNDS)) {
        thrift.run(WARM_UP_ROUNDS);
        for (boolean direct : new boolean[] {true, false}) {
          try (RawPath raw = new RawPath(thrift.bytesPerRoundWorkerAndDirection(), 2, 2, thrift.requestBytes, direct)) {
            raw.run(WARM_UP_ROUNDS);
          }
        }
      }
    }
  }

  /** Runs {@code task} for indexes {@code [0, count)} at once on {@code threads}; returns when all have. */
  static void inParallel(ExecutorService threads, int count, IndexedTask task) throws Exception {
    List<Future<?>> runs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int index = i;
      runs.add(threads.submit(() -> {
        task.run(index);
        return null;
      }));
    }
    for (Future<?> run : runs) {
      run.get();
    }
  }

  @FunctionalInterface
  interface IndexedTask {
    void run(int index) throws Exception;
  }

  /**
   * Shards serving Thrift on loopback and a client per worker. Each round a worker pushes a whole
   * payload, commits, and pulls it back into an array of its own: a dense table's rows, a sparse table's keys (the same
   * keys every round, as a worker meeting its mini-batches again), or new sparse keys every round
   * (`sparse-new`: sets never named before, drawn from ten times as many keys). A round's push
   * and pull share one selection.
   */
  static final class ThriftPath implements Path {
    private final List<Shard> shards = new ArrayList<>();
    private final List<ThriftServer> servers = new ArrayList<>();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<PsClient> clients = new ArrayList<>();
    private final Rows[][] selections;   // by worker and round
    private final int[] nextRound;
    private final float[] update;
    private final float[][] pulled;   // by worker: each reads into its own array, as a trainer keeps its replica
    // One thread per worker: the common pool has a single thread on a 2-core machine.
    private final ExecutorService threads;
    /** The largest request the client sends: a range goes in pipelined requests, keys in requests up to the frame limit. */
    final int requestBytes;
    /** Tensor bytes both ways (values, and a sparse table's keys), and of those the bytes sent. */
    long bytes;
    long wireBytes;
    private long roundsRun;

    ThriftPath(String kind, int size, int shardCount, int workers, int rounds) {
      UpdateRuleSpec add = new UpdateRuleSpec(UpdateRuleKind.ADD);
      TableSpec table = kind.equals("dense")
          ? new TableSpec(0, "bench", TableKind.DENSE, add).setRows(size).setColumns(1)
          : new TableSpec(0, "bench", TableKind.SPARSE, add).setColumns(1);
      Partitioner partitioner = new Partitioner(List.of(table), shardCount);
      requestBytes = (kind.equals("dense") ? PsClient.PIPELINED_FLOATS : MAX_FLOATS) * Float.BYTES;
      for (int s = 0; s < shardCount; s++) {
        Shard shard = new Shard(s, partitioner, workers, Consistency.async());
        shards.add(shard);
        servers.add(ThriftServer.start(new ParameterServer.Processor<>(new ShardService(shard, MAX_FRAME)), MAX_FRAME, "bench-" + s));
      }
      update = new float[size];
      Arrays.fill(update, 1f);
      selections = new Rows[workers][];
      pulled = new float[workers][size];
      nextRound = new int[workers];
      for (int w = 0; w < workers; w++) {
        List<ShardApi> stubs = new ArrayList<>();
        for (ThriftServer server : servers) {
          ThriftShardStub stub = new ThriftShardStub("127.0.0.1", server.port(), MAX_FRAME, 120_000);
          stubs.add(stub);
          opened.add(stub);
        }
        selections[w] = selections(kind, size, rounds, w);
        PsClient ps = new PsClient(w, 0, partitioner, stubs, Consistency.async(), MAX_FLOATS);
        opened.add(ps);
        clients.add(ps);
        ps.start();
      }
      threads = Executors.newFixedThreadPool(workers);
    }

    @Override
    public void run(int rounds) throws Exception {
      long before = counted();
      long notSentBefore = notSent();
      inParallel(threads, clients.size(), w -> {
        PsClient ps = clients.get(w);
        for (int r = 0; r < rounds; r++) {
          Rows rows = selections[w][nextRound[w]++];
          ps.push(0, rows, update);
          ps.clock();
          ps.pull(0, rows, pulled[w]);
        }
      });
      bytes += counted() - before;
      wireBytes += counted() - before - (notSent() - notSentBefore);
      roundsRun += rounds;
    }

    /** The bytes a raw copy must move to match one worker's round, each way. */
    long bytesPerRoundWorkerAndDirection() {
      return bytes / ((long) clients.size() * roundsRun * 2);
    }

    private long counted() {
      return clients.stream().mapToLong(ps -> ps.bytesPushed() + ps.bytesPulled()).sum();
    }

    private long notSent() {
      return clients.stream().mapToLong(PsClient::keyBytesNotSent).sum();
    }

    @Override
    public void close() throws Exception {
      for (AutoCloseable c : opened) {
        c.close();
      }
      threads.shutdown();
      for (ThriftServer server : servers) {
        server.close();
      }
      shards.forEach(Shard::close);
    }
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
}
