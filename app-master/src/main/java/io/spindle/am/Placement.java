package io.spindle.am;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * Where each worker would rather run: on the hosts that hold the blocks of the splits it will
 * read (worker w reads splits w, w + W, w + 2W, ... as SplitReader assigns them), hosts holding
 * more of its bytes first. Requests name these nodes with relaxed locality, so YARN falls back
 * to the rack and then to any node.
 */
public final class Placement {
  private static final int MAX_HOSTS = 3;

  private Placement() {}

  public static List<List<String>> preferredHosts(List<FileSplit> splits, int workers) throws IOException {
    List<List<String>> out = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      Map<String, Long> bytes = new HashMap<>();
      for (int i = w; i < splits.size(); i += workers) {
        for (String host : splits.get(i).getLocations()) {
          if (!host.isEmpty()) {
            bytes.merge(host, splits.get(i).getLength(), Long::sum);
          }
        }
      }
      List<String> hosts = new ArrayList<>(bytes.keySet());
      hosts.sort((a, b) -> bytes.get(b).equals(bytes.get(a)) ? a.compareTo(b) : Long.compare(bytes.get(b), bytes.get(a)));
      out.add(hosts.subList(0, Math.min(MAX_HOSTS, hosts.size())));
    }
    return out;
  }
}
