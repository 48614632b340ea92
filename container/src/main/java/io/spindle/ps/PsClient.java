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

  /** How long one server-side wait may park before the client asks again. */
  public static final long WAIT_SLICE_MS = 5_000;

  private final int worker;
  private final int attempt;
  private final Partitioner partitioner;
  private final List<ShardApi> shards;
  private final Consistency consistency;
  private final int maxFloatsPerRequest;
  private final ExecutorService[] lanes;
  private final RowCache cache;
  private final List<CompletableFuture<Void>> inFlight = new ArrayList<>();
  private final Set<Integer> pushedTables = new HashSet<>();
  private final Map<Integer, Requests> lastRequests = new HashMap<>();
  private final KeySets<Requests> splits = new KeySets<>(requests -> requests.rows.size());
  private volatile int clock;   // read by heartbeat threads
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
    for (int s = 0; s < lanes.length; s++) {
      int shard = s;
      lanes[s] = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ps-lane-w" + worker + "-s" + shard);
        t.setDaemon(true);
        return t;
      });
    }
  }

  /**
   * Binds this attempt on every shard and returns the clock to resume from: the smallest number
   * of clocks any shard has committed for this worker (shards that are further along ignore the
   * replayed clocks).
   */
  public int start() {
    List<CompletableFuture<Integer>> replies = new ArrayList<>();
    for (int s = 0; s < shards.size(); s++) {
      ShardApi shard = shards.get(s);
      replies.add(CompletableFuture.supplyAsync(() -> shard.hello(worker, attempt), lanes[s]));
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
    return read(table, rows, required, new float[rows.size() * partitioner.table(table).getColumns()]);
  }

  private CompletableFuture<float[]> read(int table, Rows rows, int required, float[] out) {
    int columns = partitioner.table(table).getColumns();
    int readerClock = clock;
    List<CompletableFuture<Void>> parts = new ArrayList<>();
    for (Partitioner.Part chunk : requests(table, rows, columns)) {
      parts.add(readChunk(table, chunk, columns, required, readerClock, out));
    }
    return CompletableFuture.allOf(parts.toArray(new CompletableFuture[0])).thenApply(v -> out);
  }

  /** Fills one chunk's rows of {@code out}: from the cache when fresh enough, else from its shard. */
  private CompletableFuture<Void> readChunk(int table, Partitioner.Part chunk, int columns, int required,
                                            int readerClock, float[] out) {
    float[] cached = cache.get(table, chunk.rows, columns, required, readerClock);
    if (cached != null) {
      Partitioner.scatter(chunk, cached, out, columns);
      return CompletableFuture.completedFuture(null);
    }
    ShardApi shard = shards.get(chunk.shard);
    return CompletableFuture.runAsync(() -> {
      boolean inPlace = chunk.positions == null;
      float[] into = inPlace ? out : new float[chunk.rows.size() * columns];
      int at = inPlace ? chunk.offset * columns : 0;
      int valuesClock = pullWaiting(shard, table, chunk.rows, required, into, at);
      bytesPulled.addAndGet((long) chunk.rows.size() * columns * Float.BYTES + keyBytes(chunk.rows));
      if (consistency.isBounded()) {
        cache.put(table, chunk.rows, columns, into, at, valuesClock, readerClock);
      }
      if (!inPlace) {
        Partitioner.scatter(chunk, into, out, columns);
      }
    }, lanes[chunk.shard]);
  }

  private int pullWaiting(ShardApi shard, int table, Rows rows, int required, float[] into, int at) {
    while (true) {
      try {
        return shard.pullInto(worker, attempt, table, rows, required, WAIT_SLICE_MS, into, at);
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
   * Buffers an update for this clock on the shards that hold its rows. Rows a shard holds as one
   * range are sent from {@code update} itself, on the shard's lane: leave it unchanged until the
   * future completes ({@link #clock()} waits for it).
   */
  public CompletableFuture<Void> pushAsync(int table, Rows rows, float[] update) {
    int columns = partitioner.table(table).getColumns();
    checkedSize("push to", table, rows, update);
    int at = clock;
    List<CompletableFuture<Void>> parts = new ArrayList<>();
    for (Partitioner.Part chunk : requests(table, rows, columns)) {
      boolean inPlace = chunk.positions == null;
      float[] values = inPlace ? update : Partitioner.gather(chunk, update, columns);
      int from = inPlace ? chunk.offset * columns : 0;
      int count = chunk.rows.size() * columns;
      bytesPushed.addAndGet((long) count * Float.BYTES + keyBytes(chunk.rows));
      ShardApi shard = shards.get(chunk.shard);
      parts.add(CompletableFuture.runAsync(
          () -> shard.push(worker, attempt, at, table, chunk.rows, values, from, count), lanes[chunk.shard]));
    }
    CompletableFuture<Void> all = CompletableFuture.allOf(parts.toArray(new CompletableFuture[0]));
    inFlight.add(all);
    pushedTables.add(table);
    return all;
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
    // fails the clock instead of committing it without that part.
    try {
      inFlight.forEach(PsClient::join);
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

  /** Splits a part so that no request carries more than the frame allows. */
  private List<Partitioner.Part> chunks(Partitioner.Part part, int columns) {
    int rowsPerChunk = Math.max(1, maxFloatsPerRequest / Math.max(1, columns));
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
