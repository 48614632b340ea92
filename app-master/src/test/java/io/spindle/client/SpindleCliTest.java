package io.spindle.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line mistakes are caught before anything is submitted, with the flag named. */
class SpindleCliTest {
  private static final Configuration CONF = new Configuration(false);
  @TempDir
  static File inputs;
  /** A file of one record: input that exists and holds data. */
  private static String data;
  private static String empty;
  /** Text under an IDX image file's name, its labels beside it. */
  private static String notIdx;

  @BeforeAll
  static void writeInputs() throws IOException {
    data = Files.writeString(new File(inputs, "one.libsvm").toPath(), "1 1:1\n").toString();
    File emptyDir = new File(inputs, "empty");
    assertTrue(emptyDir.mkdir());
    Files.writeString(new File(emptyDir, "part-00000").toPath(), "");
    Files.writeString(new File(emptyDir, "_SUCCESS").toPath(), "written by a job");
    empty = emptyDir.getPath();
    notIdx = Files.writeString(new File(inputs, "train-images-idx3-ubyte").toPath(), "1 1:1\n").toString();
    Files.writeString(new File(inputs, "train-labels-idx1-ubyte").toPath(), "1\n");
  }

  @Test
  void helpListsEverySubcommand() {
    CliRun run = CliRun.run(CONF, "--help");
    assertEquals(ExitCodes.SUCCEEDED, run.status, run.toString());
    for (String sub : new String[] {"train", "predict", "evaluate", "selftest", "status", "kill", "local"}) {
      assertTrue(run.out.contains("  " + sub + " "), sub + " missing from\n" + run.out);
    }
  }

  @Test
  void subcommandHelpDescribesItsOptions() {
    CliRun run = CliRun.run(CONF, "selftest", "--help");
    assertEquals(ExitCodes.SUCCEEDED, run.status, run.toString());
    assertTrue(run.out.contains("--kill"), run.out);
    for (String sub : new String[] {"status", "kill", "local"}) {
      CliRun help = CliRun.run(CONF, sub, "--help");
      assertEquals(ExitCodes.SUCCEEDED, help.status, help.toString());
      assertTrue(help.out.contains("spindle " + sub + " "), help.out);
    }
    CliRun localTrain = CliRun.run(CONF, "local", "train", "--help");
    assertEquals(ExitCodes.SUCCEEDED, localTrain.status, localTrain.toString());
    assertTrue(localTrain.out.contains("--algorithm") && !localTrain.out.contains("Starting an embedded"),
        "a subcommand's help needs no cluster: " + localTrain);
    CliRun top = CliRun.run(CONF, "--help");
    for (String flag : new String[] {"--engine", "--resume", "--freeze", "--detach"}) {
      assertTrue(top.out.contains(flag), flag + " missing from\n" + top.out);
    }
  }

  /** local checks its own options and what it would copy before it starts any cluster. */
  @Test
  void localRefusesWhatItCannotRunBeforeStartingAnything(@TempDir File dir) {
    assertUsage("--nodes must be at least 1, got 0", "local", "--nodes", "0", "selftest");
    assertUsage("--gpus-per-node must be at least 0, got -1", "local", "--gpus-per-node", "-1", "selftest");
    assertUsage("--detach cannot be used with local", "local", "selftest", "--detach");
    CliRun unknown = CliRun.run(CONF, "local", "-D", "a=b", "selftest", "--colour", "blue");
    assertEquals(ExitCodes.USAGE, unknown.status, unknown.toString());
    assertTrue(unknown.err.contains("Unrecognized option: --colour") && !unknown.out.contains("Starting an embedded"),
        "flags are checked before a cluster starts: " + unknown);
    assertUsage("--output " + dir + " already exists and is never overwritten", "local", "predict", "--model", data,
        "--input", data, "--output", dir.getPath());
  }

  @Test
  void badFlagsNameWhatToFix() {
    assertUsage("--staleness", "selftest", "--staleness", "sometimes");
    assertUsage("--workers", "selftest", "--workers", "0");
    assertUsage("--workers", "selftest", "--workers", "two");
    assertUsage("--kill", "selftest", "--kill", "worker:9@1");
    assertUsage("--kill", "selftest", "--kill", "gardener:0@1");
    assertUsage("--kill", "selftest", "--clocks", "5", "--kill", "worker:0@5");
    assertUsage("unknown setting 'colour'", "selftest", "--set", "colour=blue");
    assertUsage("worker.memory-mb", "selftest", "--set", "worker.memory-mb=lots");
    assertUsage("--format", "train", "--algorithm", "logreg", "--train", "a", "--output", "b", "--format", "xml");
    assertUsage("--output is required", "train", "--algorithm", "logreg", "--train", "a", "--format", "csv");
    assertUsage("unknown subcommand", "fly");
    assertUsage("--workers is given twice, as 2 and 8; give it once", "selftest", "--workers", "2", "--workers", "8");
    assertUsage("--workers must be at least 1, got 0", "selftest", "--workers", "0", "--json", "--workers", "0", "--json");
    assertUsage("not an application id", "status", "app_1");
    assertUsage("Unrecognized option", "selftest", "--colour", "blue");
    assertUsage("Unrecognized option: --work", "selftest", "--work", "2");   // whole names only
    assertUsage("--workers cannot change on --resume", "train", "--resume", "/x", "--workers", "4");
    assertUsage("--set optimizer cannot change on --resume", "train", "--resume", "/x", "--set", "optimizer=sgd");
    assertUsage("--train '' is not a path", "train", "--algorithm", "logreg", "--train", "", "--output", "/x",
        "--format", "libsvm", "--features", "3");
    assertUsage("--gpus-per-worker", "selftest", "--gpus-per-worker", "-1");
    assertUsage("--model is required", "predict", "--input", "x", "--output", "y");
    assertUsage("--input is required", "evaluate", "--model", "m");
    assertUsage("--input " + empty + " holds no data (only empty or hidden files, or none)", "evaluate", "--model", data,
        "--input", empty);
    assertUsage(inputs + " cannot be scored: file:" + inputs + " is not a Spindle model: it has no manifest.json", "evaluate",
        "--model", inputs.getPath(), "--input", data);
    assertUsage("--train: cannot find the labels of", "train", "--algorithm", "softmax", "--format", "idx",
        "--train", data, "--output", "/nothing-here");
    assertUsage("--train: file:" + notIdx + " is not an IDX image file", "train", "--algorithm", "softmax", "--format", "idx",
        "--train", notIdx, "--output", "/nothing-here");
    assertUsage("--train " + empty + " holds no data", "train", "--algorithm", "logreg", "--train", empty,
        "--output", "/nothing-here", "--format", "libsvm", "--features", "3");
    assertUsage("'rnn' is not available; this build trains", "train", "--algorithm", "rnn", "--train", "a",
        "--output", "b", "--format", "libsvm");
    assertUsage("--set lr-decay is a factor in (0, 1]", "train", "--algorithm", "logreg", "--train", data,
        "--output", "/nothing-here", "--format", "libsvm", "--features", "3", "--set", "lr-decay=1.5");
    assertUsage("cnn: inputs of 3 values are not square single-channel images", "train", "--algorithm", "cnn",
        "--train", data, "--output", "/nothing-here", "--format", "libsvm", "--features", "3");
    assertUsage("--algorithm mf reads --format ratings, not libsvm", "train", "--algorithm", "mf", "--train", "a",
        "--output", "b", "--format", "libsvm");
    assertUsage("--engine mapreduce trains kmeans", "train", "--algorithm", "logreg", "--train", data,
        "--output", "/nothing-here", "--format", "libsvm", "--features", "3", "--engine", "mapreduce");
    assertUsage("--workers is for --engine ps: --engine mapreduce runs a chain of Hadoop jobs", "train", "--algorithm",
        "kmeans", "--train", data, "--output", "/nothing-here", "--format", "libsvm", "--features", "3",
        "--engine", "mapreduce", "--workers", "4");
    assertUsage("checkpoint-every and checkpoint-seconds both ask for checkpoints; give one", "selftest",
        "--set", "checkpoint-every=10", "--set", "checkpoint-seconds=30");
    assertUsage("--set checkpoint-seconds must be at least 0", "selftest", "--set", "checkpoint-seconds=-1");
    assertUsage("--set label-values names 3 classes, and logreg tells 2 apart (it is binary", "train", "--algorithm",
        "logreg", "--train", data, "--output", "/nothing-here", "--format", "csv", "--features", "3", "--set",
        "label-values=a,b,c");
    assertUsage("--users and --items times --rank make a true model of 2550000000 values", "generate", "ratings",
        "--output", "/nothing-here", "--rows", "10", "--users", "50000000", "--items", "1000000", "--rank", "50");
    assertUsage("--noise is a standard deviation: at least 0, got -1", "generate", "ratings", "--output",
        "/nothing-here", "--rows", "10", "--noise", "-1");
    assertUsage("--set max-frame-bytes must be at most 1073741824, got 2147483647", "selftest", "--set",
        "max-frame-bytes=2147483647");
    assertUsage("has rows of 5000 floats, and a request holds at most 4096 under the frame limit (a quarter of it);"
        + " --set max-frame-bytes must be at least 80000", "train", "--algorithm", "mlp", "--train", data, "--output",
        "/nothing-here", "--format", "libsvm", "--features", "3", "--set", "hidden=5000", "--set",
        "max-frame-bytes=65536");
  }

  /** Checkpoints go by seconds unless clocks are asked for; a selftest checkpoints by clocks. */
  @Test
  void checkpointIntervalsFollowWhatIsGiven() throws Exception {
    assertCheckpoints(0, 60, "train");
    assertCheckpoints(40, 0, "train", "--set", "checkpoint-every=40");
    assertCheckpoints(0, 0, "train", "--set", "checkpoint-every=0");
    assertCheckpoints(0, 15, "train", "--set", "checkpoint-seconds=15");
    assertCheckpoints(0, 15, "train", "--set", "checkpoint-every=0", "--set", "checkpoint-seconds=15");
    assertCheckpoints(25, 0, "selftest", "--clocks", "100");
    assertCheckpoints(0, 5, "selftest", "--clocks", "100", "--set", "checkpoint-seconds=5");
  }

  private static void assertCheckpoints(int every, int seconds, String command, String... args) throws Exception {
    org.apache.commons.cli.CommandLine cmd = new org.apache.commons.cli.DefaultParser()
        .parse(command.equals("train") ? JobOptions.train() : JobOptions.selftest(), args);
    Settings settings = Settings.parse(cmd.getOptionValues("set"));
    io.spindle.thrift.JobSpec spec = command.equals("train")
        ? JobOptions.baseSpec(command, cmd, settings) : JobOptions.selftestSpec(cmd, settings);
    assertEquals(every, spec.getCheckpointEvery(), String.join(" ", args));
    assertEquals(seconds, spec.getCheckpointSeconds(), String.join(" ", args));
  }

  /**
   * Compressed csv input: its features are counted in the text of its first record, as the job
   * reads it; an empty file before it (a job's empty part) is passed over.
   */
  @Test
  void aCompressedCsvsFeaturesAreCountedInItsText(@TempDir File dir) throws Exception {
    File input = new File(dir, "train");
    assertTrue(input.mkdir());
    assertTrue(new File(input, "part-00000").createNewFile());
    File csv = new File(input, "part-00001.csv.gz");
    try (java.io.Writer out = new java.io.OutputStreamWriter(
        new java.util.zip.GZIPOutputStream(new java.io.FileOutputStream(csv)), java.nio.charset.StandardCharsets.UTF_8)) {
      out.write("1,0.5,2,3\n0,1,1,1\n");
    }
    org.apache.commons.cli.CommandLine cmd = new org.apache.commons.cli.DefaultParser().parse(JobOptions.train(),
        new String[] {"--algorithm", "logreg", "--format", "csv", "--train", input.getAbsolutePath(),
            "--output", new File(dir, "model").getAbsolutePath()});
    org.apache.hadoop.fs.FileSystem local = org.apache.hadoop.fs.FileSystem.getLocal(new Configuration());
    io.spindle.thrift.JobSpec spec = JobOptions.trainSpec(cmd, Settings.parse(null), local);
    assertEquals(3, spec.getFeatures(), "a label and three features");
  }

  @Test
  void generateWritesSeededDatasetsThatTheReadersAccept(@TempDir File dir)
      throws Exception {
    File ratings = new File(dir, "ratings.csv");
    CliRun run = CliRun.run(CONF, "generate", "ratings", "--rows", "200", "--users", "20", "--items", "10",
        "--output", ratings.getAbsolutePath(), "--json");
    assertEquals(ExitCodes.SUCCEEDED, run.status, run.toString());
    java.util.List<String> lines = java.nio.file.Files.readAllLines(ratings.toPath());
    assertEquals(200, lines.size());
    io.spindle.ml.data.RatingsFormat format = new io.spindle.ml.data.RatingsFormat(20, 10, "auto");
    io.spindle.ml.data.Examples parsed = new io.spindle.ml.data.Examples();
    for (String line : lines) {
      format.parse(line, parsed);
    }
    assertEquals(200, parsed.size());
    File sparse = new File(dir, "sparse.libsvm");
    CliRun again = CliRun.run(CONF, "generate", "classification", "--rows", "50", "--features", "1000",
        "--nonzeros", "7", "--output", sparse.getAbsolutePath());
    assertEquals(ExitCodes.SUCCEEDED, again.status, again.toString());
    io.spindle.ml.data.LibSvmFormat libsvm = new io.spindle.ml.data.LibSvmFormat(1000);
    io.spindle.ml.data.Examples rows = new io.spindle.ml.data.Examples();
    for (String line : java.nio.file.Files.readAllLines(sparse.toPath())) {
      libsvm.parse(line, rows);
    }
    assertEquals(50 * 7, rows.nonZeros());
    assertUsage("already exists", "generate", "ratings", "--rows", "5", "--output", ratings.getAbsolutePath());
    assertUsage("say what to generate", "generate", "pictures", "--rows", "5", "--output", "x");
    assertUsage("--nonzeros 9 is more than --features 3", "generate", "classification", "--rows", "5",
        "--features", "3", "--nonzeros", "9", "--output", new File(dir, "y").getAbsolutePath());
    assertUsage("--noise must be a number", "generate", "ratings", "--rows", "5", "--noise", "loud",
        "--output", new File(dir, "z").getAbsolutePath());
    assertTrue(!new File(dir, "y").exists() && !new File(dir, "z").exists(), "a refused generate leaves no file behind");
  }

  /** With --json the last line is one JSON object even when nothing ran, and it says why. */
  @Test
  void aRefusalWithJsonStillEndsInASummary() throws IOException {
    CliRun run = CliRun.run(CONF, "selftest", "--workers", "0", "--json");
    assertEquals(ExitCodes.USAGE, run.status, run.toString());
    com.fasterxml.jackson.databind.JsonNode summary = run.summary();
    assertEquals("FAILED", summary.get("final_status").asText());
    assertTrue(summary.get("application_id").isNull(), run.toString());
    assertEquals(ExitCodes.USAGE, summary.get("exit_code").asInt());
    assertTrue(summary.get("message").asText().contains("--workers"), run.toString());
    assertTrue(!summary.get("exact").asBoolean(), run.toString());
    assertTrue(CliRun.run(CONF, "selftest", "--workers", "0").out.isEmpty(), "without --json, nothing on stdout");
  }

  /** An IDX test set is checked before submitting as the training set is: labels beside it, images of one size. */
  @Test
  void anIdxTestSetMustMatchTheTrainingSet(@TempDir File dir) throws IOException {
    String train = idx(dir, "train", 2, 2, true);
    String test = idx(dir, "t10k", 3, 3, true);
    String unlabelled = idx(new File(dir, "alone"), "t10k", 2, 2, false);
    assertUsage("--test " + test + " holds images of 9 values, and --train images of 4", "train", "--algorithm",
        "softmax", "--format", "idx", "--train", train, "--test", test, "--output", "/nothing-here");
    assertUsage("--test (labels) ", "train", "--algorithm", "softmax", "--format", "idx", "--train", train,
        "--test", unlabelled, "--output", "/nothing-here");
  }

  /** Writes {name}-images-idx3-ubyte of two images of rows x columns, and (if asked) their labels; returns the images' path. */
  private static String idx(File dir, String name, int rows, int columns, boolean labelled) throws IOException {
    assertTrue(dir.isDirectory() || dir.mkdirs());
    java.nio.ByteBuffer images = java.nio.ByteBuffer.allocate(16 + 2 * rows * columns)
        .putInt(0x803).putInt(2).putInt(rows).putInt(columns);
    File file = new File(dir, name + "-images-idx3-ubyte");
    Files.write(file.toPath(), images.array());
    if (labelled) {
      Files.write(new File(dir, name + "-labels-idx1-ubyte").toPath(),
          java.nio.ByteBuffer.allocate(10).putInt(0x801).putInt(2).put((byte) 0).put((byte) 1).array());
    }
    return file.getPath();
  }

  private static void assertUsage(String expected, String... args) {
    CliRun run = CliRun.run(CONF, args);
    assertEquals(ExitCodes.USAGE, run.status, run.toString());
    assertTrue(run.err.contains(expected), "expected '" + expected + "' in: " + run.err);
  }
}
