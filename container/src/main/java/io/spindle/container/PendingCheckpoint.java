package io.spindle.container;

/**
 * The one snapshot a shard has waiting to be written, and the fence that keeps an abandoned
 * timeline out of the checkpoints. A newer snapshot replaces one not yet taken, so a slow file
 * system makes checkpoints rarer, never a growing queue. From the start of a recovery until its
 * restore succeeds, the shard's state is of the timeline being abandoned: snapshots are dropped,
 * and those after it carry the recovery's generation.
 *
 * <p>Thread-safe: the shard offers under its lock, the writer thread takes, the main loop fences.
 */
final class PendingCheckpoint {
  /** A snapshot of the shard's tables at a clock, of the recovery generation it was taken in. */
  record Snapshot(int clock, int generation, byte[] payload) {}

  private Snapshot pending;
  private int generation = -1;
  private boolean restoring;

  /** Keeps the snapshot as the one to write next; false when it is dropped (a recovery is under way). */
  synchronized boolean offer(int clock, byte[] payload) {
    if (restoring) {
      return false;
    }
    pending = new Snapshot(clock, generation, payload);
    return true;
  }

  /** The snapshot to write, or null; it is no longer pending. */
  synchronized Snapshot take() {
    Snapshot taken = pending;
    pending = null;
    return taken;
  }

  synchronized boolean isEmpty() {
    return pending == null;
  }

  /** A recovery starts: the pending snapshot, and any until the restore succeeds, are of the old timeline. */
  synchronized void recoveryStarted() {
    restoring = true;
    pending = null;
  }

  /** The recovery of {@code generation} ended; snapshots are kept again only if its restore succeeded. */
  synchronized void recoveryEnded(int generation, boolean restored) {
    this.generation = generation;
    restoring = !restored;
  }

  /** The generation of the last recovery this shard went through; -1 before the first. */
  synchronized int generation() {
    return generation;
  }
}
