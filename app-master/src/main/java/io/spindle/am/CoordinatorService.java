package io.spindle.am;

import io.spindle.ps.CheckpointStore;
import io.spindle.thrift.Coordinator;
import io.spindle.thrift.CoordinatorError;
import io.spindle.thrift.Endpoint;
import io.spindle.thrift.JobProgress;
import io.spindle.thrift.JobSpec;
import io.spindle.thrift.Recovery;
import io.spindle.thrift.Role;
import io.spindle.thrift.ShardMap;
import io.spindle.thrift.TaskId;
import io.spindle.thrift.TaskResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Coordinator on the ApplicationMaster: containers register the port they chose, workers wait
 * for the shard map, everyone heartbeats, workers report their result, and the client reads
 * progress. Holds the clocks of record. Thread-safe: Thrift calls arrive on many threads.
 */
public final class CoordinatorService implements Coordinator.Iface {
  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorService.class);

  private final JobSpec spec;
  private final LongSupplier clockMs;
  private final int[][] attempts;           // [role][index] -> attempt the AM launched last
  private final Endpoint[] shards;
  private final int[] workerClocks;
  private final TaskResult[] results;
  private final long[][] lastHeartbeat;    // [role][index] -> last heartbeat of the current attempt, or its launch
  private final boolean[][] heard;          // [role][index] -> whether the current attempt has sent one
  private final Map<String, Double> metrics = new HashMap<>();
  private final StartupTimeline startup;
  private final int[] shardGeneration;                    // recovery generation each shard holds, -1 none
  private final List<TreeSet<Integer>> checkpoints = new ArrayList<>();
  private int generation;
  private int recoveryClock;
  private final CheckpointClocks checkpointClocks;
  private String phase = "allocating";
  private boolean stopping;
  private int running;
  private int failed;
  private int relaunched;

  public CoordinatorService(JobSpec spec, LongSupplier clockMs) {
    this.spec = spec;
    this.clockMs = clockMs;
    this.startup = new StartupTimeline(spec.getServers() + spec.getWorkers());
    this.attempts = new int[][] {new int[spec.getServers()], new int[spec.getWorkers()]};
    this.shards = new Endpoint[spec.getServers()];
    this.workerClocks = new int[spec.getWorkers()];
    this.results = new TaskResult[spec.getWorkers()];
    this.lastHeartbeat = new long[][] {new long[spec.getServers()], new long[spec.getWorkers()]};
    this.heard = new boolean[][] {new boolean[spec.getServers()], new boolean[spec.getWorkers()]};
    this.shardGeneration = new int[spec.getServers()];
    Arrays.fill(shardGeneration, -1);
    for (int s = 0; s < spec.getServers(); s++) {
      checkpoints.add(new TreeSet<>());
    }
    this.checkpointClocks = new CheckpointClocks(spec.getCheckpointSeconds() * 1000L, spec.getServers(), clockMs.getAsLong());
  }

  /** The AM launched this attempt: older attempts are superseded from now on. */
  public synchronized void launched(TaskId task) {
    attempts[task.getRole().getValue()][task.getIndex()] = task.getAttempt();
    lastHeartbeat[task.getRole().getValue()][task.getIndex()] = clockMs.getAsLong();
    heard[task.getRole().getValue()][task.getIndex()] = false;
    if (task.getRole() == Role.SERVER) {
      shards[task.getIndex()] = null;
      shardGeneration[task.getIndex()] = -1;
    }
  }

  /**
   * A shard was lost: every shard must go back to the newest checkpoint clock that all of them
   * hold (clock 0, the initial state, when there is none), and every worker resumes from there.
   */
  public synchronized void beginRecovery(String why) {
    generation++;
    recoveryClock = commonCheckpoint();
    // Checkpoints past the recovery clock belong to the abandoned timeline: never mix them in.
    for (TreeSet<Integer> held : checkpoints) {
      held.tailSet(recoveryClock, false).clear();
    }
    // Workers that had finished run again from the recovery clock, like everyone else (unless
    // every worker is done already: then the job is over and nothing needs to run again). A
    // reported failure stays: its worker has exited, and the job fails with its reason.
    if (!stopping) {
      for (int w = 0; w < results.length; w++) {
        if (results[w] != null && results[w].isSuccess()) {
          results[w] = null;
        }
      }
    }
    checkpointClocks.rolledBack(recoveryClock, clockMs.getAsLong());
    phase = "recovering";
    LOG.warn("Recovery {} ({}): every shard goes back to clock {}", generation, why, recoveryClock);
    notifyAll();
  }

  private int commonCheckpoint() {
    TreeSet<Integer> common = new TreeSet<>(checkpoints.get(0));
    for (TreeSet<Integer> shard : checkpoints) {
      common.retainAll(shard);
    }
    return common.isEmpty() ? 0 : common.last();
  }

  /**
   * Whether a task's current attempt has been silent too long: longer than heartbeat-timeout
   * since its last heartbeat, or, before its first, longer than start-timeout since its launch
   * (a container localizes its files and starts its JVM before it can say anything).
   */
  public synchronized boolean silent(Role role, int index) {
    long limit = heard[role.getValue()][index] ? spec.getHeartbeatTimeoutMs()
        : Math.max(spec.getHeartbeatTimeoutMs(), spec.getStartTimeoutMs());
    return clockMs.getAsLong() - lastHeartbeat[role.getValue()][index] > limit;
  }

  @Override
  public synchronized Recovery recovery(TaskId task) throws CoordinatorError {
    checkCurrent(task);
    return new Recovery(generation, recoveryClock).setCheckpointClock(checkpointClocks.named());
  }

  @Override
  public synchronized void restored(TaskId task, int shardGen, boolean ok, String message) throws CoordinatorError {
    checkCurrent(task);
    if (shardGen != generation) {
      return;   // an older recovery, overtaken
    }
    if (ok) {
      shardGeneration[task.getIndex()] = shardGen;
      if (allShardsReady()) {
        phase = spec.getCommand();
      }
      notifyAll();
      return;
    }
    LOG.warn("Shard {} cannot restore clock {} ({}); using an older checkpoint", task.getIndex(), recoveryClock, message);
    checkpoints.get(task.getIndex()).remove(recoveryClock);
    beginRecovery("checkpoint of clock " + recoveryClock + " unusable on shard " + task.getIndex());
  }

  @Override
  public synchronized int checkpointed(TaskId task, int clock, int shardGen) throws CoordinatorError {
    checkCurrent(task);
    if (shardGen != generation) {
      return -1;   // taken before the latest rollback: neither counted nor a reason to prune
    }
    TreeSet<Integer> held = checkpoints.get(task.getIndex());
    held.add(clock);
    // As the shard prunes its files: never the newest clock every shard holds (a time-based
    // checkpoint one shard armed too late leaves the others without it).
    held.removeAll(CheckpointStore.surplus(held, spec.getCheckpointsKept(), commonCheckpoint()));
    return commonCheckpoint();
  }

  /**
   * The checkpoints each shard already holds on HDFS (a resumed job), indexed by shard: the job
   * starts from the newest clock every shard holds, and a shard's clocks past it belong to a
   * timeline no shard will resume (the shards discard their files once restored).
   *
   * @return the clock the job resumes at, 0 when the shards share none
   */
  public synchronized int seedCheckpoints(List<? extends Collection<Integer>> perShard) {
    for (int s = 0; s < checkpoints.size(); s++) {
      checkpoints.get(s).addAll(perShard.get(s));
    }
    recoveryClock = commonCheckpoint();
    for (TreeSet<Integer> held : checkpoints) {
      held.tailSet(recoveryClock, false).clear();
    }
    checkpointClocks.rolledBack(recoveryClock, clockMs.getAsLong());   // the pace counts from there
    return recoveryClock;
  }

  /** The clock the last recovery went back to; -1 when no shard was ever lost. */
  public synchronized int lastRecoveryClock() {
    return generation == 0 ? -1 : recoveryClock;
  }

  private boolean allShardsReady() {
    for (int s = 0; s < shards.length; s++) {
      if (shards[s] == null || shardGeneration[s] != generation) {
        return false;
      }
    }
    return true;
  }

  /** The job's start-up milestones. */
  public StartupTimeline startup() {
    return startup;
  }

  @Override
  public JobSpec jobSpec() {
    return spec;
  }

  @Override
  public synchronized void register(TaskId task, Endpoint endpoint) throws CoordinatorError {
    checkCurrent(task);
    LOG.info("{} {} attempt {} registered at {}:{}", task.getRole(), task.getIndex(), task.getAttempt(),
        endpoint.getHost(), endpoint.getPort());
    startup.taskRegistered(task, clockMs.getAsLong());
    if (task.getRole() == Role.SERVER) {
      shards[task.getIndex()] = endpoint;
      notifyAll();
    }
  }

  @Override
  public synchronized ShardMap awaitShardMap(TaskId task, long timeoutMs) throws CoordinatorError {
    checkCurrent(task);
    long deadline = clockMs.getAsLong() + timeoutMs;
    while (!allShardsReady() && !stopping) {
      long left = deadline - clockMs.getAsLong();
      if (left <= 0) {
        return new ShardMap(List.of());
      }
      try {
        wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new ShardMap(List.of());
      }
    }
    if (stopping) {
      throw new CoordinatorError("the job is stopping");
    }
    return new ShardMap(Arrays.asList(shards.clone())).setGeneration(generation);
  }

  @Override
  public synchronized void heartbeat(TaskId task, int clock, Map<String, Double> taskMetrics) throws CoordinatorError {
    checkCurrent(task);
    lastHeartbeat[task.getRole().getValue()][task.getIndex()] = clockMs.getAsLong();
    heard[task.getRole().getValue()][task.getIndex()] = true;
    if (task.getRole() == Role.SERVER && allShardsReady() && !stopping) {
      checkpointClocks.shardAt(task.getIndex(), clock, clockMs.getAsLong());
    }
    if (task.getRole() == Role.WORKER) {
      workerClocks[task.getIndex()] = Math.max(workerClocks[task.getIndex()], clock);
      if (taskMetrics != null) {
        metrics.putAll(taskMetrics);
      }
    }
  }

  @Override
  public synchronized void complete(TaskId task, TaskResult result) throws CoordinatorError {
    checkCurrent(task);
    if (task.getRole() != Role.WORKER) {
      throw new CoordinatorError("only workers report results");
    }
    if (result.isSetGeneration() && result.getGeneration() != generation) {
      // The shards went back to a checkpoint after this run ended: it runs again, like everyone.
      LOG.info("worker {} attempt {} completed in recovery generation {}, now {}: not kept", task.getIndex(),
          task.getAttempt(), result.getGeneration(), generation);
      return;
    }
    LOG.info("worker {} attempt {} completed: success={} exact={} {}", task.getIndex(), task.getAttempt(),
        result.isSuccess(), result.isExact(), result.isSetMessage() ? result.getMessage() : "");
    results[task.getIndex()] = result;
    workerClocks[task.getIndex()] = Math.max(workerClocks[task.getIndex()], totalClocks());
    if (allWorkersReported()) {
      phase = "finishing";
      stopping = true;
      notifyAll();
    }
  }

  @Override
  public synchronized boolean shouldStop(TaskId task) throws CoordinatorError {
    checkCurrent(task);
    return stopping;
  }

  /** The recovery generation now in force (workers that finished compare it with the one they ran in). */
  public synchronized int generation() {
    return generation;
  }

  /** Tell every container to wind down (job over or failing). */
  public synchronized void stop() {
    stopping = true;
    notifyAll();
  }

  @Override
  public synchronized JobProgress progress() {
    int min = Arrays.stream(workerClocks).min().orElse(0);
    int max = Arrays.stream(workerClocks).max().orElse(0);
    return new JobProgress(phase, min, max, totalClocks(), running, failed, relaunched).setMetrics(new HashMap<>(metrics));
  }

  public synchronized void containerCounts(int running, int failed, int relaunched) {
    this.running = running;
    this.failed = failed;
    this.relaunched = relaunched;
  }

  /** The first failure a worker reported, as "worker N: message", or null. */
  public synchronized String reportedFailure() {
    for (int w = 0; w < results.length; w++) {
      if (results[w] != null && !results[w].isSuccess()) {
        return "worker " + w + ": " + results[w].getMessage();
      }
    }
    return null;
  }

  public synchronized boolean hasReported(int worker) {
    return results[worker] != null;
  }

  public synchronized boolean allWorkersReported() {
    return Arrays.stream(results).allMatch(r -> r != null);
  }

  /** Worker results, indexed by worker; null where a worker has not reported. */
  public synchronized TaskResult[] results() {
    return results.clone();
  }

  /** Fraction of the job's clocks done by the slowest worker. */
  public synchronized float fractionDone() {
    int total = totalClocks();
    return total == 0 ? 0f : Math.min(1f, Arrays.stream(workerClocks).min().orElse(0) / (float) total);
  }

  private int totalClocks() {
    return spec.getClocks();
  }

  private void checkCurrent(TaskId task) throws CoordinatorError {
    int[] ofRole = attempts[task.getRole().getValue()];
    if (task.getIndex() < 0 || task.getIndex() >= ofRole.length) {
      throw new CoordinatorError(task.getRole() + " " + task.getIndex() + " is not part of this job");
    }
    if (task.getAttempt() != ofRole[task.getIndex()]) {
      throw new CoordinatorError(task.getRole() + " " + task.getIndex() + " attempt " + task.getAttempt()
          + " is superseded by attempt " + ofRole[task.getIndex()]);
    }
  }
}
