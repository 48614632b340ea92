package io.spindle.client;

import io.spindle.ml.data.Synthetic;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code spindle generate}: seeded synthetic datasets whose true model is known, written to any
 * Hadoop file system, for benchmarks that need more rows than the reference datasets hold.
 * The same seeds give the same file.
 */
final class Generate {
  private Generate() {}

  static Options options() {
    Options options = new Options();
    options.addOption(JobOptions.value("rows", "N", "records to write"));
    options.addOption(JobOptions.value("output", "URI", "the file to write (must not exist)"));
    options.addOption(JobOptions.value("seed", "N", "seed of the true model (default 1)"));
    options.addOption(JobOptions.value("sample-seed", "N",
        "seed of the records drawn from it (default 2); a test set takes another one"));
    options.addOption(JobOptions.value("users", "N", "ratings: users (default 1000)"));
    options.addOption(JobOptions.value("items", "N", "ratings: items (default 500)"));
    options.addOption(JobOptions.value("rank", "N", "ratings: rank of the true model (default 5)"));
    options.addOption(JobOptions.value("noise", "X", "ratings: standard deviation of the noise, the RMSE floor (default 0.5)"));
    options.addOption(JobOptions.value("features", "N", "classification: hashed feature space (default 1048576)"));
    options.addOption(JobOptions.value("nonzeros", "N", "classification: features per record (default 20)"));
    options.addOption(JobOptions.flag("json", "print a JSON summary as the last line"));
    options.addOption(JobOptions.flag("help", "show this help"));
    return options;
  }

  /** Writes the dataset; returns the summary. */
  static Map<String, Object> run(CommandLine cmd, FileSystem fs) throws IOException {
    if (cmd.getArgList().size() != 1 || !(cmd.getArgList().get(0).equals("ratings")
        || cmd.getArgList().get(0).equals("classification"))) {
      throw new UsageException("say what to generate: 'spindle generate ratings ...' or 'spindle generate classification ...'");
    }
    String kind = cmd.getArgList().get(0);
    long rows = JobOptions.intOption(cmd, "rows", 0, 1);
    if (!cmd.hasOption("rows")) {
      throw new UsageException("--rows is required");
    }
    String output = JobOptions.absent(fs, JobOptions.required(cmd, "output", "generate"));
    long seed = JobOptions.intOption(cmd, "seed", 1, 0);
    long sampleSeed = JobOptions.intOption(cmd, "sample-seed", 2, 0);
    Map<String, Object> summary = new LinkedHashMap<>();
    // Every option is read before the output is created: a mistake leaves nothing behind.
    Dataset dataset;
    if (kind.equals("ratings")) {
      int users = JobOptions.intOption(cmd, "users", 1000, 1);
      int items = JobOptions.intOption(cmd, "items", 500, 1);
      int rank = JobOptions.intOption(cmd, "rank", 5, 1);
      double noise;
      try {
        noise = Double.parseDouble(cmd.getOptionValue("noise", "0.5"));
      } catch (NumberFormatException e) {
        throw new UsageException("--noise must be a number, got '" + cmd.getOptionValue("noise") + "'");
      }
      if (!(noise >= 0) || Double.isInfinite(noise)) {
        throw new UsageException("--noise is a standard deviation: at least 0, got " + cmd.getOptionValue("noise"));
      }
      trueModelFits(((long) users + items) * rank, "--users and --items times --rank");
      dataset = out -> Synthetic.ratings(out, users, items, rank, noise, rows, seed, sampleSeed);
      summary.put("train_with", "--format ratings --set users=" + users + " --set items=" + items);
      summary.put("rmse_floor", noise);
    } else {
      int features = JobOptions.intOption(cmd, "features", 1 << 20, 1);
      int nonZeros = JobOptions.intOption(cmd, "nonzeros", 20, 1);
      if (nonZeros > features) {
        throw new UsageException("--nonzeros " + nonZeros + " is more than --features " + features);
      }
      trueModelFits(features, "--features");
      dataset = out -> Synthetic.sparseClassification(out, features, nonZeros, rows, seed, sampleSeed);
      summary.put("train_with", "--format libsvm --features " + features);
    }
    write(new Path(output), fs, dataset);
    summary.put("final_status", "SUCCEEDED");
    summary.put("output", output);
    summary.put("rows", rows);
    return summary;
  }

  /** Writes what a dataset generates; a write that fails leaves no partial file to be mistaken for data. */
  private static void write(Path path, FileSystem fs, Dataset dataset) throws IOException {
    FileSystem owner = path.getFileSystem(fs.getConf());
    try (Writer out = new BufferedWriter(new OutputStreamWriter(owner.create(path, false), StandardCharsets.UTF_8),
        1 << 20)) {
      dataset.write(out);
    } catch (IOException | RuntimeException | Error e) {   // out of memory too
      owner.delete(path, false);
      throw e;
    }
  }

  /** The true model (factors, or weights) is held in memory, as doubles, while the records are drawn. */
  private static void trueModelFits(long values, String flags) {
    long bytes = values * Double.BYTES;
    long room = Runtime.getRuntime().maxMemory() / 2;
    if (values > io.spindle.ml.param.ArraySizes.MAX || bytes > room) {
      throw new UsageException(flags + " make a true model of " + values + " values (" + (bytes >> 20) + " MB), more"
          + " than this JVM gives it (" + (room >> 20) + " MB, half its memory); ask for a smaller one");
    }
  }

  /** Records to write, once every option is known to be good. */
  private interface Dataset {
    void write(Writer out) throws IOException;
  }
}
