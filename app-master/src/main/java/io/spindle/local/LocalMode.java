package io.spindle.local;

import io.spindle.client.ExitCodes;
import io.spindle.client.SpindleCli;
import io.spindle.client.UsageException;
import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code spindle local [--nodes N] [--gpus-per-node N] [-D key=value ...] SUBCOMMAND ...}: runs the
 * subcommand on an embedded YARN + HDFS started in this process. Local input paths are copied into
 * the embedded HDFS first; outputs are copied back to the local path when the job succeeds.
 */
public final class LocalMode {
  static final String USAGE = "spindle local [--nodes N] [--gpus-per-node N] [-D key=value ...] SUBCOMMAND ...";

  private final PrintStream out;
  private final PrintStream err;

  public LocalMode(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public int run(String[] args) throws Exception {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.println(USAGE);
      out.println("Local paths given to --train, --test, --input and --model are copied into the embedded HDFS;"
          + " --output is copied back to its local path (which must not exist) when the job succeeds.");
      return ExitCodes.SUCCEEDED;
    }
    int nodes = 2;
    int gpus = 0;
    int i = 0;
    for (; i < args.length && args[i].startsWith("--"); i += 2) {
      if (i + 1 >= args.length) {
        throw new UsageException(args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--nodes": nodes = parse(args[i], args[i + 1], 1); break;
        case "--gpus-per-node": gpus = parse(args[i], args[i + 1], 0); break;
        default: throw new UsageException("unknown local option " + args[i] + "; local takes --nodes N and --gpus-per-node N");
      }
    }
    if (i >= args.length) {
      throw new UsageException("name the subcommand to run: " + USAGE);
    }
    String[] subcommand = Arrays.copyOfRange(args, i, args.length);
    if (Arrays.asList(subcommand).contains("--help") || Arrays.asList(subcommand).contains("-h")) {
      return ToolRunner.run(new org.apache.hadoop.conf.Configuration(), new SpindleCli(out, err), subcommand);   // no cluster needed
    }
    SpindleCli.checkFlags(subcommand);   // a wrong flag is found before a cluster starts, not after
    Staging staging = new Staging(subcommand);
    File workDir = new File(System.getProperty("spindle.local.dir", "spindle-work"), "local-" + ProcessHandle.current().pid());
    out.println("Starting an embedded HDFS and YARN with " + nodes + " NodeManagers"
        + (gpus > 0 ? " of " + gpus + " GPUs each" : "") + " in " + workDir);
    List<String> held = new ArrayList<>();
    int status;
    try (LocalCluster cluster = LocalCluster.start(nodes, gpus, workDir)) {
      SpindleCli cli = new SpindleCli(out, err).withSummarySink(held::add);
      // Hadoop's generic options (-D, -conf) may come before the subcommand here too.
      status = ToolRunner.run(cluster.conf(), cli, staging.stageIn(cluster.fs(),
          new org.apache.hadoop.fs.Path("/user/" + System.getProperty("user.name"))));
      if (status == ExitCodes.SUCCEEDED) {
        staging.stageOut(cluster.fs(), out);
      } else if (!staging.localOutputs().isEmpty()) {
        err.println("The job did not succeed, so nothing was copied to " + String.join(", ", staging.localOutputs())
            + "; the same command can run again");
      }
    }
    held.forEach(out::println);
    return status;
  }

  private static int parse(String flag, String value, int least) {
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " must be an integer, got '" + value + "'");
    }
    if (n < least) {
      throw new UsageException(flag + " must be at least " + least + ", got " + n);
    }
    return n;
  }

}
