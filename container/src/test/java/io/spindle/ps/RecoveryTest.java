package io.spindle.ps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.ml.param.Consistency;
import io.spindle.ml.param.Rows;
import io.spindle.selftest.SumOfOnes;
import io.spindle.thrift.PsErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Snapshots at consistent clocks and rollback of every shard and worker to one of them. */
class RecoveryTest {

  /**
   * Worker 1 is slow, so under SSP(3) worker 0 commits clocks at and past each checkpoint clock
   * before worker 1 reaches it, and nobody waits for the checkpoint: every snapshot must still
   * hold exactly every worker's clocks below it, in both tables, and no more. An interval of at
   * least s + 1 clocks means no checkpoint clock is passed while the one before is pending.
   */
  @Test
  void aSnapshotHoldsExactlyTheClocksBelowItWhileWorkersRunAhead() throws Exception {
    int every = 4;
    SumOfOnes job = new SumOfOnes(2, 12, 10, 1, 5);
    Map<Integer, byte[]> taken = new ConcurrentHashMap<>();
    Partitioner partitioner = new Partitioner(job.tables(), 1);
    Shard shard = new Shard(0, partitioner, 2, Consistency.ssp(3), every, taken::put);
    int[] maxLead = new int[1];
    shard.onMinClock(min -> maxLead[0] = Math.max(maxLead[0], Arrays.stream(shard.clocks()).max().orElse(0) - min));
    List<CompletableFuture<SumOfOnes.Outcome>> runs = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      int worker = w;
      PsClient ps = new PsClient(w, 0, partitioner, List.of(shard), Consistency.ssp(3), 1 << 16);
      ps.start();
      runs.add(CompletableFuture.supplyAsync(() -> job.run(ps, c -> ConsistencyTest.sleepMs(worker == 1 ? 20 : 0))));
    }
    for (CompletableFuture<SumOfOnes.Outcome> run : runs) {
      assertTrue(run.get(30, TimeUnit.SECONDS).exact);
    }
    assertTrue(maxLead[0] >= 2, "worker 0 should have run ahead past checkpoint clocks, led by " + maxLead[0]);
    assertEquals(List.of(4, 8, 12), new ArrayList<>(new java.util.TreeSet<>(taken.keySet())));
    for (int clock : taken.keySet()) {
      Shard restored = new Shard(0, partitioner, 2, Consistency.ssp(3));
      restored.restore(clock, taken.get(clock), 0);
      assertEquals(clock, restored.hello(0, 0, 0), "the worker resumes from the snapshot's clock");
      assertEquals(clock, restored.hello(1, 0, 0));
      float[] expected = new float[10];
      Arrays.fill(expected, 2f * clock);
      assertArrayEquals(expected, restored.pull(0, 0, SumOfOnes.DENSE, Rows.range(0, 10), 0, 10).values,
          "2 workers x " + clock + " clocks: exactly the clocks below the snapshot");
      assertArrayEquals(Arrays.copyOf(expected, 5), restored.pull(0, 0, SumOfOnes.SPARSE, job.sparseKeys(), 0, 10).values);
    }
    // The shard the workers know goes back to clock 4: they are told, and resume from there.
    shard.restore(4, taken.get(4), 1);
    ShardException e = assertThrows(ShardException.class,
        () -> shard.pull(0, 0, SumOfOnes.DENSE, Rows.range(0, 10), 0, 10));
    assertEquals(PsErrorCode.ROLLED_BACK, e.code());
    ShardException oldMap = assertThrows(ShardException.class, () -> shard.hello(0, 0, 0));
    assertEquals(PsErrorCode.ROLLED_BACK, oldMap.code(), "a worker by the map of before the rollback asks again");
    assertEquals(4, shard.hello(0, 0, 1));
    // A restore that fails holds no recovery: nobody binds to the tables it left.
    assertThrows(java.io.IOException.class, () -> shard.restore(8, new byte[] {1, 2, 3}, 2));
    ShardException restoring = assertThrows(ShardException.class, () -> shard.hello(0, 0, 2));
    assertTrue(restoring.getMessage().contains("is restoring"), restoring.getMessage());
  }

  /** A checkpoint clock named from outside is taken only while no worker has passed it. */
  @Test
  void aCheckpointClockIsArmedOnlyBeforeAnyWorkerPassesIt() throws Exception {
    SumOfOnes job = new SumOfOnes(2, 10, 4, 1, 2);
    Partitioner partitioner = new Partitioner(job.tables(), 1);
    Map<Integer, byte[]> taken = new ConcurrentHashMap<>();
    Shard shard = new Shard(0, partitioner, 2, Consistency.async(), 0, taken::put);
    shard.hello(0, 0, 0);
    shard.hello(1, 0, 0);
    for (int c = 0; c < 3; c++) {
      shard.push(0, 0, c, SumOfOnes.DENSE, Rows.range(0, 4), new float[] {1, 1, 1, 1});
      shard.clock(0, 0, c, 0, 10);
    }
    assertFalse(shard.armCheckpoint(2), "worker 0 has committed clock 2 already");
    assertFalse(shard.armCheckpoint(0), "every worker has passed clock 0");
    assertTrue(shard.armCheckpoint(3));
    for (int c = 0; c < 3; c++) {
      shard.clock(1, 0, c, 0, 10);
    }
    assertEquals(List.of(3), new ArrayList<>(taken.keySet()));
    Shard restored = new Shard(0, partitioner, 2, Consistency.async());
    restored.restore(3, taken.get(3), 0);
    restored.hello(0, 0, 0);
    assertArrayEquals(new float[] {3, 3, 3, 3}, restored.pull(0, 0, SumOfOnes.DENSE, Rows.range(0, 4), 0, 10).values);
  }

  /**
   * Sum-of-ones on 2 shards with random delays; midway every shard goes back to the newest
   * snapshot all of them hold (as after losing a shard), workers get ROLLED_BACK, say hello again
   * and replay from there. The result is still exact: nothing lost, nothing applied twice.
   */
  @Test
  void aRollbackToTheLastCommonSnapshotKeepsSumOfOnesExact() throws Exception {
    for (long seed = 0; seed < 4; seed++) {
      int workers = 3;
      int every = 3;
      SumOfOnes job = new SumOfOnes(workers, 15, 20, 2, 15);
      Partitioner partitioner = new Partitioner(job.tables(), 2);
      List<Map<Integer, byte[]>> taken = List.of(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
      List<ShardApi> shards = new ArrayList<>();
      for (int s = 0; s < 2; s++) {
        shards.add(new Shard(s, partitioner, workers, Consistency.ssp(1), every, taken.get(s)::put));
      }
      AtomicBoolean rolledBack = new AtomicBoolean();
      List<CompletableFuture<Boolean>> runs = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        int worker = w;
        Random random = new Random(seed * 7 + w);
        runs.add(CompletableFuture.supplyAsync(() -> {
          while (true) {
            try (PsClient ps = new PsClient(worker, 0, partitioner, shards, Consistency.ssp(1), 1 << 16)) {
              ps.start();
              return job.run(ps, c -> {
                ConsistencyTest.sleepMs(random.nextInt(3));
                if (worker == 0 && c == 10 && rolledBack.compareAndSet(false, true)) {
                  rollBack(shards, taken);
                }
              }).exact;
            } catch (ShardException e) {
              if (e.code() != PsErrorCode.ROLLED_BACK) {
                throw e;
              }
            } catch (java.util.concurrent.CompletionException e) {
              if (!(e.getCause() instanceof ShardException)
                  || ((ShardException) e.getCause()).code() != PsErrorCode.ROLLED_BACK) {
                throw e;
              }
            }
          }
        }));
      }
      for (CompletableFuture<Boolean> run : runs) {
        assertTrue(run.get(60, TimeUnit.SECONDS), "seed " + seed);
      }
      assertTrue(rolledBack.get());
    }
  }

  /** What the coordinator and the shards do after a shard loss, in one step. */
  private static void rollBack(List<ShardApi> shards, List<Map<Integer, byte[]>> taken) {
    java.util.TreeSet<Integer> common = new java.util.TreeSet<>(taken.get(0).keySet());
    common.retainAll(taken.get(1).keySet());
    int clock = common.isEmpty() ? 0 : common.last();
    try {
      for (int s = 0; s < shards.size(); s++) {
        ((Shard) shards.get(s)).restore(clock, clock == 0 ? null : taken.get(s).get(clock), 0);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
