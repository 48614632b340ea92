package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.ml.param.Consistency;
import io.spindle.thrift.JobSpec;
import io.spindle.thrift.ResourceSpec;
import io.spindle.thrift.Role;
import io.spindle.thrift.TaskId;
import io.spindle.thrift.Endpoint;
import io.spindle.thrift.TaskResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The coordinator's recovery bookkeeping, driven directly. */
class CoordinatorServiceTest {
  private static final TaskId SHARD0 = new TaskId(Role.SERVER, 0, 0);
  private static final TaskId SHARD1 = new TaskId(Role.SERVER, 1, 0);
  private static final TaskId WORKER0 = new TaskId(Role.WORKER, 0, 0);

  private static CoordinatorService coordinator() {
    JobSpec spec = new JobSpec("selftest", 1, 2, Consistency.ssp(1).toSpec(), new ResourceSpec(128, 1),
        new ResourceSpec(128, 1)).setCheckpointsKept(3);
    CoordinatorService c = new CoordinatorService(spec, System::currentTimeMillis);
    for (TaskId t : new TaskId[] {SHARD0, SHARD1, WORKER0}) {
      c.launched(t);
    }
    return c;
  }

  /** Liveness: a launched container has start-timeout to send its first heartbeat, then heartbeat-timeout between them. */
  @Test
  void aContainerHasLongerToStartThanToStaySilent() throws Exception {
    long[] now = {0};
    JobSpec spec = new JobSpec("selftest", 1, 1, Consistency.ssp(1).toSpec(), new ResourceSpec(128, 1),
        new ResourceSpec(128, 1)).setHeartbeatTimeoutMs(1_000).setStartTimeoutMs(30_000);
    CoordinatorService c = new CoordinatorService(spec, () -> now[0]);
    c.launched(WORKER0);
    now[0] = 20_000;   // still localizing
    assertTrue(!c.silent(Role.WORKER, 0));
    c.heartbeat(WORKER0, 0, java.util.Map.of());
    now[0] = 20_900;
    assertTrue(!c.silent(Role.WORKER, 0));
    now[0] = 21_100;   // heard from once, then silent past heartbeat-timeout
    assertTrue(c.silent(Role.WORKER, 0));
    TaskId relaunched = new TaskId(Role.WORKER, 0, 1);
    c.launched(relaunched);   // a new attempt starts over with start-timeout
    now[0] = 50_000;
    assertTrue(!c.silent(Role.WORKER, 0));
    now[0] = 51_200;
    assertTrue(c.silent(Role.WORKER, 0), "launched at 21.1 s and never heard from in start-timeout");
  }

  private static void ready(CoordinatorService c, TaskId shard) throws Exception {
    c.register(shard, new Endpoint("h", 1000 + shard.getIndex()));
    c.restored(shard, c.recovery(shard).getGeneration(), true, "");
  }

  /**
   * Two shards, one worker, time-based checkpoints every 5 s; shards ready.
   *
   * @param resumeClock the checkpoint both shards hold already (a resumed job), 0 for none
   */
  private static CoordinatorService checkpointingEveryFiveSeconds(long[] now, int resumeClock) throws Exception {
    JobSpec spec = new JobSpec("selftest", 1, 2, Consistency.ssp(1).toSpec(), new ResourceSpec(128, 1),
        new ResourceSpec(128, 1)).setCheckpointSeconds(5);
    CoordinatorService c = new CoordinatorService(spec, () -> now[0]);
    if (resumeClock > 0) {
      c.seedCheckpoints(List.of(List.of(resumeClock), List.of(resumeClock)));
    }
    for (TaskId t : new TaskId[] {SHARD0, SHARD1, WORKER0}) {
      c.launched(t);
    }
    ready(c, SHARD0);
    ready(c, SHARD1);
    return c;
  }

  /**
   * Time-based checkpoints: a clock is named once the period is over, ahead of the fastest worker
   * by about a second at the fastest pace seen over a period, the next only after some worker reached it; a
   * rollback withdraws the named clock.
   */
  @Test
  void checkpointClocksAreNamedAheadOfTheFastestWorkerEachPeriod() throws Exception {
    long[] now = {0};
    CoordinatorService c = checkpointingEveryFiveSeconds(now, 0);
    now[0] = 4_000;
    c.heartbeat(SHARD0, 40, java.util.Map.of());
    assertEquals(0, c.recovery(SHARD0).getCheckpointClock(), "the period is not over");
    now[0] = 5_000;
    c.heartbeat(SHARD1, 50, java.util.Map.of());   // 50 clocks in 5 s: 10 clocks of lead
    assertEquals(60, c.recovery(SHARD0).getCheckpointClock());
    now[0] = 11_000;
    c.heartbeat(SHARD0, 59, java.util.Map.of());
    assertEquals(60, c.recovery(SHARD0).getCheckpointClock(), "no worker has reached clock 60 yet");
    c.heartbeat(SHARD1, 80, java.util.Map.of());   // 30 clocks in 6 s, slower: the faster pace sets the lead
    assertEquals(90, c.recovery(SHARD1).getCheckpointClock());
    c.beginRecovery("test");
    assertEquals(0, c.recovery(SHARD0).getCheckpointClock());
  }

  /** A resumed job's pace counts from the clock it resumed at, not from 0: the lead stays about a second. */
  @Test
  void aResumedJobsCheckpointPaceStartsAtItsResumeClock() throws Exception {
    long[] now = {0};
    CoordinatorService c = checkpointingEveryFiveSeconds(now, 300);
    now[0] = 5_000;
    c.heartbeat(SHARD1, 350, java.util.Map.of());   // 50 clocks in 5 s since the resume: 10 clocks of lead
    assertEquals(360, c.recovery(SHARD0).getCheckpointClock());
  }

  /** A shard's extra checkpoint (one the others missed) never pushes out the one they share. */
  @Test
  void pruningKeepsTheNewestCheckpointEveryShardHolds() throws Exception {
    JobSpec spec = new JobSpec("selftest", 1, 2, Consistency.ssp(1).toSpec(), new ResourceSpec(128, 1),
        new ResourceSpec(128, 1)).setCheckpointsKept(1);
    CoordinatorService c = new CoordinatorService(spec, System::currentTimeMillis);
    for (TaskId t : new TaskId[] {SHARD0, SHARD1, WORKER0}) {
      c.launched(t);
    }
    ready(c, SHARD0);
    ready(c, SHARD1);
    assertEquals(0, c.checkpointed(SHARD0, 10, 0));
    assertEquals(10, c.checkpointed(SHARD1, 10, 0));
    assertEquals(10, c.checkpointed(SHARD0, 20, 0), "shard 1 missed clock 20");
    assertEquals(10, c.checkpointed(SHARD0, 30, 0));
    c.beginRecovery("test");
    assertEquals(10, c.recovery(SHARD0).getClock());
  }

  @Test
  void recoveryGoesToTheNewestCheckpointEveryShardHolds() throws Exception {
    CoordinatorService c = coordinator();
    ready(c, SHARD0);
    ready(c, SHARD1);
    assertEquals(2, c.awaitShardMap(WORKER0, 10).getShardsSize());
    c.checkpointed(SHARD0, 4, 0);
    c.checkpointed(SHARD0, 8, 0);
    c.checkpointed(SHARD1, 4, 0);   // shard 1 died before writing clock 8
    c.beginRecovery("test");
    assertEquals(1, c.recovery(SHARD0).getGeneration());
    assertEquals(4, c.recovery(SHARD0).getClock());
    assertEquals(0, c.awaitShardMap(WORKER0, 10).getShardsSize(), "no map until every shard holds the recovery");
    assertEquals(-1, c.checkpointed(SHARD1, 12, 0), "written before the rollback, reported after: ignored,"
        + " and no reason for the shard to prune");
    c.restored(SHARD0, 1, true, "");
    c.restored(SHARD1, 1, true, "");
    c.checkpointed(SHARD1, 8, 1);
    c.beginRecovery("again");
    assertEquals(4, c.recovery(SHARD0).getClock(), "shard 0's clock-8 checkpoint was of the abandoned timeline");

    // Shard 0 relaunched: its old attempt, still running somewhere, is told to go, not what to restore.
    c.launched(new TaskId(Role.SERVER, 0, 1));
    org.junit.jupiter.api.Assertions.assertThrows(io.spindle.thrift.CoordinatorError.class, () -> c.recovery(SHARD0));
    org.junit.jupiter.api.Assertions.assertThrows(io.spindle.thrift.CoordinatorError.class, () -> c.shouldStop(SHARD0));
  }

  /**
   * A worker that finished before a rollback must run again: its result no longer counts, nor
   * does one that arrives after the rollback began, from a run of the abandoned timeline.
   */
  @Test
  void aRollbackForgetsTheResultsOfWorkersThatHadFinished() throws Exception {
    JobSpec spec = new JobSpec("train", 2, 1, Consistency.ssp(3).toSpec(), new ResourceSpec(128, 1),
        new ResourceSpec(128, 1));
    CoordinatorService c = new CoordinatorService(spec, System::currentTimeMillis);
    TaskId shard = new TaskId(Role.SERVER, 0, 0);
    TaskId w0 = new TaskId(Role.WORKER, 0, 0);
    TaskId w1 = new TaskId(Role.WORKER, 1, 0);
    for (TaskId t : new TaskId[] {shard, w0, w1}) {
      c.launched(t);
    }
    c.complete(w1, new io.spindle.thrift.TaskResult(true));
    assertTrue(c.hasReported(1));
    c.beginRecovery("shard lost");
    assertTrue(!c.hasReported(1), "worker 1 runs again from the recovery clock");
    assertEquals(1, c.generation(), "which the finished worker sees, and so starts again");
    c.complete(w0, new io.spindle.thrift.TaskResult(true).setGeneration(0));   // was finishing its run of generation 0
    assertTrue(!c.hasReported(0), "worker 0 runs again in generation 1 too");
    c.complete(w1, new io.spindle.thrift.TaskResult(true).setGeneration(1));
    assertTrue(!c.shouldStop(w0));
    c.complete(w0, new io.spindle.thrift.TaskResult(true).setGeneration(1));
    assertTrue(c.allWorkersReported());
    assertTrue(c.shouldStop(w0));
  }

  /**
   * A resumed job starts where every shard holds a checkpoint; a clock only one shard reached is
   * of a timeline nobody resumes, and must not pair up with the other shard's clock of the same
   * number written after the resume.
   */
  @Test
  void aResumedJobForgetsCheckpointsPastTheClockItResumesAt() throws Exception {
    CoordinatorService c = coordinator();
    assertEquals(10, c.seedCheckpoints(List.of(List.of(10, 20), List.of(10))));
    ready(c, SHARD0);
    ready(c, SHARD1);
    assertEquals(10, c.recovery(SHARD0).getClock());
    assertEquals(10, c.checkpointed(SHARD1, 20, 0), "shard 0 has not written clock 20 of this run");
    assertEquals(20, c.checkpointed(SHARD0, 20, 0));
  }

  /** A worker's reported failure outlives a rollback: it has exited, and the job fails with its reason. */
  @Test
  void aReportedFailureOutlivesARollback() throws Exception {
    JobSpec spec = new JobSpec("train", 2, 1, Consistency.ssp(3).toSpec(), new ResourceSpec(128, 1),
        new ResourceSpec(128, 1));
    CoordinatorService c = new CoordinatorService(spec, System::currentTimeMillis);
    for (TaskId t : new TaskId[] {SHARD0, WORKER0, new TaskId(Role.WORKER, 1, 0)}) {
      c.launched(t);
    }
    c.complete(WORKER0, new TaskResult(false).setMessage("too many bad records"));   // worker 1 still runs
    c.beginRecovery("shard 1 lost");
    assertEquals("worker 0: too many bad records", c.reportedFailure());
  }

  @Test
  void aCorruptCheckpointSendsEveryoneToAnOlderOne() throws Exception {
    CoordinatorService c = coordinator();
    ready(c, SHARD0);
    ready(c, SHARD1);
    for (int clock : new int[] {4, 8}) {
      c.checkpointed(SHARD0, clock, 0);
      c.checkpointed(SHARD1, clock, 0);
    }
    c.beginRecovery("shard 1 lost");
    assertEquals(8, c.recovery(SHARD1).getClock());
    c.restored(SHARD0, 1, true, "");
    c.restored(SHARD1, 1, false, "checkpoint clock-8.ckpt is corrupt");
    assertEquals(2, c.recovery(SHARD0).getGeneration());
    assertEquals(4, c.recovery(SHARD0).getClock());
    c.restored(SHARD0, 2, true, "");
    c.restored(SHARD1, 2, true, "");
    assertEquals(2, c.awaitShardMap(WORKER0, 10).getGeneration());
    assertTrue(c.awaitShardMap(WORKER0, 10).getShardsSize() == 2);
  }
}
