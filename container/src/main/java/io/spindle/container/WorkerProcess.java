package io.spindle.container;

import io.spindle.ml.param.Consistency;
import io.spindle.ps.Partitioner;
import io.spindle.ps.PsClient;
import io.spindle.ps.ShardApi;
import io.spindle.ps.ShardException;
import io.spindle.ps.ShardUnreachableException;
import io.spindle.ps.ThriftShardStub;
import io.spindle.ps.WorkerAttempt;
import io.spindle.thrift.Endpoint;
import io.spindle.thrift.JobSpec;
import io.spindle.thrift.PsErrorCode;
import io.spindle.thrift.ShardMap;
import io.spindle.thrift.TaskId;
import io.spindle.thrift.TaskResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker container: prepares its job once (loads its data), then runs it against the shards.
 * When the shards go back to a checkpoint (a shard failed and was relaunched) or a shard is
 * unreachable, it waits for the recovered shard map, reconnects, and runs on from the clock the
 * shards hold: its data stays in memory.
 */
final class WorkerProcess {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerProcess.class);
  private static final long HEARTBEAT_MS = 1_000;
  private static final long RECONNECT_BACKOFF_MS = 500;
  /** After this long without committing a clock on its shards the worker gives up, and YARN relaunches it. */
  private static final long RECONNECT_GIVE_UP_MS = 10 * 60_000;

  private final JobSpec spec;
  private final CoordinatorClient coordinator;
  private final TaskId task;
  private final Map<String, Double> live = new ConcurrentHashMap<>();
  private final AtomicReference<PsClient> current = new AtomicReference<>();
  private final long reconnectBackoffMs;
  private final long reconnectGiveUpMs;
  private int generation;   // of the shard map the last run used
  /**
   * Connections made to the shards, across runs: each gets a higher attempt number than the one
   * before, which the shards that stayed up still hold when the worker runs again after a late
   * recovery (a lower one is refused as stale).
   */
  private int connections;

  WorkerProcess(JobSpec spec, CoordinatorClient coordinator) {
    this(spec, coordinator, RECONNECT_BACKOFF_MS, RECONNECT_GIVE_UP_MS);
  }

  WorkerProcess(JobSpec spec, CoordinatorClient coordinator, long reconnectBackoffMs, long reconnectGiveUpMs) {
    this.spec = spec;
    this.coordinator = coordinator;
    this.task = coordinator.task();
    this.reconnectBackoffMs = reconnectBackoffMs;
    this.reconnectGiveUpMs = reconnectGiveUpMs;
  }

  int run() throws IOException {
    coordinator.register(ContainerMain.hostName(), 0);
    ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "heartbeat");
      t.setDaemon(true);
      return t;
    });
    heartbeats.scheduleAtFixedRate(this::beat, 0, HEARTBEAT_MS, TimeUnit.MILLISECONDS);
    try {
      WorkerJob job = WorkerJob.create(spec, task, live);
      while (true) {
        TaskResult result = runToEnd(job);
        coordinator.complete(result.setGeneration(generation));   // kept only if no recovery began meanwhile
        // Done, but not gone: if a shard fails before every worker is done, all shards go back
        // to a checkpoint and this worker's clocks past it must be run again, like everyone's.
        int ranIn = generation;
        while (!coordinator.shouldStop() && coordinator.recovery().getGeneration() == ranIn) {
          Outage.sleep(reconnectBackoffMs);
        }
        if (coordinator.shouldStop()) {
          return 0;
        }
        LOG.warn("Worker {}: the shards went back to a checkpoint after it finished; running again", task.getIndex());
      }
    } catch (IllegalArgumentException e) {
      // Bad input or settings: another attempt would fail the same way, so report, do not crash.
      LOG.error("Worker {} cannot go on: {}", task.getIndex(), e.getMessage());
      coordinator.complete(new TaskResult(false).setMessage(e.getMessage()));
      return 0;
    } finally {
      heartbeats.shutdownNow();
    }
  }

  TaskResult runToEnd(WorkerJob job) throws IOException {
    Faults faults = new Faults(spec, task);
    Outage outage = new Outage(reconnectBackoffMs, reconnectGiveUpMs);
    while (true) {
      List<ShardApi> shards;
      try {
        ShardMap map = coordinator.awaitShardMap();
        generation = map.getGeneration();
        shards = connect(map.getShards());
      } catch (ShardUnreachableException e) {
        // The map may still name a shard that just died: the coordinator publishes the
        // recovered one once the relaunched shard holds the recovery. Ask again shortly.
        outage.failed(e, generation);
        continue;
      }
      Partitioner partitioner = new Partitioner(spec.getTables(), spec.getServers());
      int attempt = WorkerAttempt.of(task.getAttempt(), connections++);   // supersedes the connection before
      PsClient ps = null;
      int from = Integer.MAX_VALUE;   // no clock to count progress from until the shards said hello
      try {
        ps = new PsClient(task.getIndex(), attempt, partitioner, shards, Consistency.fromSpec(spec.getConsistency()),
            PsClient.floatsPerRequest(spec.getMaxFrameBytes()));
        from = ps.start(generation);
        current.set(ps);
        LOG.info("Worker {} attempt {} runs from clock {} under {}", task.getIndex(), task.getAttempt(), from,
            ps.consistency());
        TaskResult result = job.run(ps, faults);
        java.util.Map<String, Double> metrics = result.isSetMetrics() ? result.getMetrics() : new java.util.HashMap<>();
        metrics.put("bytes_pushed", (double) ps.bytesPushed());   // by the run that finished, from its resume clock
        metrics.put("bytes_pulled", (double) ps.bytesPulled());
        metrics.put("bytes_keys_not_sent", (double) ps.keyBytesNotSent());
        metrics.put(ContainerMain.FIRST_CLOCK_AT_MS, (double) ps.firstClockAtMs());
        metrics.put(ContainerMain.CLOCKS_RUN, (double) (spec.getClocks() - from));
        return result.setMetrics(metrics);
      } catch (RuntimeException e) {
        if (!needsRecovery(e)) {
          throw e;
        }
        if (ps != null && ps.currentClock() > from) {
          outage.ended();
        }
        ShardUnreachableException unreachable = unreachable(e);
        if (unreachable != null) {
          outage.failed(unreachable, generation);
        }
        LOG.warn("Worker {}: the shards changed ({}); reconnecting to resume", task.getIndex(), rootMessage(e));
      } finally {
        current.set(null);
        if (ps != null) {
          ps.close();
        }
        shards.forEach(ShardApi::close);
      }
    }
  }

  /** A rollback, or a shard that went away: both end with a recovered shard map. */
  private static boolean needsRecovery(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ShardException && ((ShardException) t).code() == PsErrorCode.ROLLED_BACK) {
        return true;
      }
      if (t instanceof ShardException && ((ShardException) t).code() == PsErrorCode.SHUTTING_DOWN) {
        return true;
      }
    }
    return unreachable(e) != null;
  }

  /** The shard that went away behind {@code e}, if one did. */
  private static ShardUnreachableException unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ShardUnreachableException) {
        return (ShardUnreachableException) t;
      }
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  private List<ShardApi> connect(List<Endpoint> endpoints) {
    List<ShardApi> shards = new ArrayList<>();
    try {
      for (Endpoint e : endpoints) {
        shards.add(new ThriftShardStub(e.getHost(), e.getPort(), spec.getMaxFrameBytes(),
            (int) PsClient.WAIT_SLICE_MS + 60_000));
      }
      return shards;
    } catch (RuntimeException e) {
      shards.forEach(ShardApi::close);
      throw e;
    }
  }

  private void beat() {
    PsClient ps = current.get();
    try {
      coordinator.heartbeat(ps == null ? 0 : ps.currentClock(), new HashMap<>(live));
    } catch (RuntimeException e) {
      LOG.warn("Heartbeat failed: {}", e.getMessage());
    }
  }
}
