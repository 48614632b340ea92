package io.spindle.local;

import io.spindle.client.UsageException;
import io.spindle.ml.data.IdxFormat;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Moves a subcommand's local paths to and from the embedded cluster's file system: inputs are
 * copied in before the job (each at its own absolute path under the home directory's
 * {@code local/}, so two inputs with one file name stay apart), outputs are copied back after it
 * if it succeeded. An output that exists locally
 * is refused before anything starts, as the job refuses an existing output on its own file
 * system; so a failed job's partial output (a model's checkpoints, which local cannot resume
 * from) stays behind, and the same command can run again.
 */
final class Staging {
  private static final Set<String> INPUTS = Set.of("--train", "--test", "--input", "--model");
  private static final Set<String> OUTPUTS = Set.of("--output");

  private final String[] args;
  private final List<Path[]> copyBack = new ArrayList<>();   // {remote, local}

  /** Checks {@code given} (the subcommand's arguments) before any cluster starts. */
  Staging(String[] given) {
    this.args = separated(given);
    for (int k = 0; k < args.length; k++) {
      if (args[k].equals("--detach")) {
        throw new UsageException("--detach cannot be used with local: the embedded cluster lives only as long as"
            + " this command, and the job with it; drop --detach");
      }
      if (args[k].equals("--resume")) {
        throw new UsageException("--resume cannot be used with local: the embedded cluster, and the checkpoints on"
            + " it, end with each command; rerun the job into a new --output");
      }
      // The embedded file system starts empty: a local path is the only place an input can be.
      if (INPUTS.contains(args[k]) && k + 1 < args.length && isLocal(args[k + 1])
          && !localFile(args[k + 1]).exists()) {
        throw new UsageException(args[k] + " " + args[k + 1] + " does not exist");
      }
      if (OUTPUTS.contains(args[k]) && k + 1 < args.length && isLocal(args[k + 1])
          && localFile(args[k + 1]).exists()) {
        throw new UsageException(args[k] + " " + args[k + 1] + " already exists and is never overwritten: remove it"
            + " or name another path");
      }
    }
  }

  /** Copies the local inputs into {@code fs} under {@code home} and returns the arguments naming them there. */
  String[] stageIn(FileSystem fs, Path home) throws IOException {
    String[] staged = args.clone();
    for (int k = 0; k + 1 < staged.length; k++) {
      String value = staged[k + 1];
      if (!isLocal(value)) {
        continue;
      }
      File local = localFile(value);
      if (INPUTS.contains(staged[k]) && local.exists()) {
        Path remote = mirror(home, local);
        fs.copyFromLocalFile(new Path(local.getAbsolutePath()), remote);
        if (local.getName().contains("images-idx3")) {   // an IDX image file's labels travel with it
          File labels = new File(IdxFormat.labelsFor(local.getPath()));
          if (!labels.exists()) {
            throw new UsageException(staged[k] + " " + value + " is an IDX image file whose labels " + labels
                + " are missing; put them beside it");
          }
          fs.copyFromLocalFile(new Path(labels.getAbsolutePath()), new Path(remote.getParent(), labels.getName()));
        }
        staged[k + 1] = fs.makeQualified(remote).toString();
      } else if (OUTPUTS.contains(staged[k])) {
        Path remote = fs.makeQualified(mirror(home, local));
        if (copyBack.stream().noneMatch(pair -> pair[0].equals(remote))) {   // a flag repeated: copied back once
          copyBack.add(new Path[] {remote, new Path(local.getAbsolutePath())});
        }
        staged[k + 1] = remote.toString();
      }
    }
    return staged;
  }

  /** The arguments with each {@code --flag=value} as {@code --flag value}, the form the paths are looked for in. */
  private static String[] separated(String[] args) {
    List<String> out = new ArrayList<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 2) {
        out.add(arg.substring(0, eq));
        out.add(arg.substring(eq + 1));
      } else {
        out.add(arg);
      }
    }
    return out.toArray(new String[0]);
  }

  /** The local paths the outputs are copied back to. */
  List<String> localOutputs() {
    List<String> paths = new ArrayList<>();
    copyBack.forEach(pair -> paths.add(pair[1].toUri().getPath()));
    return paths;
  }

  /** Copies each output the job wrote back to its local path. */
  void stageOut(FileSystem fs, PrintStream out) throws IOException {
    for (Path[] pair : copyBack) {
      if (fs.exists(pair[0])) {
        fs.copyToLocalFile(false, pair[0], pair[1], true);   // no .crc files
        out.println("Copied " + pair[0] + " to " + pair[1]);
      }
    }
  }

  /**
   * Where a local path lives in the cluster: under {@code home}/local, at its own absolute path,
   * so that a message naming the copy (a bad record's file) names the user's file too.
   */
  private static Path mirror(Path home, File local) {
    return new Path(home, "local" + new Path(local.getAbsoluteFile().toURI()).toUri().getPath());
  }

  private static boolean isLocal(String uri) {
    return !uri.contains("://") || uri.startsWith("file:");
  }

  private static File localFile(String uri) {
    return uri.startsWith("file:") ? new File(new Path(uri).toUri().getPath()) : new File(uri);
  }
}
