package io.spindle.ps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.ml.param.Consistency;
import io.spindle.ml.param.Rows;
import io.spindle.thrift.PsErrorCode;
import io.spindle.thrift.TableKind;
import io.spindle.thrift.TableSpec;
import io.spindle.thrift.UpdateRuleKind;
import io.spindle.thrift.UpdateRuleSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardTest {
  private static final UpdateRuleSpec ADD = new UpdateRuleSpec(UpdateRuleKind.ADD);
  private static final List<TableSpec> TABLES = List.of(
      new TableSpec(0, "w", TableKind.DENSE, ADD).setRows(10).setColumns(2),
      new TableSpec(1, "s", TableKind.SPARSE, ADD).setColumns(1));

  private static Shard shard(int workers, Consistency consistency) {
    return new Shard(0, new Partitioner(TABLES, 1), workers, consistency);
  }

  private static float[] read(Shard shard, int table, Rows rows) {
    return shard.pull(0, 0, table, rows, 0, 1000).values;   // worker 0, attempt 0
  }

  @Test
  void updatesBecomeVisibleOnlyWhenTheClockCommits() {
    Shard shard = shard(1, Consistency.ssp(1));
    shard.hello(0, 0, 0);
    shard.push(0, 0, 0, 0, Rows.range(2, 1), new float[] {1, 2});
    assertArrayEquals(new float[] {0, 0}, read(shard, 0, Rows.range(2, 1)));
    shard.clock(0, 0, 0, 0, 1000);
    assertArrayEquals(new float[] {1, 2}, read(shard, 0, Rows.range(2, 1)));
  }

  /**
   * A shard knows its snapshot's size before taking it (a snapshot too large for one array is
   * skipped, not begun): the size it computes is the size it writes, for tables with rule state.
   */
  @Test
  void aSnapshotIsAsLargeAsTheShardComputesBeforehand() {
    UpdateRuleSpec adam = new UpdateRuleSpec(UpdateRuleKind.ADAM);
    List<TableSpec> tables = List.of(new TableSpec(0, "w", TableKind.DENSE, adam).setRows(300).setColumns(3),
        new TableSpec(1, "s", TableKind.SPARSE, adam).setColumns(2));
    List<Integer> sizes = new java.util.ArrayList<>();
    Shard shard = new Shard(0, new Partitioner(tables, 1), 2, Consistency.ssp(1), 2,
        (clock, payload) -> sizes.add(payload.length));
    shard.hello(0, 0, 0);
    shard.hello(1, 0, 0);
    for (int clock = 0; clock < 4; clock++) {
      shard.push(0, 0, clock, 1, Rows.keys(clock, 100 + clock, -clock), new float[6]);   // the sparse table grows
      shard.push(0, 0, clock, 0, Rows.range(10, 2), new float[6]);
      shard.clock(0, 0, clock, 0, 1000);
      shard.clock(1, 0, clock, 0, 1000);
    }
    assertEquals(2, sizes.size(), "checkpoints at clocks 2 and 4");
    assertEquals(sizes.get(1), (int) shard.snapshotBytes());
    assertEquals(6 * (8 + 2 * 4 * 3), sizes.get(1) - sizes.get(0), "6 more rows: a key, 2 values and their 2 moments");
  }

  /**
   * A commit that fails once a table has changed leaves the shard refusing everyone, a parked
   * reader included, with the reason: a replay of the half-applied clock would count it twice.
   */
  @Test
  void aCommitThatFailsPartwayStopsTheShardForGood() throws Exception {
    Shard shard = shard(2, Consistency.ssp(0));
    shard.onMinClock(clock -> {
      throw new OutOfMemoryError("Java heap space");   // after the tables took the clock
    });
    shard.hello(0, 0, 0);
    shard.hello(1, 0, 0);
    java.util.concurrent.atomic.AtomicReference<RuntimeException> woken = new java.util.concurrent.atomic.AtomicReference<>();
    Thread parked = new Thread(() -> {
      try {
        shard.pull(1, 0, 0, Rows.range(0, 1), 1, 10_000);
      } catch (RuntimeException e) {
        woken.set(e);
      }
    });
    parked.start();
    long deadline = System.currentTimeMillis() + 5_000;
    while (parked.getState() != Thread.State.TIMED_WAITING && System.currentTimeMillis() < deadline) {
      Thread.sleep(1);
    }
    assertEquals(Thread.State.TIMED_WAITING, parked.getState(), "the reader waits for clock 1");
    shard.clock(1, 0, 0, 0, 1000);
    shard.push(0, 0, 0, 0, Rows.range(0, 1), new float[] {1, 1});
    ShardException failed = assertThrows(ShardException.class, () -> shard.clock(0, 0, 0, 0, 1000));
    assertEquals(PsErrorCode.SHUTTING_DOWN, failed.code());
    assertTrue(shard.failure().contains("committing clock 0 of worker 0 failed partway"), shard.failure());
    assertTrue(failed.getMessage().contains("Java heap space"), failed.getMessage());
    parked.join(5_000);
    assertEquals(PsErrorCode.SHUTTING_DOWN, ((ShardException) woken.get()).code());
    assertCode(PsErrorCode.SHUTTING_DOWN, () -> shard.hello(0, 1, 0));
    assertCode(PsErrorCode.SHUTTING_DOWN, () -> shard.push(1, 0, 1, 0, Rows.range(0, 1), new float[2]));
  }

  /** A snapshot that fails (here, its sink) skips that checkpoint only: the next is taken as usual. */
  @Test
  void aFailedSnapshotSkipsOneCheckpointOnly() {
    List<Integer> taken = new java.util.ArrayList<>();
    Shard shard = new Shard(0, new Partitioner(TABLES, 1), 1, Consistency.ssp(0), 2, (clock, payload) -> {
      if (clock == 2) {
        throw new OutOfMemoryError("Java heap space");
      }
      taken.add(clock);
    });
    shard.hello(0, 0, 0);
    for (int clock = 0; clock < 4; clock++) {
      shard.push(0, 0, clock, 0, Rows.range(0, 1), new float[] {1, 1});
      shard.clock(0, 0, clock, 0, 1000);
    }
    assertEquals(List.of(4), taken);
    assertEquals(null, shard.failure());
    assertArrayEquals(new float[] {4, 4}, read(shard, 0, Rows.range(0, 1)));
  }

  /**
   * A worker that reconnects supersedes its connection before: a push of the old one that reaches
   * the shard late (queued behind the lock) is refused, so the clock replayed on the new one
   * counts once.
   */
  @Test
  void aReconnectedWorkersLatePushFromItsOldConnectionIsRefused() {
    Shard shard = shard(1, Consistency.ssp(0));
    int first = WorkerAttempt.of(2, 0);
    int second = WorkerAttempt.of(2, 1);
    shard.hello(0, first, 0);
    shard.push(0, first, 0, 1, Rows.keys(-7L), new float[] {5});
    shard.hello(0, second, 0);   // the worker gave up on a reply and connected again
    ShardException late = assertThrows(ShardException.class,
        () -> shard.push(0, first, 0, 1, Rows.keys(-7L), new float[] {5}));
    assertEquals(PsErrorCode.STALE_ATTEMPT, late.code());
    assertEquals("STALE_ATTEMPT: worker 0 attempt 2 is superseded by attempt 2 (connection 1)", late.getMessage());
    shard.push(0, second, 0, 1, Rows.keys(-7L), new float[] {5});   // the replay
    shard.clock(0, second, 0, 0, 1000);
    assertArrayEquals(new float[] {5}, shard.pull(0, second, 1, Rows.keys(-7L), 0, 1000).values);
    assertTrue(WorkerAttempt.of(2, 70_000) < WorkerAttempt.of(3, 0), "a new container supersedes every connection");
  }

  @Test
  void aRepeatedCommitOrReplayedPushIsAppliedOnce() {
    Shard shard = shard(1, Consistency.ssp(0));
    shard.hello(0, 0, 0);
    shard.push(0, 0, 0, 1, Rows.keys(-7L), new float[] {5});
    shard.clock(0, 0, 0, 0, 1000);
    shard.push(0, 0, 0, 1, Rows.keys(-7L), new float[] {5});   // replay of clock 0: ignored
    shard.clock(0, 0, 0, 0, 1000);                              // repeat commit: no-op
    assertArrayEquals(new float[] {5}, read(shard, 1, Rows.keys(-7L)));
    assertEquals(1, shard.clocks()[0]);
  }

  @Test
  void aNewAttemptDropsTheUnfinishedClockOfTheOldOne() {
    Shard shard = shard(1, Consistency.bsp());
    shard.hello(0, 0, 0);
    shard.push(0, 0, 0, 0, Rows.range(0, 1), new float[] {1, 1});
    shard.clock(0, 0, 0, 1, 1000);
    shard.push(0, 0, 1, 0, Rows.range(0, 1), new float[] {100, 100});   // the worker dies before committing clock 1
    assertEquals(1, shard.hello(0, 1, 0));                                 // relaunched: resume after clock 0
    ShardException stale = assertThrows(ShardException.class,
        () -> shard.push(0, 0, 1, 0, Rows.range(0, 1), new float[] {1, 1}));
    assertEquals(PsErrorCode.STALE_ATTEMPT, stale.code());
    shard.push(0, 1, 1, 0, Rows.range(0, 1), new float[] {1, 1});
    shard.clock(0, 1, 1, 2, 1000);
    assertArrayEquals(new float[] {2, 2}, shard.pull(0, 1, 0, Rows.range(0, 1), 2, 1000).values);
  }

  @Test
  void badRequestsAreRefusedWithANamedReasonAndChangeNothing() {
    Shard shard = shard(2, Consistency.ssp(1));
    shard.hello(0, 0, 0);
    assertCode(PsErrorCode.UNKNOWN_TABLE, () -> shard.push(0, 0, 0, 9, Rows.range(0, 1), new float[2]));
    assertCode(PsErrorCode.BAD_SHAPE, () -> shard.push(0, 0, 0, 0, Rows.range(0, 1), new float[3]));
    assertCode(PsErrorCode.BAD_SHAPE, () -> shard.push(0, 0, 0, 0, Rows.range(0, 1), new float[3], 2, 2));
    assertCode(PsErrorCode.KEY_OUT_OF_RANGE, () -> shard.push(0, 0, 0, 0, Rows.range(9, 2), new float[4]));
    assertCode(PsErrorCode.UNKNOWN_WORKER, () -> shard.hello(2, 0, 0));
    assertCode(PsErrorCode.UNKNOWN_WORKER, () -> shard.push(1, 0, 0, 0, Rows.range(0, 1), new float[2]));
    assertCode(PsErrorCode.BAD_CLOCK, () -> shard.push(0, 0, 3, 0, Rows.range(0, 1), new float[2]));
    assertCode(PsErrorCode.BAD_CLOCK, () -> shard.clock(0, 0, 1, 0, 10));
    assertCode(PsErrorCode.TIMEOUT, () -> shard.pull(0, 0, 0, Rows.range(0, 1), 1, 50));
    shard.clock(0, 0, 0, 0, 10);
    assertArrayEquals(new float[20], shard.pull(0, 0, 0, Rows.range(0, 10), 0, 10).values);
  }

  @Test
  void bspAppliesAClockOnlyWhenEveryWorkerCommittedIt() {
    Shard shard = shard(2, Consistency.bsp());
    shard.hello(0, 0, 0);
    shard.hello(1, 0, 0);
    shard.push(0, 0, 0, 1, Rows.keys(3L), new float[] {1});
    shard.clock(0, 0, 0, 0, 10);
    assertArrayEquals(new float[] {0}, shard.pull(1, 0, 1, Rows.keys(3L), 0, 10).values);
    assertCode(PsErrorCode.BAD_CLOCK, () -> shard.push(0, 0, 1, 1, Rows.keys(3L), new float[] {1}));
    shard.push(1, 0, 0, 1, Rows.keys(3L), new float[] {2});
    shard.clock(1, 0, 0, 1, 10);
    assertArrayEquals(new float[] {3}, shard.pull(1, 0, 1, Rows.keys(3L), 1, 10).values);
  }

  private static void assertCode(PsErrorCode code, Runnable call) {
    ShardException e = assertThrows(ShardException.class, call::run);
    assertEquals(code, e.code(), e.getMessage());
  }
}
