package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.junit.jupiter.api.Test;

class PlacementTest {
  private static FileSplit split(long length, String... hosts) {
    return new FileSplit(new Path("/data/x"), 0, length, hosts);
  }

  @Test
  void eachWorkerPrefersTheHostsHoldingMostOfItsSplits() throws Exception {
    List<FileSplit> splits = List.of(
        split(100, "a", "b"),     // worker 0
        split(100, "c"),          // worker 1
        split(300, "b", "d"),     // worker 0
        split(50, "c", "a"));     // worker 1
    List<List<String>> hosts = Placement.preferredHosts(splits, 2);
    assertEquals(List.of("b", "d", "a"), hosts.get(0));
    assertEquals(List.of("c", "a"), hosts.get(1));
  }

  @Test
  void aWorkerWithoutSplitsHasNoPreference() throws Exception {
    assertEquals(List.of(List.of("a"), List.of()), Placement.preferredHosts(List.of(split(10, "a")), 2));
  }
}
