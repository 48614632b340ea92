package io.spindle.container;

import io.spindle.ml.param.Consistency;
import io.spindle.ps.CheckpointStore;
import io.spindle.ps.Partitioner;
import io.spindle.ps.Shard;
import io.spindle.ps.ShardService;
import io.spindle.rpc.ThriftServer;
import io.spindle.thrift.JobSpec;
import io.spindle.thrift.ParameterServer;
import io.spindle.thrift.Recovery;
import io.spindle.thrift.TaskId;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A parameter-server container: serves one shard over Thrift, writes its checkpoints to HDFS in
 * the background, and holds whatever recovery the coordinator names (a relaunched shard restores
 * it before it registers, so no worker reaches it early).
 */
final class ShardProcess {
  private static final Logger LOG = LoggerFactory.getLogger(ShardProcess.class);
  private static final long POLL_MS = 250;
  private static final int READ_ATTEMPTS = 3;
  private static final long READ_RETRY_MS = 2_000;
  /** How long a recovery waits for a checkpoint write in flight before the shard gives up. */
  private static final long WRITE_WAIT_MS = 300_000;

  private final JobSpec spec;
  private final CoordinatorClient coordinator;
  private final TaskId task;
  private final CheckpointStore checkpoints;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "checkpoint-writer");
    t.setDaemon(true);
    return t;
  });
  private final PendingCheckpoint pending = new PendingCheckpoint();
  private final java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean();
  private Shard shard;
  private volatile int heardClock;       // the shard's clock as the main loop last saw it, for heartbeats
  private volatile boolean over;          // the job ended: a write cut short is expected, not a problem
  private int triedCheckpointClock;      // the coordinator's last named clock this shard tried to arm
  private String lastError = "";

  ShardProcess(JobSpec spec, CoordinatorClient coordinator) throws IOException {
    this.spec = spec;
    this.coordinator = coordinator;
    this.task = coordinator.task();
    this.checkpoints = (spec.getCheckpointEvery() > 0 || spec.getCheckpointSeconds() > 0) && spec.isSetCheckpointDir()
        ? new CheckpointStore(new Path(spec.getCheckpointDir()).getFileSystem(ContainerConf.load()),
            new Path(spec.getCheckpointDir()), task.getIndex(), spec.getCheckpointsKept())
        : null;
  }

  int run() throws IOException, InterruptedException {
    // Heartbeats from a thread of their own, from the start: allocating large tables, and reading
    // a large checkpoint back (a relaunched shard, a recovery), take longer than the heartbeat
    // timeout may allow a silent container.
    java.util.concurrent.ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "heartbeat");
      t.setDaemon(true);
      return t;
    });
    heartbeats.scheduleAtFixedRate(this::beat, 0, POLL_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
    try {
      serve();
    } finally {
      heartbeats.shutdownNow();
    }
    LOG.info("Shard {} stopping: the job is over", task.getIndex());
    return 0;
  }

  private void serve() throws IOException, InterruptedException {
    Partitioner partitioner = new Partitioner(spec.getTables(), spec.getServers());
    shard = new Shard(task.getIndex(), partitioner, spec.getWorkers(), Consistency.fromSpec(spec.getConsistency()),
        checkpoints == null ? 0 : spec.getCheckpointEvery(), this::checkpoint);
    shard.onMinClock(new Faults(spec, task)::reached);
    if (checkpoints != null) {
      // Reach the file system now, in the background, while workers load their data: a cold
      // client (class loading, the first NameNode and DataNode calls) costs about a second of
      // CPU, which would otherwise land in the middle of training with the first checkpoint.
      writer.submit(() -> {
        try {
          long started = System.nanoTime();
          checkpoints.prepare();
          LOG.info("Shard {} wrote a probe to its checkpoint directory in {} ms", task.getIndex(),
              (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
          LOG.warn("Shard {}: the checkpoint directory is not usable yet: {}", task.getIndex(), e.getMessage());
        }
      });
    }
    try (ThriftServer server = ThriftServer.start(new ParameterServer.Processor<>(new ShardService(shard, spec.getMaxFrameBytes())),
        spec.getMaxFrameBytes(), "shard-" + task.getIndex())) {
      // Restore first, then register: no worker reaches this shard before it holds the recovery.
      boolean held = hold(coordinator.recovery());
      heardClock = shard.maxClock();
      coordinator.register(ContainerMain.hostName(), server.port());
      coordinator.restored(pending.generation(), held, held ? "" : lastError);
      while (!coordinator.shouldStop()) {
        if (shard.failure() != null) {
          // Exit: the relaunched shard restores a checkpoint, and every other shard goes back to it.
          throw new IllegalStateException("Shard " + task.getIndex() + " stops: " + shard.failure());
        }
        Recovery recovery = coordinator.recovery();
        if (recovery.getGeneration() > pending.generation()) {
          boolean ok = hold(recovery);
          heardClock = shard.maxClock();
          coordinator.restored(recovery.getGeneration(), ok, ok ? "" : lastError);
        }
        armNamedCheckpoint(recovery.getCheckpointClock());
        heardClock = shard.maxClock();
        Thread.sleep(POLL_MS);
      }
    } finally {
      shard.close();
      over = true;
      writer.shutdownNow();   // the job is over: pending checkpoints are of no use
    }
  }

  private void beat() {
    try {
      coordinator.heartbeat(heardClock, Map.of());
    } catch (RuntimeException e) {
      LOG.warn("Shard {}: heartbeat failed: {}", task.getIndex(), e.getMessage());
    }
  }

  /** Time-based checkpoints: the coordinator names the clock, the same for every shard. */
  private void armNamedCheckpoint(int clock) {
    if (checkpoints == null || clock == 0 || clock == triedCheckpointClock) {
      return;
    }
    triedCheckpointClock = clock;
    if (!shard.armCheckpoint(clock)) {
      LOG.warn("Shard {}: the checkpoint clock {} came too late (workers passed it); waiting for the next",
          task.getIndex(), clock);
    }
  }

  /**
   * Restores the recovery's clock; false (with lastError) when its checkpoint is unusable: the
   * coordinator then names an older one. A checkpoint the file system cannot read for now is not
   * unusable: after a few tries this throws, the process exits, and its relaunch tries again.
   * Until a restore succeeds no snapshot is kept ({@link PendingCheckpoint}).
   */
  private boolean hold(Recovery recovery) throws IOException, InterruptedException {
    int clock = recovery.getClock();
    pending.recoveryStarted();
    boolean held = false;
    try {
      discardCheckpointsAfter(clock);
      held = restore(clock, recovery.getGeneration());
      return held;
    } finally {
      pending.recoveryEnded(recovery.getGeneration(), held);
    }
  }

  private boolean restore(int clock, int generation) throws IOException, InterruptedException {
    byte[] payload;
    try {
      payload = clock == 0 ? null : readPatiently(clock);   // the file system's errors, after every try, go up
    } catch (CheckpointStore.Unusable e) {
      return unusable(clock, e);
    }
    try {
      shard.restore(clock, payload, generation);
    } catch (IOException | RuntimeException e) {
      return unusable(clock, e);   // bytes that passed their checksum but do not fit this shard
    }
    triedCheckpointClock = 0;   // a named clock past the restored one is armed again
    LOG.info("Shard {} restored clock {}", task.getIndex(), clock);
    return true;
  }

  /**
   * Removes this shard's checkpoints past the clock it goes back to: they are of the abandoned
   * timeline. On the writer's thread, after a write that may still be in flight, and waited
   * for, so that it cannot remove a checkpoint of the timeline that follows.
   */
  private void discardCheckpointsAfter(int clock) throws IOException, InterruptedException {
    if (checkpoints == null) {
      return;
    }
    try {
      writer.submit(() -> {
        checkpoints.discardAfter(clock);
        return null;
      }).get(WRITE_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof CheckpointStore.AbandonedKept) {
        // Left behind, it could later pass for this shard's state in a resume: exit, and the
        // relaunch tries again.
        throw new IOException("Shard " + task.getIndex() + " could not discard the abandoned timeline after clock "
            + clock + ": " + e.getCause().getMessage(), e.getCause());
      }
      // The directory could not even be listed: no checkpoint of it can be written or read
      // either, which the writes and restores report on their own.
      LOG.warn("Shard {} could not list its checkpoints: {}", task.getIndex(), e.getCause().getMessage());
    } catch (java.util.concurrent.TimeoutException e) {
      // A file system this slow would hold every worker back: exit, and the relaunch starts afresh.
      throw new IOException("Shard " + task.getIndex() + ": a checkpoint write has not ended in "
          + WRITE_WAIT_MS / 1000 + " s; the recovery cannot wait for it");
    }
  }

  private boolean unusable(int clock, Exception e) {
    lastError = e.getMessage();
    LOG.warn("Shard {} cannot restore clock {}: {}", task.getIndex(), clock, lastError);
    return false;
  }

  /** The checkpoint's bytes, read again after a file-system error; an unusable checkpoint at once. */
  private byte[] readPatiently(int clock) throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return checkpoints.read(clock);
      } catch (CheckpointStore.Unusable e) {
        throw e;
      } catch (IOException e) {
        if (attempt == READ_ATTEMPTS) {
          throw new IOException("Shard " + task.getIndex() + " cannot read the checkpoint of clock " + clock
              + " after " + READ_ATTEMPTS + " tries: " + e.getMessage(), e);
        }
        LOG.warn("Shard {}: reading the checkpoint of clock {} failed ({}); trying again", task.getIndex(), clock,
            e.getMessage());
        Thread.sleep(READ_RETRY_MS * attempt);
      }
    }
  }

  /** Under the shard's lock: keep the snapshot as the one to write next and return at once. One write is in flight at a time. */
  private void checkpoint(int clock, byte[] payload) {
    if (pending.offer(clock, payload) && writing.compareAndSet(false, true)) {
      writer.submit(this::writePending);
    }
  }

  private void writePending() {
    while (true) {
      PendingCheckpoint.Snapshot snapshot = pending.take();
      if (snapshot == null) {
        writing.set(false);
        if (pending.isEmpty() || !writing.compareAndSet(false, true)) {
          return;
        }
        continue;   // a snapshot arrived while we were finishing
      }
      try {
        long started = System.nanoTime();
        checkpoints.write(snapshot.clock(), snapshot.payload());
        // Pruned with the shared clock as it is now, not as the last reply had it: a slower
        // shard may have made an older checkpoint the shared one meanwhile. Not at all after a
        // snapshot of an abandoned timeline: the coordinator keeps counting the older ones.
        int shared = coordinator.checkpointed(snapshot.clock(), snapshot.generation());
        if (shared >= 0) {
          checkpoints.prune(shared);
        }
        LOG.info("Shard {} wrote the checkpoint of clock {} ({} bytes) in {} ms", task.getIndex(), snapshot.clock(),
            snapshot.payload().length, (System.nanoTime() - started) / 1_000_000);
      } catch (IOException | RuntimeException e) {
        if (!over) {
          LOG.warn("Shard {} could not write the checkpoint of clock {}: {}", task.getIndex(), snapshot.clock(),
              e.getMessage());
        }
      }
    }
  }
}
