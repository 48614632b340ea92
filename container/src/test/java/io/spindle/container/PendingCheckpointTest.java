package io.spindle.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The shard's pending snapshot and the fence around a recovery, driven step by step. */
class PendingCheckpointTest {
  private static final byte[] BYTES = {1, 2, 3};

  @Test
  void aNewerSnapshotReplacesOneNotYetWritten() {
    PendingCheckpoint pending = new PendingCheckpoint();
    assertTrue(pending.offer(10, BYTES));
    assertTrue(pending.offer(20, BYTES));
    assertEquals(20, pending.take().clock());
    assertNull(pending.take());
    assertTrue(pending.isEmpty());
  }

  @Test
  void snapshotsOfTheAbandonedTimelineAreDroppedUntilTheRestoreSucceeds() {
    PendingCheckpoint pending = new PendingCheckpoint();
    pending.recoveryEnded(0, true);   // the first restore: the initial state
    pending.offer(30, BYTES);
    pending.recoveryStarted();        // a shard was lost: back to clock 20
    assertNull(pending.take(), "the snapshot of clock 30 is of the timeline being abandoned");
    assertFalse(pending.offer(40, BYTES), "the old timeline goes on until the restore: dropped");
    pending.recoveryEnded(1, false);  // its checkpoint was unusable: the coordinator names an older one
    assertFalse(pending.offer(41, BYTES), "still the old timeline");
    pending.recoveryStarted();
    pending.recoveryEnded(2, true);
    assertTrue(pending.offer(25, BYTES));
    PendingCheckpoint.Snapshot snapshot = pending.take();
    assertEquals(25, snapshot.clock());
    assertEquals(2, snapshot.generation(), "tagged with the recovery it belongs to");
    assertEquals(2, pending.generation());
  }

  @Test
  void aSnapshotTakenBeforeARecoveryKeepsItsGeneration() {
    PendingCheckpoint pending = new PendingCheckpoint();
    pending.recoveryEnded(3, true);
    pending.offer(50, BYTES);
    PendingCheckpoint.Snapshot inFlight = pending.take();   // the writer has it
    pending.recoveryStarted();
    pending.recoveryEnded(4, true);
    assertEquals(3, inFlight.generation(), "the coordinator tells its generation's checkpoint from the new one's");
  }
}
