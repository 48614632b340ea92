package io.spindle.container;

import io.spindle.ml.param.Consistency;
import io.spindle.ps.Partitioner;
import io.spindle.ps.PsClient;
import io.spindle.ps.Shard;
import io.spindle.ps.ShardApi;
import io.spindle.ps.ShardService;
import io.spindle.ps.ThriftShardStub;
import io.spindle.rpc.ThriftServer;
import io.spindle.selftest.SumOfOnes;
import io.spindle.thrift.Endpoint;
import io.spindle.thrift.JobSpec;
import io.spindle.thrift.ParameterServer;
import io.spindle.thrift.Role;
import io.spindle.thrift.TaskId;
import io.spindle.thrift.TaskResult;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a container runs: a parameter-server shard or a worker. The ApplicationMaster starts it as
 * {@code ContainerMain --role server|worker --index I --attempt A --coordinator HOST:PORT}.
 * It registers with the coordinator, takes the JobSpec from it, and exits 0 only when its part
 * of the job is done.
 */
public final class ContainerMain {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerMain.class);
  private static final long HEARTBEAT_MS = 1_000;

  private ContainerMain() {}

  public static void main(String[] args) {
    int status;
    try {
      status = run(Args.parse(args));
    } catch (Throwable t) {
      LOG.error("Container failed", t);
      status = 1;
    }
    System.exit(status);
  }

  static int run(Args args) throws Exception {
    TaskId task = new TaskId(args.role, args.index, args.attempt);
    try (CoordinatorClient coordinator = new CoordinatorClient(args.coordinatorHost, args.coordinatorPort, task)) {
      JobSpec spec = coordinator.jobSpec();
      LOG.info("{} {} attempt {} of job '{}' ({})", args.role, args.index, args.attempt, spec.getName(), spec.getCommand());
      return args.role == Role.SERVER ? serve(spec, coordinator) : work(spec, coordinator);
    }
  }

  private static int serve(JobSpec spec, CoordinatorClient coordinator) throws InterruptedException {
    TaskId task = coordinator.task();
    Partitioner partitioner = new Partitioner(spec.getTables(), spec.getServers());
    Shard shard = new Shard(task.getIndex(), partitioner, spec.getWorkers(), Consistency.fromSpec(spec.getConsistency()));
    Faults faults = new Faults(spec, task);
    try (ThriftServer server = ThriftServer.start(new ParameterServer.Processor<>(new ShardService(shard)),
        spec.getMaxFrameBytes(), "shard-" + task.getIndex())) {
      coordinator.register(hostName(), server.port());
      while (!coordinator.shouldStop()) {
        faults.atClock(shard.minClock());
        coordinator.heartbeat(shard.minClock(), Map.of());
        Thread.sleep(HEARTBEAT_MS / 2);
      }
    } finally {
      shard.close();
    }
    LOG.info("Shard {} stopping: the job is over", task.getIndex());
    return 0;
  }

  private static int work(JobSpec spec, CoordinatorClient coordinator) throws java.io.IOException {
    TaskId task = coordinator.task();
    coordinator.register(hostName(), 0);
    List<Endpoint> endpoints = coordinator.awaitShardMap().getShards();
    List<ShardApi> shards = new ArrayList<>();
    ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "heartbeat");
      t.setDaemon(true);
      return t;
    });
    try {
      for (Endpoint e : endpoints) {
        shards.add(new ThriftShardStub(e.getHost(), e.getPort(), spec.getMaxFrameBytes(),
            (int) PsClient.WAIT_SLICE_MS + 60_000));
      }
      Partitioner partitioner = new Partitioner(spec.getTables(), spec.getServers());
      // A quarter of the frame for values leaves room for keys and framing.
      int maxFloats = spec.getMaxFrameBytes() / Float.BYTES / 4;
      try (PsClient ps = new PsClient(task.getIndex(), task.getAttempt(), partitioner, shards,
          Consistency.fromSpec(spec.getConsistency()), maxFloats)) {
        int resumeAt = ps.start();
        LOG.info("Worker {} attempt {} starts at clock {} under {}", task.getIndex(), task.getAttempt(), resumeAt,
            ps.consistency());
        Map<String, Double> live = new java.util.concurrent.ConcurrentHashMap<>();
        heartbeats.scheduleAtFixedRate(() -> beat(coordinator, ps, live), 0, HEARTBEAT_MS, TimeUnit.MILLISECONDS);
        TaskResult result;
        try {
          result = runJob(spec, task, ps, new Faults(spec, task), live);
        } catch (IllegalArgumentException e) {
          // Bad input or settings: another attempt would fail the same way, so report, do not crash.
          LOG.error("Worker {} cannot go on: {}", task.getIndex(), e.getMessage());
          result = new TaskResult(false).setMessage(e.getMessage());
        }
        heartbeats.shutdownNow();
        coordinator.complete(result);
        return 0;
      }
    } finally {
      heartbeats.shutdownNow();
      shards.forEach(ShardApi::close);
    }
  }

  private static TaskResult runJob(JobSpec spec, TaskId task, PsClient ps, Faults faults, Map<String, Double> live)
      throws java.io.IOException {
    if (spec.getCommand().equals("train")) {
      return TrainTask.run(spec, task, ps, faults, live);
    }
    if (!spec.getCommand().equals("selftest")) {
      throw new IllegalArgumentException("this container does not know command '" + spec.getCommand() + "'");
    }
    SumOfOnes.Outcome outcome = SumOfOnes.standard(spec.getWorkers(), spec.getClocks()).run(ps, faults::atClock);
    Map<String, Double> metrics = new HashMap<>();
    metrics.put("bound_violations", (double) outcome.boundViolations);
    metrics.put("cache_hits", (double) ps.cacheHits());
    TaskResult result = new TaskResult(true).setExact(outcome.exact).setMetrics(metrics);
    if (outcome.firstProblem != null) {
      result.setMessage(outcome.firstProblem);
    }
    return result;
  }

  private static void beat(CoordinatorClient coordinator, PsClient ps, Map<String, Double> live) {
    try {
      coordinator.heartbeat(ps.currentClock(), new HashMap<>(live));
    } catch (RuntimeException e) {
      LOG.warn("Heartbeat failed: {}", e.getMessage());
    }
  }

  /** The host name other containers reach this one by. */
  public static String hostName() {
    String nmHost = System.getenv("NM_HOST");
    if (nmHost != null && !nmHost.isEmpty()) {
      return nmHost;
    }
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }

  /** The container's command line, written only by the ApplicationMaster. */
  static final class Args {
    Role role;
    int index;
    int attempt;
    String coordinatorHost;
    int coordinatorPort;

    static Args parse(String[] argv) {
      Args a = new Args();
      for (int i = 0; i + 1 < argv.length; i += 2) {
        String value = argv[i + 1];
        switch (argv[i]) {
          case "--role": a.role = Role.valueOf(value.toUpperCase(java.util.Locale.ROOT)); break;
          case "--index": a.index = Integer.parseInt(value); break;
          case "--attempt": a.attempt = Integer.parseInt(value); break;
          case "--coordinator":
            int colon = value.lastIndexOf(':');
            a.coordinatorHost = value.substring(0, colon);
            a.coordinatorPort = Integer.parseInt(value.substring(colon + 1));
            break;
          default: throw new IllegalArgumentException("unknown container argument " + argv[i]);
        }
      }
      if (a.role == null || a.coordinatorHost == null) {
        throw new IllegalArgumentException("usage: ContainerMain --role server|worker --index I --attempt A --coordinator HOST:PORT");
      }
      return a;
    }
  }
}
