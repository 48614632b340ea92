package io.spindle.ps;

/**
 * The attempt number a worker's connection gives the shards: its container's attempt, then which
 * of that container's connections it is. A worker that reconnects (a shard went away, a rollback)
 * supersedes its connection before on every shard, so a request of the old one still in flight,
 * queued behind a slow snapshot say, is refused as stale instead of landing in the clock the new
 * connection replays, where it would count twice.
 */
public final class WorkerAttempt {
  private static final int CONNECTION_BITS = 16;
  private static final int MAX_CONNECTION = (1 << CONNECTION_BITS) - 1;

  private WorkerAttempt() {}

  /** Ordered as the shards compare attempts: by container attempt, then by connection. */
  public static int of(int containerAttempt, int connection) {
    return containerAttempt << CONNECTION_BITS | Math.min(connection, MAX_CONNECTION);
  }

  /** For messages: "attempt 2" for a container's first connection, "attempt 2 (connection 3)" after. */
  static String describe(int attempt) {
    int connection = attempt & MAX_CONNECTION;
    return "attempt " + (attempt >>> CONNECTION_BITS) + (connection == 0 ? "" : " (connection " + connection + ")");
  }
}
