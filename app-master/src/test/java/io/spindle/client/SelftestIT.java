package io.spindle.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spindle.local.LocalCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import io.spindle.local.SharedCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real path on an embedded cluster (2 NodeManagers advertising 2 yarn.io/gpu each): the
 * client submits, the ApplicationMaster negotiates containers, shards and workers register over
 * Thrift, and the job's outcome comes back to the client. Judged by the summary the AM wrote.
 */
class SelftestIT {
  private static LocalCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = SharedCluster.get();
  }

  @Test
  void sspSelftestSurvivesAWorkerCrashAndStaysExact() throws Exception {
    CliRun run = CliRun.run(cluster.conf(), "selftest", "--workers", "2", "--servers", "2", "--staleness", "2",
        "--clocks", "12", "--kill", "worker:1@5", "--json");
    assertEquals(ExitCodes.SUCCEEDED, run.status, run.toString());
    JsonNode summary = run.summary();
    assertEquals("SUCCEEDED", summary.get("final_status").asText());
    assertTrue(summary.get("exact").asBoolean(), run.toString());
    assertTrue(summary.get("application_id").asText().startsWith("application_"));
    JsonNode workers = summary.get("attempts").get("worker");
    assertEquals(3, workers.get("launched").asInt(), run.toString());
    assertEquals(1, workers.get("failed").asInt(), run.toString());
    assertEquals(1, workers.get("relaunched").asInt(), run.toString());
    assertEquals(2, summary.get("attempts").get("server").get("launched").asInt());
    assertEquals(0.0, summary.get("metrics").get("bound_violations").asDouble());
    assertTrue(summary.get("metrics").get("bytes_pushed").asDouble() > 0, run.toString());
    // Sum-of-ones names the same sparse keys every clock: after the first, as their key set.
    assertTrue(summary.get("metrics").get("bytes_keys_not_sent").asDouble() > 0, run.toString());
    // Start-up milestones, in seconds since submission, happen in order and before the end.
    double previous = 0;
    for (String milestone : new String[] {"am_started", "am_registered", "containers_allocated", "containers_launched",
        "tasks_registered", "first_clock"}) {
      double at = summary.get("startup").get(milestone).asDouble();
      assertTrue(at >= previous && at <= summary.get("elapsed_seconds").asDouble(), milestone + " in " + summary);
      previous = at;
    }
  }

  @Test
  void aKilledShardIsRelaunchedAndEveryoneResumesFromTheLastCheckpointExactly() throws Exception {
    int rolledBackTo = exactWithOneShardRelaunched("--staleness", "1", "--clocks", "16",
        "--set", "checkpoint-every=4", "--kill", "server:1@9");
    // The start, or a checkpoint below the crash that every shard had written by then.
    assertTrue(rolledBackTo % 4 == 0 && rolledBackTo < 9, "rolled back to clock " + rolledBackTo);
  }

  /**
   * Checkpoints every second instead of every so many clocks: the coordinator names the clocks,
   * the shards snapshot there while the workers run on, and a shard killed late in the run
   * rolls everyone back to one of them (not to the start), still exactly.
   */
  @Test
  void timeBasedCheckpointsServeARecoveryExactly() throws Exception {
    int rolledBackTo = exactWithOneShardRelaunched("--staleness", "2", "--clocks", "2000",
        "--set", "checkpoint-seconds=1", "--kill", "server:0@1600");
    assertTrue(rolledBackTo > 0 && rolledBackTo < 1600, "a time-based checkpoint below the crash, got " + rolledBackTo);
  }

  /** Runs a 2-worker, 2-shard selftest that must end exact after one shard relaunch; returns the rollback clock. */
  private static int exactWithOneShardRelaunched(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("selftest", "--workers", "2", "--servers", "2", "--json"));
    command.addAll(List.of(args));
    CliRun run = CliRun.run(cluster.conf(), command.toArray(new String[0]));
    assertEquals(ExitCodes.SUCCEEDED, run.status, run.toString());
    JsonNode summary = run.summary();
    assertTrue(summary.get("exact").asBoolean(), run.toString());
    assertEquals(1, summary.get("attempts").get("server").get("relaunched").asInt(), run.toString());
    return summary.get("metrics").get("rolled_back_to_clock").asInt();
  }

  @Test
  void aWorkerAndAShardKilledInOneRunStillGiveTheExactResult() throws Exception {
    CliRun run = CliRun.run(cluster.conf(), "selftest", "--workers", "2", "--servers", "2", "--staleness", "2",
        "--clocks", "16", "--set", "checkpoint-every=3", "--kill", "worker:0@4", "--kill", "server:0@11", "--json");
    assertEquals(ExitCodes.SUCCEEDED, run.status, run.toString());
    JsonNode attempts = run.summary().get("attempts");
    assertTrue(run.summary().get("exact").asBoolean(), run.toString());
    assertEquals(1, attempts.get("worker").get("relaunched").asInt(), run.toString());
    assertEquals(1, attempts.get("server").get("relaunched").asInt(), run.toString());
  }

  /** Frozen, not dead: the process lives on, silent; the heartbeat timeout finds and replaces it. */
  @Test
  void aFrozenWorkerIsDetectedAndReplaced() throws Exception {
    CliRun run = CliRun.run(cluster.conf(), "selftest", "--workers", "2", "--clocks", "12",
        "--set", "heartbeat-timeout-ms=4000", "--freeze", "worker:1@5", "--json");
    assertEquals(ExitCodes.SUCCEEDED, run.status, run.toString());
    assertTrue(run.summary().get("exact").asBoolean(), run.toString());
    assertEquals(1, run.summary().get("attempts").get("worker").get("relaunched").asInt(), run.toString());
  }

  /** As an Oozie java action would run it: blocking, and with the outcome captured for the workflow. */
  @Test
  void asyncWorkersAskingOneGpuEachGetItAndTheOutcomeIsCapturedForOozie() throws Exception {
    Properties props = new Properties();
    CliRun run = CliRun.underOozie(props, cluster.conf(), "selftest", "--workers", "2", "--staleness", "async",
        "--gpus-per-worker", "1", "--json");
    assertEquals(run.summary().get("application_id").asText(), props.getProperty(OozieOutput.APPLICATION_ID));
    assertEquals("SUCCEEDED", props.getProperty(OozieOutput.FINAL_STATUS));
    assertEquals(ExitCodes.SUCCEEDED, run.status, run.toString());
    JsonNode summary = run.summary();
    assertTrue(summary.get("exact").asBoolean(), run.toString());
    assertEquals(1, summary.get("gpus").get("worker 0").asInt(), run.toString());
    assertEquals(1, summary.get("gpus").get("worker 1").asInt(), run.toString());
  }

  @Test
  void aDetachedJobCanBeFollowedWithStatusAndKilled() throws Exception {
    CliRun detached = CliRun.run(cluster.conf(), "selftest", "--clocks", "100000", "--detach", "--json");
    assertEquals(ExitCodes.SUCCEEDED, detached.status, detached.toString());
    String id = detached.summary().get("application_id").asText();
    CliRun status = CliRun.run(cluster.conf(), "status", id, "--json");
    assertEquals(ExitCodes.SUCCEEDED, status.status, status.toString());
    assertEquals(id, status.summary().get("application_id").asText());
    CliRun kill = CliRun.run(cluster.conf(), "kill", id);
    assertEquals(ExitCodes.SUCCEEDED, kill.status, kill.toString());
    String state = "";
    for (int i = 0; i < 40 && !state.equals("KILLED"); i++) {
      Thread.sleep(250);
      state = CliRun.run(cluster.conf(), "status", id, "--json").summary().get("state").asText();
    }
    assertEquals("KILLED", state);

    // An id of the right shape that this ResourceManager never gave out: the message says so.
    String unknown = id.replaceFirst("_\\d+$", "_9999");
    for (String sub : new String[] {"status", "kill"}) {
      CliRun run = CliRun.run(cluster.conf(), sub, unknown);
      assertEquals(ExitCodes.USAGE, run.status, run.toString());
      assertTrue(run.err.contains("knows no application " + unknown), run.toString());
    }
  }

  /**
   * Each worker fits a node, but the two 8-vcore nodes hold at most three 4-vcore workers beside
   * the ApplicationMaster and the shard: the fourth is never granted, and the job fails after the
   * allocation timeout naming what to change, instead of holding the others at a barrier for ever.
   */
  @Test
  void aJobTheClusterCanOnlyPartlyPlaceFailsAfterTheAllocationTimeout() throws Exception {
    CliRun run = CliRun.run(cluster.conf(), "selftest", "--workers", "4", "--set", "worker.vcores=4",
        "--set", "allocation-timeout-s=3", "--json");
    assertEquals(ExitCodes.JOB_FAILED, run.status, run.toString());
    String message = run.summary().get("message").asText();
    assertTrue(message.matches("(?s).*[23] of 4 workers.*"), message);
    assertTrue(message.contains("worker.vcores") && message.contains("allocation-timeout-s"), message);
  }

  @Test
  void askingMoreGpusThanAnyNodeHasFailsFastNamingTheFlag() {
    CliRun run = CliRun.run(cluster.conf(), "selftest", "--gpus-per-worker", "3", "--json");
    assertEquals(ExitCodes.CLUSTER, run.status, run.toString());
    assertTrue(run.err.contains("--gpus-per-worker"), run.err);
    assertTrue(run.err.contains("at most 2"), run.err);
    assertTrue(run.elapsedMs < 15_000, "took " + run.elapsedMs + " ms");
  }

  @Test
  void askingMoreMemoryThanAnyNodeHasFailsFastNamingTheSetting() {
    CliRun run = CliRun.run(cluster.conf(), "selftest", "--set", "worker.memory-mb=100000");
    assertEquals(ExitCodes.CLUSTER, run.status, run.toString());
    assertTrue(run.err.contains("worker.memory-mb"), run.err);
    CliRun master = CliRun.run(cluster.conf(), "selftest", "--set", "am.memory-mb=100000");
    assertEquals(ExitCodes.CLUSTER, master.status, master.toString());
    assertTrue(master.err.contains("the ApplicationMaster asks 100000 MB") && master.err.contains("am.memory-mb"),
        master.err);
  }
}
