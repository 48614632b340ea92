package io.spindle.local;

import io.spindle.client.SpindleCli;
import io.spindle.client.UsageException;
import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code spindle local [--nodes N] [--gpus-per-node N] [-D key=value ...] SUBCOMMAND ...}: runs the
 * subcommand on an embedded YARN + HDFS started in this process. Local input paths are copied into
 * the embedded HDFS first; outputs are copied back to the local path afterwards.
 */
public final class LocalMode {
  private static final Set<String> INPUTS = Set.of("--train", "--test", "--input", "--model");
  private static final Set<String> OUTPUTS = Set.of("--output");

  private final PrintStream out;
  private final PrintStream err;

  public LocalMode(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public int run(String[] args) throws Exception {
    int nodes = 2;
    int gpus = 0;
    int i = 0;
    for (; i < args.length && args[i].startsWith("--"); i += 2) {
      if (i + 1 >= args.length) {
        throw new UsageException(args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--nodes": nodes = parse(args[i], args[i + 1]); break;
        case "--gpus-per-node": gpus = parse(args[i], args[i + 1]); break;
        default: throw new UsageException("unknown local option " + args[i] + "; local takes --nodes N and --gpus-per-node N");
      }
    }
    if (i >= args.length) {
      throw new UsageException("name the subcommand to run: spindle local [--nodes N] [--gpus-per-node N] SUBCOMMAND ...");
    }
    File workDir = new File(System.getProperty("spindle.local.dir", "spindle-work"), "local-" + ProcessHandle.current().pid());
    out.println("Starting an embedded HDFS and YARN with " + nodes + " NodeManagers"
        + (gpus > 0 ? " of " + gpus + " GPUs each" : "") + " in " + workDir);
    List<String> held = new ArrayList<>();
    int status;
    try (LocalCluster cluster = LocalCluster.start(nodes, gpus, workDir)) {
      FileSystem fs = cluster.fs();
      List<String[]> copyBack = new ArrayList<>();
      String[] sub = Arrays.copyOfRange(args, i, args.length);
      for (int k = 0; k + 1 < sub.length; k++) {
        if (INPUTS.contains(sub[k]) && isLocal(sub[k + 1]) && new File(sub[k + 1]).exists()) {
          Path remote = new Path("/user/" + System.getProperty("user.name") + "/input/" + new File(sub[k + 1]).getName());
          fs.copyFromLocalFile(new Path(new File(sub[k + 1]).getAbsolutePath()), remote);
          if (sub[k + 1].contains("images-idx3")) {   // an IDX image file's labels travel with it
            String labels = io.spindle.ml.data.IdxFormat.labelsFor(sub[k + 1]);
            fs.copyFromLocalFile(new Path(new File(labels).getAbsolutePath()),
                new Path(remote.getParent(), new File(labels).getName()));
          }
          sub[k + 1] = fs.makeQualified(remote).toString();
        } else if (OUTPUTS.contains(sub[k]) && isLocal(sub[k + 1])) {
          Path remote = new Path("/user/" + System.getProperty("user.name") + "/output/" + new File(sub[k + 1]).getName());
          copyBack.add(new String[] {fs.makeQualified(remote).toString(), new File(sub[k + 1]).getAbsolutePath()});
          sub[k + 1] = fs.makeQualified(remote).toString();
        }
      }
      SpindleCli cli = new SpindleCli(out, err).withSummarySink(held::add);
      // Hadoop's generic options (-D, -conf) may come before the subcommand here too.
      status = ToolRunner.run(cluster.conf(), cli, sub);
      for (String[] pair : copyBack) {
        if (fs.exists(new Path(pair[0]))) {
          fs.copyToLocalFile(false, new Path(pair[0]), new Path(pair[1]), true);   // no .crc files
          out.println("Copied " + pair[0] + " to " + pair[1]);
        }
      }
    }
    held.forEach(out::println);
    return status;
  }

  private static boolean isLocal(String uri) {
    return !uri.contains("://") || uri.startsWith("file:");
  }

  private static int parse(String flag, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " must be an integer, got '" + value + "'");
    }
  }

}
