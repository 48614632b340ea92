package io.spindle.ps;

import io.spindle.ml.param.Consistency;
import io.spindle.ml.param.ParameterStore;
import io.spindle.ml.param.Rows;
import io.spindle.thrift.PsErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A worker's view of the sharded parameter server.
 *
 * <p>{@link #pullAsync} and {@link #pushAsync} return at once with a future (a handle to await);
 * requests to one shard travel in order on that shard's lane, so a clock's commit always follows
 * its pushes. A read is served from the {@link RowCache} when the cached rows are fresh enough
 * for the consistency bound, otherwise the shard parks it until the slowest worker allows it.
 * {@link #clock()} waits for the clock's pushes, commits the clock on every shard, and returns
 * once the bound lets this worker start the next clock: the fastest worker never runs more than
 * s clocks ahead of the slowest.
 *
 * <p>Requests larger than the frame limit are split. One trainer thread drives a client.
 *
 * <pre>{@code
 * try (PsClient ps = new PsClient(worker, attempt, partitioner, shards, Consistency.ssp(3), maxFloats)) {
 *   ps.start();
 *   CompletableFuture<float[]> w = ps.pullAsync(WEIGHTS, Rows.range(0, n));
 *   ps.pushAsync(WEIGHTS, Rows.range(0, n), gradient(w.join()));
 *   ps.clock();
 * }
 * }</pre>
 */
public final class PsClient implements ParameterStore {
  /** A selection and the requests it was split into. */
  private record Requests(Rows rows, List<Partitioner.Part> parts) { }

  /**
   * Floats per request of a range. A range is read and written in requests of this size sent to
   * its shard back to back ({@link ShardApi#push(int, int, int, int, List, float[])}), so that
   * the shard takes in one while the next travels, and each stays in the caches from packing to
   * use: 512 KB. Measured on a 2-core machine (the stub's requests sent back to back, one shard,
   * 1M floats pushed, committed and pulled): 2.4-2.8 ms a round in requests of 128K floats,
   * 3.0-3.3 in 64K, 3.0-3.2 in 256K; 3.3-3.6 in one request, and 3.3-3.5 in 128K requests one
   * at a time (smaller requests alone gain nothing: the gain is the overlap).
   */
  public static final int PIPELINED_FLOATS = 128 << 10;

  /** A lane's scratch array is kept up to this size (4 MB); larger parts get a fresh array. */
  private static final int SCRATCH_KEPT_FLOATS = 1 << 20;

  /**
   * The most floats a request of a job with this frame limit carries: a quarter of the frame
   * leaves room for a sparse request's keys and for the framing. A request carries at least one
   * row, so a table's rows may be no wider.
   */
  public static int floatsPerRequest(int maxFrameBytes) {
    return maxFrameBytes / Float.BYTES / 4;
  }

  /** How long one server-side wait may park before the client asks again. */
  public static final long WAIT_SLICE_MS = 5_000;

  private final int worker;
  private final int attempt;
  private final Partitioner partitioner;
  private final List<ShardApi> shards;
  private final Consistency consistency;
  private final int maxFloatsPerRequest;
  private final ExecutorService[] lanes;
  /** By shard, each used only on that shard's lane ({@link #scratch}). */
  private final float[][] scratch;
  private final RowCache cache;
  private final List<CompletableFuture<Void>> inFlight = new ArrayList<>();
  private final Set<Integer> pushedTables = new HashSet<>();
  private final Map<Integer, Requests> lastRequests = new HashMap<>();
  private final KeySets<Requests> splits = new KeySets<>(requests -> requests.rows.size());
  private volatile int clock;   // read by heartbeat threads
  /** A clock one of whose pushes was refused (-1: none): it is never committed. */
  private int refusedClock = -1;
  private long firstClockAtMs = -1;
  private final java.util.concurrent.atomic.AtomicLong bytesPushed = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong bytesPulled = new java.util.concurrent.atomic.AtomicLong();

  public PsClient(int worker, int attempt, Partitioner partitioner, List<ShardApi> shards,
                  Consistency consistency, int maxFloatsPerRequest) {
    if (shards.size() != partitioner.shards()) {
      throw new IllegalArgumentException("partitioner expects " + partitioner.shards() + " shards, got " + shards.size());
    }
    this.worker = worker;
    this.attempt = attempt;
    this.partitioner = partitioner;
    this.shards = shards;
    this.consistency = consistency;
    this.maxFloatsPerRequest = maxFloatsPerRequest;
    this.cache = new RowCache(consistency.isBounded());
    this.lanes = new ExecutorService[shards.size()];
    this.scratch = new float[shards.size()][0];
    for (int s = 0; s < lanes.length; s++) {
      int shard = s;
      lanes[s] = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ps-lane-w" + worker + "-s" + shard);
        t.setDaemon(true);
        return t;
      });
    }
  }

  /** As {@link #start(int)} by the job's first shard map, before any recovery (in-process runs). */
  public int start() {
    return start(0);
  }

  /**
   * Binds this attempt on every shard and returns the clock to resume from: the smallest number
   * of clocks any shard has committed for this worker (shards that are further along ignore the
   * replayed clocks). Every shard must hold recovery {@code generation}, the shard map's.
   */
  public int start(int generation) {
    List<CompletableFuture<Integer>> replies = new ArrayList<>();
    for (int s = 0; s < shards.size(); s++) {
      ShardApi shard = shards.get(s);
      replies.add(CompletableFuture.supplyAsync(() -> shard.hello(worker, attempt, generation), lanes[s]));
    }
    clock = replies.stream().mapToInt(PsClient::join).min().orElse(0);
    return clock;
  }

  @Override
  public int currentClock() {
    return clock;
  }

  public Consistency consistency() {
    return consistency;
  }

  public long cacheHits() {
    return cache.hits();
  }

  /** When this client's first clock of work ended (wall-clock ms), -1 before; a start-up milestone. */
  public long firstClockAtMs() {
    return firstClockAtMs;
  }

  /**
   * Tensor bytes of this client's pushes (values and keys), the communication-volume baseline;
   * keys count whether they went as such or as their key set's signature ({@link #keyBytesNotSent}).
   */
  public long bytesPushed() {
    return bytesPushed.get();
  }

  /** Tensor bytes of this client's pulls from shards (keys, as above, and values); cache hits move none. */
  public long bytesPulled() {
    return bytesPulled.get();
  }

  /** Of the bytes pushed and pulled, the sparse keys that went as their key set's signature. */
  public long keyBytesNotSent() {
    return shards.stream().mapToLong(ShardApi::keyBytesNotSent).sum();
  }

  public long cacheMisses() {
    return cache.misses();
  }

  @Override
  public float[] pull(int table, Rows rows) {
    return join(pullAsync(table, rows));
  }

  @Override
  public float[] pull(int table, Rows rows, float[] into) {
    return join(pullAsync(table, rows, into));
  }

  @Override
  public void push(int table, Rows rows, float[] update) {
    pushAsync(table, rows, update);
  }

  /** Reads rows (rows x columns) fresh enough for the bound at this worker's clock. */
  public CompletableFuture<float[]> pullAsync(int table, Rows rows) {
    return pullAfterAsync(table, rows, consistency.requiredClock(clock));
  }

  /**
   * As {@link #pullAsync(int, Rows)}, into {@code into} (exactly rows x columns floats), which the
   * future then gives back: a trainer that reads the same rows every clock keeps one array for
   * them instead of a new one per read. Leave it alone until the future completes.
   */
  public CompletableFuture<float[]> pullAsync(int table, Rows rows, float[] into) {
    return read(table, rows, consistency.requiredClock(clock), checkedSize("pull into", table, rows, into));
  }

  @Override
  public float[] pullAfter(int table, Rows rows, int required) {
    return join(pullAfterAsync(table, rows, required));
  }

  /**
   * Reads rows once every worker has committed {@code required} clocks (e.g. a final read).
   * Rows that a shard holds as one range are read straight into the result.
   */
  public CompletableFuture<float[]> pullAfterAsync(int table, Rows rows, int required) {
    if (required > clock) {
      // Every worker includes this one, whose next commit would queue behind the read on each
      // shard's lane: the read would wait for ever.
      throw new IllegalArgumentException("worker " + worker + " asked to read table " + table + " once every worker"
          + " has committed " + required + " clocks, but has committed " + clock + " itself; read after at most "
          + clock);
    }
    long values = (long) rows.size() * partitioner.table(table).getColumns();
    if (values > io.spindle.ml.param.ArraySizes.MAX) {
      throw new IllegalArgumentException("pull table " + table + ": " + rows.size() + " rows hold " + values
          + " values, more than one array holds; read them in parts");
    }
    return read(table, rows, required, new float[(int) values]);
  }

  private CompletableFuture<float[]> read(int table, Rows rows, int required, float[] out) {
    int columns = partitioner.table(table).getColumns();
    int readerClock = clock;
    List<CompletableFuture<Void>> parts = new ArrayList<>();
    List<List<ShardApi.Block>> inPlace = perShard();
    for (Partitioner.Part chunk : requests(table, rows, columns)) {
      float[] cached = cache.get(table, chunk.rows, columns, required, readerClock);
      if (cached != null) {
        Partitioner.scatter(chunk, cached, out, columns);
      } else if (chunk.positions == null) {
        inPlace.get(chunk.shard).add(new ShardApi.Block(chunk.rows, chunk.offset * columns, chunk.rows.size() * columns));
      } else {
        parts.add(readScattered(table, chunk, columns, required, readerClock, out));
      }
    }
    onLanes(inPlace, parts, (shard, blocks) -> {
      int[] clocks = pullWaiting(() -> shard.pullInto(worker, attempt, table, blocks, required, WAIT_SLICE_MS, out));
      for (int i = 0; i < clocks.length; i++) {
        ShardApi.Block block = blocks.get(i);
        pulled(table, block.rows(), columns, out, block.from(), clocks[i], readerClock);
      }
    });
    return CompletableFuture.allOf(parts.toArray(new CompletableFuture[0])).thenApply(v -> out);
  }

  /** Reads a chunk whose rows lie apart in {@code out} from its shard, and puts them in their places. */
  private CompletableFuture<Void> readScattered(int table, Partitioner.Part chunk, int columns, int required,
                                                int readerClock, float[] out) {
    ShardApi shard = shards.get(chunk.shard);
    return CompletableFuture.runAsync(() -> {
      float[] into = scratch(chunk.shard, chunk.rows.size() * columns);
      int valuesClock = pullWaiting(
          () -> shard.pullInto(worker, attempt, table, new ShardApi.Block(chunk.rows, 0, chunk.rows.size() * columns),
              required, WAIT_SLICE_MS, into));
      pulled(table, chunk.rows, columns, into, 0, valuesClock, readerClock);
      Partitioner.scatter(chunk, into, out, columns);
    }, lanes[chunk.shard]);
  }

  /**
   * An array of at least {@code floats} for the work of shard {@code shard}'s lane (its only
   * user): the rows of a part gathered for a push, or read before they are scattered. Kept up to
   * {@link #SCRATCH_KEPT_FLOATS}: a trainer meets parts of the same sizes every clock, and a
   * fresh array would be zeroed each time.
   */
  private float[] scratch(int shard, int floats) {
    if (floats > SCRATCH_KEPT_FLOATS) {
      return new float[floats];
    }
    if (scratch[shard].length < floats) {
      scratch[shard] = new float[floats];
    }
    return scratch[shard];
  }

  /** Counts rows read from a shard into {@code values[at, ...)} and caches them where the bound allows. */
  private void pulled(int table, Rows rows, int columns, float[] values, int at, int valuesClock, int readerClock) {
    bytesPulled.addAndGet((long) rows.size() * columns * Float.BYTES + keyBytes(rows));
    if (consistency.isBounded()) {
      cache.put(table, rows, columns, values, at, valuesClock, readerClock);
    }
  }

  /** A shard's read, asked again each time the shard's wait for the clock runs out. */
  private static <T> T pullWaiting(java.util.function.Supplier<T> read) {
    while (true) {
      try {
        return read.get();
      } catch (ShardException e) {
        if (e.code() != PsErrorCode.TIMEOUT) {
          throw e;
        }
      }
    }
  }

  /** {@code values}, when it holds exactly the table's floats for {@code rows}. */
  private float[] checkedSize(String what, int table, Rows rows, float[] values) {
    int columns = partitioner.table(table).getColumns();
    if (values.length != (long) rows.size() * columns) {
      throw new IllegalArgumentException(what + " table " + table + ": " + rows.size() + " rows x " + columns
          + " columns need " + (long) rows.size() * columns + " values, got " + values.length);
    }
    return values;
  }

  private static long keyBytes(Rows rows) {
    return rows.isRange() ? 2 * Long.BYTES : (long) rows.size() * Long.BYTES;
  }

  /**
   * Buffers an update for this clock on the shards that hold its rows. {@code update} is read on
   * the shards' lanes (rows a shard holds as one range are sent from it, others gathered from it
   * there): leave it unchanged until the future completes ({@link #clock()} waits for it).
   */
  public CompletableFuture<Void> pushAsync(int table, Rows rows, float[] update) {
    int columns = partitioner.table(table).getColumns();
    checkedSize("push to", table, rows, update);
    int at = clock;
    List<CompletableFuture<Void>> parts = new ArrayList<>();
    List<List<ShardApi.Block>> inPlace = perShard();
    for (Partitioner.Part chunk : requests(table, rows, columns)) {
      int count = chunk.rows.size() * columns;
      bytesPushed.addAndGet((long) count * Float.BYTES + keyBytes(chunk.rows));
      if (chunk.positions == null) {
        inPlace.get(chunk.shard).add(new ShardApi.Block(chunk.rows, chunk.offset * columns, count));
        continue;
      }
      ShardApi shard = shards.get(chunk.shard);
      parts.add(CompletableFuture.runAsync(() -> {
        float[] values = Partitioner.gather(chunk, update, columns, scratch(chunk.shard, count));
        shard.push(worker, attempt, at, table, chunk.rows, values, 0, count);
      }, lanes[chunk.shard]));
    }
    onLanes(inPlace, parts, (shard, blocks) -> shard.push(worker, attempt, at, table, blocks, update));
    CompletableFuture<Void> all = CompletableFuture.allOf(parts.toArray(new CompletableFuture[0]));
    inFlight.add(all);
    pushedTables.add(table);
    return all;
  }

  /** Work on one shard's blocks of a request. */
  @FunctionalInterface
  private interface BlockWork {
    void run(ShardApi shard, List<ShardApi.Block> blocks);
  }

  /** Runs {@code work} on each shard's lane that has blocks, adding its future to {@code tasks}. */
  private void onLanes(List<List<ShardApi.Block>> blocksByShard, List<CompletableFuture<Void>> tasks, BlockWork work) {
    for (int s = 0; s < blocksByShard.size(); s++) {
      List<ShardApi.Block> blocks = blocksByShard.get(s);
      if (!blocks.isEmpty()) {
        ShardApi shard = shards.get(s);
        tasks.add(CompletableFuture.runAsync(() -> work.run(shard, blocks), lanes[s]));
      }
    }
  }

  /** An empty list per shard, for the blocks of a request that go to it. */
  private List<List<ShardApi.Block>> perShard() {
    List<List<ShardApi.Block>> lists = new ArrayList<>(shards.size());
    for (int s = 0; s < shards.size(); s++) {
      lists.add(new ArrayList<>());
    }
    return lists;
  }

  /**
   * Commits this clock on every shard (after its pushes) and waits until the bound allows the
   * next one: every worker must have committed {@code requiredClock(clock + 1)} clocks.
   */
  @Override
  public void clock() {
    if (firstClockAtMs < 0) {
      firstClockAtMs = System.currentTimeMillis();   // this worker's first clock of work is done
    }
    int committing = clock;
    int target = consistency.requiredClock(committing + 1);
    // Every push of this clock must be accepted before any shard commits it: a refused push
    // fails the clock instead of committing it without that part, and for good: the pushes
    // after the refused one may have been buffered, so no later commit may take this clock.
    if (refusedClock >= 0) {
      throw new IllegalStateException("worker " + worker + ": a push of clock " + refusedClock
          + " was refused, so that clock can never be committed; a new attempt resumes from the last committed one");
    }
    try {
      inFlight.forEach(PsClient::join);
    } catch (RuntimeException e) {
      refusedClock = committing;
      throw e;
    } finally {
      inFlight.clear();
    }
    List<CompletableFuture<Integer>> commits = new ArrayList<>();
    for (int s = 0; s < shards.size(); s++) {
      ShardApi shard = shards.get(s);
      commits.add(CompletableFuture.supplyAsync(() -> {
        int min = shard.clock(worker, attempt, committing, target, WAIT_SLICE_MS);
        while (min < target) {
          min = shard.clock(worker, attempt, committing, target, WAIT_SLICE_MS);   // a repeat commit is a no-op
        }
        return min;
      }, lanes[s]));
    }
    commits.forEach(PsClient::join);
    pushedTables.forEach(cache::invalidate);
    pushedTables.clear();
    clock = committing + 1;
  }

  /**
   * The requests for {@code rows}, one per shard and frame. Splitting many keys by hash costs
   * about as much as sending them, so how each set of keys was split is kept: a trainer pushes to
   * the rows it pulled, and meets each batch's keys again (in a new selection) every epoch. The
   * parts being the same objects, what is found from them is found once too (their signatures).
   */
  private List<Partitioner.Part> requests(int table, Rows rows, int columns) {
    Requests last = lastRequests.get(table);
    if (last != null && last.rows == rows) {
      return last.parts;
    }
    List<Partitioner.Part> parts = rows.isRange() || !KeySets.fits(rows.size())
        ? split(table, rows, columns) : splitKeys(table, rows, columns);
    lastRequests.put(table, new Requests(rows, parts));
    return parts;
  }

  /** The parts of a key selection: as split when equal keys were met before, else split now and kept. */
  private List<Partitioner.Part> splitKeys(int table, Rows rows, int columns) {
    long signature = rows.signature();
    Requests known = splits.get(table, signature);
    if (known == null || !Arrays.equals(known.rows.keyArray(), rows.keyArray())) {
      // Kept by reference (keys of a selection do not change). Even a caller that refilled its
      // array would find these parts only for keys with this signature that equal them again.
      known = new Requests(rows, split(table, rows, columns));
      splits.put(table, signature, known);
    }
    return known.parts;
  }

  private List<Partitioner.Part> split(int table, Rows rows, int columns) {
    List<Partitioner.Part> parts = new ArrayList<>();
    for (Partitioner.Part part : partitioner.split(table, rows)) {
      parts.addAll(chunks(part, columns));
    }
    return parts;
  }

  /**
   * Splits a part so that no request carries more than the frame allows, and a range into
   * requests of at most {@link #PIPELINED_FLOATS}, which go to its shard back to back.
   */
  private List<Partitioner.Part> chunks(Partitioner.Part part, int columns) {
    int maxFloats = part.rows.isRange() ? Math.min(maxFloatsPerRequest, PIPELINED_FLOATS) : maxFloatsPerRequest;
    int rowsPerChunk = Math.max(1, maxFloats / Math.max(1, columns));
    if (part.rows.size() <= rowsPerChunk) {
      return List.of(part);
    }
    List<Partitioner.Part> out = new ArrayList<>();
    for (int from = 0; from < part.rows.size(); from += rowsPerChunk) {
      int to = Math.min(part.rows.size(), from + rowsPerChunk);
      if (part.rows.isRange()) {
        out.add(new Partitioner.Part(part.shard, Rows.range(part.rows.start() + from, to - from), null,
            part.position(from)));
      } else {
        int[] positions = new int[to - from];
        for (int i = from; i < to; i++) {
          positions[i - from] = part.position(i);
        }
        out.add(new Partitioner.Part(part.shard, Rows.keys(Arrays.copyOfRange(part.rows.keyArray(), from, to)),
            positions, 0));
      }
    }
    return out;
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw e;
    }
  }

  /** Stops the lanes; the shard connections belong to whoever opened them. */
  @Override
  public void close() {
    for (ExecutorService lane : lanes) {
      lane.shutdownNow();
    }
  }
}
