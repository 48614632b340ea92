package io.spindle.container;

import io.spindle.ps.ShardUnreachableException;
import java.io.IOException;

/**
 * How long a worker has failed to get work done on one shard map's shards, across
 * reconnections. It begins at the first failure to reach them and ends when a connection commits
 * a clock, or when the coordinator publishes a new shard map (a recovery: new shards, a fresh
 * start), not when a connection opens: a shard can accept connections and still fail every call
 * (its process hung with its port open, or another process on the port it left). Time spent
 * waiting for a recovered map is the ApplicationMaster's to bound, so it never counts.
 *
 * <p>The first failure reconnects at once (a shard that died is usually back in a recovered map
 * by then); later ones wait a backoff first, and past the limit the worker gives up, so that YARN
 * relaunches it and the ApplicationMaster counts the failure, instead of retrying for ever.
 */
final class Outage {
  private final long backoffMs;
  private final long giveUpMs;
  private long sinceNanos;
  private int generation;
  private boolean failing;

  Outage(long backoffMs, long giveUpMs) {
    this.backoffMs = backoffMs;
    this.giveUpMs = giveUpMs;
  }

  /**
   * Another failure to reach the shards of map {@code generation}: returns when it is time to
   * try again, or throws once the outage has lasted past the limit.
   */
  void failed(ShardUnreachableException failure, int generation) {
    long now = System.nanoTime();
    if (!failing || generation != this.generation) {
      failing = true;
      this.generation = generation;
      sinceNanos = now;
      return;
    }
    long lastedMs = (now - sinceNanos) / 1_000_000;
    if (lastedMs > giveUpMs) {
      String message = "no connection to the shards of shard map " + generation + " committed a clock for " + lastedMs
          + " ms; giving up (the last failure: " + failure.getMessage() + ")";
      throw new ShardUnreachableException(message, new IOException(message, failure));
    }
    sleep(backoffMs);
  }

  /** A connection got work done: the next failure starts a new outage. */
  void ended() {
    failing = false;
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reconnecting to the shards", e);
    }
  }
}
