package io.spindle.container;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.ps.ShardUnreachableException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** When a worker that keeps failing to reach its shards gives up, and what starts the count again. */
class OutageTest {
  private static final long LIMIT_MS = 50;
  private static final ShardUnreachableException GONE =
      new ShardUnreachableException("shard h:1 hello: connection reset", new IOException("connection reset"));

  @Test
  void failuresOfOneShardMapPastTheLimitGiveUpNamingTheLastFailure() throws Exception {
    Outage outage = new Outage(1, LIMIT_MS);
    outage.failed(GONE, 3);
    Thread.sleep(LIMIT_MS + 20);
    ShardUnreachableException e = assertThrows(ShardUnreachableException.class, () -> outage.failed(GONE, 3));
    assertTrue(e.getMessage().contains("giving up") && e.getMessage().contains("connection reset"), e.getMessage());
  }

  /** A new shard map is a recovery: its shards get their own time, however long the wait for it was. */
  @Test
  void aNewShardMapStartsTheCountAgain() throws Exception {
    Outage outage = new Outage(1, LIMIT_MS);
    outage.failed(GONE, 3);
    Thread.sleep(LIMIT_MS + 20);
    assertDoesNotThrow(() -> outage.failed(GONE, 4));
    assertDoesNotThrow(() -> outage.failed(GONE, 4));
  }

  @Test
  void aCommittedClockEndsTheOutage() throws Exception {
    Outage outage = new Outage(1, LIMIT_MS);
    outage.failed(GONE, 3);
    Thread.sleep(LIMIT_MS + 20);
    outage.ended();
    assertDoesNotThrow(() -> outage.failed(GONE, 3));
  }
}
