package io.spindle.container;

import io.spindle.ps.ShardUnreachableException;
import java.io.IOException;

/**
 * How long a worker has gone without getting work done on its shards, across reconnections. It
 * begins at the first failure to reach them and ends only when a connection commits a clock, not
 * when one opens: a shard can accept connections and still fail every call (its process hung
 * with its port open, or another process on the port it left). The first failure reconnects at
 * once (a shard that died is usually back in a recovered shard map by then); later ones wait a
 * backoff first, and past the limit the worker gives up, so that YARN relaunches it and the
 * ApplicationMaster counts the failure, instead of retrying for ever.
 */
final class Outage {
  private final long backoffMs;
  private final long giveUpMs;
  private long since = -1;

  Outage(long backoffMs, long giveUpMs) {
    this.backoffMs = backoffMs;
    this.giveUpMs = giveUpMs;
  }

  /** Another failure to reach the shards: returns when it is time to try again, or throws once past the limit. */
  void failed(ShardUnreachableException failure) {
    long now = System.currentTimeMillis();
    if (since < 0) {
      since = now;
      return;
    }
    if (now - since > giveUpMs) {
      String message = "no connection to the shards committed a clock for " + (now - since) + " ms; giving up"
          + " (the last failure: " + failure.getMessage() + ")";
      throw new ShardUnreachableException(message, new IOException(message, failure));
    }
    sleep(backoffMs);
  }

  /** A connection got work done: the next failure starts a new outage. */
  void ended() {
    since = -1;
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
