package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.ml.param.Consistency;
import io.spindle.thrift.JobSpec;
import io.spindle.thrift.ResourceSpec;
import io.spindle.thrift.Role;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.Resource;
import org.junit.jupiter.api.Test;

/** Asks no node can grant are refused before submission, naming what to lower. */
class ResourcesTest {
  private static final List<Resource> NODES = List.of(Resource.newInstance(65_536, 2), Resource.newInstance(8_192, 16));

  private static JobSpec asking(int workerMb, int workerVcores) {
    return new JobSpec("selftest", 1, 1, Consistency.bsp().toSpec(), new ResourceSpec(workerMb, workerVcores),
        new ResourceSpec(1024, 1));
  }

  @Test
  void anAskBeyondEveryNodeNamesTheLargest() {
    String refused = Resources.impossibleAsk(asking(100_000, 1), NODES);
    assertTrue(refused.contains("grants at most 65536 MB") && refused.contains("worker.memory-mb"), refused);
  }

  /** The memory on one node and the vcores on another: each part is granted somewhere, the whole nowhere. */
  @Test
  void anAskNoSingleNodeHasAllOfIsRefusedToo() {
    String refused = Resources.impossibleAsk(asking(32_768, 8), NODES);
    assertTrue(refused.startsWith("workers ask 32768 MB, 8 vcores each, and none of the cluster's 2 nodes has all"),
        refused);
    assertNull(Resources.impossibleAsk(asking(32_768, 2), NODES));
    assertNull(Resources.impossibleAsk(asking(8_192, 16), NODES));
  }

  /** The hosts a role's containers fit, for keeping failing hosts away without losing the only ones that fit. */
  @Test
  void eachRoleFitsTheHostsWithANodeLargeEnough() {
    Map<String, List<Resource>> nodesByHost = Map.of("big", List.of(NODES.get(0)), "wide", List.of(NODES.get(1)),
        "both", NODES);
    Map<Role, Set<String>> fitting = Resources.hostsFitting(asking(32_768, 2), nodesByHost);
    assertEquals(Set.of("big", "both"), fitting.get(Role.WORKER));
    assertEquals(Set.of("big", "wide", "both"), fitting.get(Role.SERVER));
  }
}
