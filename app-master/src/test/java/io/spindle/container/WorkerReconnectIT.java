package io.spindle.container;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.am.CoordinatorService;
import io.spindle.ml.param.Consistency;
import io.spindle.ps.Partitioner;
import io.spindle.ps.Shard;
import io.spindle.ps.ShardService;
import io.spindle.ps.ShardUnreachableException;
import io.spindle.rpc.ThriftServer;
import io.spindle.selftest.SumOfOnes;
import io.spindle.thrift.Coordinator;
import io.spindle.thrift.Endpoint;
import io.spindle.thrift.JobSpec;
import io.spindle.thrift.ParameterServer;
import io.spindle.thrift.ResourceSpec;
import io.spindle.thrift.Role;
import io.spindle.thrift.TableKind;
import io.spindle.thrift.TableSpec;
import io.spindle.thrift.TaskId;
import io.spindle.thrift.TaskResult;
import io.spindle.thrift.UpdateRuleKind;
import io.spindle.thrift.UpdateRuleSpec;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A worker whose shard accepts connections and fails every call (a hung shard process with its
 * port open, or another process on the port it left) backs off between reconnections and gives
 * up once none has committed a clock for its limit, instead of reconnecting for ever: opening a
 * connection is not progress. Lives in the worker's package, beside the ApplicationMaster's
 * coordinator, which the worker asks for the shard map over Thrift as in a job.
 */
class WorkerReconnectIT {
  private static final TaskId SHARD = new TaskId(Role.SERVER, 0, 0);
  private static final TaskId WORKER = new TaskId(Role.WORKER, 0, 0);
  private static final long BACKOFF_MS = 100;
  private static final long GIVE_UP_MS = 1_000;

  @Test
  void aShardThatAcceptsButNeverAnswersIsGivenUpOnAfterTheLimitWithBackoffBetweenTries() throws Exception {
    JobSpec spec = new JobSpec("train", 1, 1, Consistency.bsp().toSpec(), new ResourceSpec(128, 1),
        new ResourceSpec(128, 1))
        .setTables(List.of(new TableSpec(0, "weights", TableKind.DENSE, new UpdateRuleSpec(UpdateRuleKind.ADD))
            .setRows(4).setColumns(1)));
    CoordinatorService coordinator = new CoordinatorService(spec, System::currentTimeMillis);
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket hangUp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
         ThriftServer coordinatorServer = ThriftServer.start(new Coordinator.Processor<>(coordinator), 1 << 20,
             "coordinator")) {
      Thread acceptor = new Thread(() -> hangUpOnEach(hangUp, connections));
      acceptor.setDaemon(true);
      acceptor.start();
      coordinator.launched(SHARD);
      coordinator.launched(WORKER);
      coordinator.register(SHARD, new Endpoint("127.0.0.1", hangUp.getLocalPort()));
      coordinator.restored(SHARD, coordinator.recovery(SHARD).getGeneration(), true, "");

      try (CoordinatorClient client = new CoordinatorClient("127.0.0.1", coordinatorServer.port(), WORKER)) {
        WorkerProcess worker = new WorkerProcess(spec, client, BACKOFF_MS, GIVE_UP_MS);
        long start = System.nanoTime();
        ShardUnreachableException e = assertTimeoutPreemptively(
            Duration.ofSeconds(30), () -> assertThrows(ShardUnreachableException.class, () -> worker.runToEnd(null)),
            "the worker reconnected for ever");
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertTrue(e.getMessage().contains("giving up"), e.getMessage());
        assertTrue(tookMs >= GIVE_UP_MS, "gave up after " + tookMs + " ms, before the limit");
        int tries = connections.get();
        assertTrue(tries >= 2 && tries <= GIVE_UP_MS / BACKOFF_MS + 3,
            tries + " connections in " + tookMs + " ms: no backoff between them");
      }
    }
  }

  /**
   * A worker that reconnected during its run (the shards went back to a checkpoint) and runs
   * again after a later recovery connects as a newer attempt than any before: the shards that
   * stayed up still hold its last connection's attempt, and would refuse an older one as stale.
   */
  @Test
  void aWorkerRunningAgainAfterALateRecoveryIsNeverTakenForAStaleAttempt() throws Exception {
    int clocks = 4;
    SumOfOnes job = SumOfOnes.standard(1, clocks);
    JobSpec spec = new JobSpec("selftest", 1, 1, Consistency.bsp().toSpec(), new ResourceSpec(128, 1),
        new ResourceSpec(128, 1)).setClocks(clocks).setTables(job.tables());
    CoordinatorService coordinator = new CoordinatorService(spec, System::currentTimeMillis);
    Shard shard = new Shard(0, new Partitioner(spec.getTables(), 1), 1, Consistency.bsp());
    boolean[] rolledBack = {false};
    shard.onMinClock(clock -> {   // under the shard's lock: the run's first rollback, mid-run
      if (clock == 2 && !rolledBack[0]) {
        rolledBack[0] = true;
        restoreToStart(shard);
      }
    });
    try (ThriftServer shardServer = ThriftServer.start(new ParameterServer.Processor<>(new ShardService(shard, 1 << 20)),
             1 << 20, "shard-0");
         ThriftServer coordinatorServer = ThriftServer.start(new Coordinator.Processor<>(coordinator), 1 << 20,
             "coordinator");
         CoordinatorClient client = new CoordinatorClient("127.0.0.1", coordinatorServer.port(), WORKER)) {
      coordinator.launched(SHARD);
      coordinator.launched(WORKER);
      coordinator.register(SHARD, new Endpoint("127.0.0.1", shardServer.port()));
      coordinator.restored(SHARD, coordinator.recovery(SHARD).getGeneration(), true, "");
      WorkerProcess worker = new WorkerProcess(spec, client, BACKOFF_MS, GIVE_UP_MS);
      WorkerJob selftest = WorkerJob.create(spec, WORKER, new java.util.HashMap<>());

      assertTrue(worker.runToEnd(selftest).isExact(), "the first run, rolled back once midway");
      assertTrue(rolledBack[0], "the drill rolled the shard back");
      restoreToStart(shard);   // a recovery after the worker finished: it must run again
      TaskResult again = worker.runToEnd(selftest);
      assertTrue(again.isExact(), again.toString());
    }
  }

  private static void restoreToStart(Shard shard) {
    try {
      shard.restore(0, null, 0);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Accepts each connection and closes it at once: every call on it fails as a shard gone away. */
  private static void hangUpOnEach(ServerSocket listener, AtomicInteger connections) {
    try {
      while (true) {
        try (Socket ignored = listener.accept()) {
          connections.incrementAndGet();
        }
      }
    } catch (java.io.IOException closed) {
      // the test is over
    }
  }
}
