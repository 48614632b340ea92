package io.spindle.client;

import io.spindle.ml.Hyperparameters;
import io.spindle.ml.data.IdxFormat;
import io.spindle.ml.Algorithm;
import io.spindle.ml.Algorithms;
import io.spindle.ml.data.CsvFormat;
import io.spindle.ml.data.Formats;
import io.spindle.ml.data.SplitReader;
import io.spindle.ml.param.Consistency;
import io.spindle.ps.PsClient;
import io.spindle.selftest.SumOfOnes;
import io.spindle.thrift.FaultKind;
import io.spindle.thrift.FaultSpec;
import io.spindle.thrift.JobSpec;
import io.spindle.thrift.ResourceSpec;
import io.spindle.thrift.Role;
import io.spindle.thrift.TableSpec;
import io.spindle.util.SettingKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The options of the job-running subcommands and their translation into a {@link JobSpec}. */
final class JobOptions {
  /** Flags about containers and their drills, which a MapReduce-engine run has none of. */
  private static final List<String> PS_ENGINE_ONLY =
      List.of("workers", "servers", "gpus-per-worker", "detach", "kill", "freeze");

  private JobOptions() {}

  static Option value(String name, String arg, String description) {
    return Option.builder().longOpt(name).hasArg().argName(arg).desc(description).build();
  }

  static Option flag(String name, String description) {
    return Option.builder().longOpt(name).desc(description).build();
  }

  static void addCommon(Options options) {
    options.addOption(value("workers", "N", "worker containers (default 2)"));
    options.addOption(value("servers", "N", "parameter-server shards (default 1)"));
    options.addOption(value("staleness", "N|bsp|async", "consistency: bsp, SSP staleness N, or async (default bsp)"));
    options.addOption(value("gpus-per-worker", "N", "yarn.io/gpu per worker container (default 0)"));
    options.addOption(Option.builder().longOpt("set").hasArgs().argName("key=value")
        .desc("a job setting; repeatable. Known: " + Settings.KEYS.keySet()).build());
    options.addOption(flag("json", "print a JSON summary as the last line"));
    options.addOption(flag("detach", "print the application id and return without waiting"));
    options.addOption(flag("help", "show this help"));
    options.addOption(Option.builder().longOpt("kill").hasArgs().argName("ROLE:INDEX@CLOCK")
        .desc("recovery drill: crash that container at the clock (server:0@3, worker:1@5); repeatable").build());
    options.addOption(Option.builder().longOpt("freeze").hasArgs().argName("ROLE:INDEX@CLOCK")
        .desc("recovery drill: stop that container (alive, silent) at the clock; repeatable").build());
  }

  static Options selftest() {
    Options options = new Options();
    addCommon(options);
    options.addOption(value("clocks", "N", "clocks each worker runs (default 10)"));
    return options;
  }

  static Options train() {
    Options options = new Options();
    addCommon(options);
    options.addOption(value("algorithm", "NAME", "what to train"));
    options.addOption(value("train", "URI", "training data"));
    options.addOption(value("test", "URI", "test data for the final metrics"));
    options.addOption(value("format", "libsvm|csv|idx|ratings", "input format"));
    options.addOption(value("features", "N", "number of features"));
    options.addOption(value("output", "URI", "where the model goes"));
    options.addOption(value("epochs", "N", "passes over the training data"));
    options.addOption(value("engine", "ps|mapreduce",
        "ps: containers with parameter-server shards (default); mapreduce: kmeans as a chain of MapReduce jobs"));
    options.addOption(value("resume", "OUTPUT_URI",
        "continue the killed or failed job that was writing OUTPUT_URI from its last good checkpoint"));
    return options;
  }

  static Options scoring(boolean withOutput) {
    Options options = new Options();
    options.addOption(value("model", "URI", "the model directory written by train"));
    options.addOption(value("input", "URI", "records to score, in the format the model was trained on"));
    if (withOutput) {
      options.addOption(value("output", "URI", "where the predictions go: one 'label<TAB>prediction' line per record"));
    }
    options.addOption(flag("json", "print a JSON summary as the last line"));
    options.addOption(flag("help", "show this help"));
    return options;
  }

  static String required(CommandLine cmd, String name, String command) {
    if (!cmd.hasOption(name)) {
      throw new UsageException("--" + name + " is required; run 'spindle " + command + " --help'");
    }
    return cmd.getOptionValue(name);
  }

  static int intOption(CommandLine cmd, String name, int defaultValue, int min) {
    String v = cmd.getOptionValue(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min) {
        throw new UsageException("--" + name + " must be at least " + min + ", got " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be an integer, got '" + v + "'");
    }
  }

  static Consistency consistency(CommandLine cmd) {
    try {
      return Consistency.parse(cmd.getOptionValue("staleness", "bsp"));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--staleness: " + e.getMessage());
    }
  }

  /** The common part of every job: sizes, consistency, resources, limits. */
  static JobSpec baseSpec(String command, CommandLine cmd, Settings settings) {
    int gpusPerWorker = intOption(cmd, "gpus-per-worker", 0, 0);
    int workers = intOption(cmd, "workers", 2, 1);
    int servers = intOption(cmd, "servers", 1, 1);
    JobSpec spec = new JobSpec(command, workers, servers, consistency(cmd).toSpec(),
        new ResourceSpec(0, 0).setGpus(gpusPerWorker), new ResourceSpec(0, 0))
        .setSettings(settings.given())
        .setMaxFrameBytes(settings.getInt(Settings.MAX_FRAME, 1 << 16, 1 << 30))   // a frame is one Java array
        .setCheckpointEvery(byClocks(settings) ? settings.getInt(Settings.CHECKPOINT_EVERY, 0) : 0)
        .setCheckpointSeconds(byClocks(settings) ? 0 : settings.getInt(Settings.CHECKPOINT_SECONDS, 0))
        .setCheckpointsKept(settings.getInt(Settings.CHECKPOINTS_KEPT, 1));
    return containerSettings(spec, settings);
  }

  /**
   * The settings of the containers a job runs in: their sizes, and how failures and silence are
   * handled. Nothing the checkpoints depend on, so a resumed job may change them too.
   */
  private static JobSpec containerSettings(JobSpec spec, Settings settings) {
    spec.getWorkerResources().setMemoryMb(settings.getInt(Settings.WORKER_MEMORY, 128))
        .setVcores(settings.getInt(Settings.WORKER_VCORES, 1));
    spec.getServerResources().setMemoryMb(settings.getInt(Settings.SERVER_MEMORY, 128))
        .setVcores(settings.getInt(Settings.SERVER_VCORES, 1));
    return spec.setMaxAttemptsPerTask(settings.getInt(Settings.MAX_ATTEMPTS, 1))
        .setMaxFailuresPerJob(settings.getInt(Settings.MAX_FAILURES, 0))
        .setHeartbeatTimeoutMs(settings.getInt(Settings.HEARTBEAT_TIMEOUT, 1000))
        .setStartTimeoutMs(settings.getInt(Settings.START_TIMEOUT, 1000))
        .setAllocationTimeoutMs(settings.getInt(Settings.ALLOCATION_TIMEOUT, 0) * 1000L);
  }

  /**
   * What {@code --resume} may change: where and how big the containers are, not what they compute
   * (a worker's vcores set its compute threads, and so the order of its sums).
   */
  static final List<SettingKey> RESUME_SETTINGS = List.of(Settings.QUEUE, Settings.AM_MEMORY, Settings.WORKER_MEMORY,
      Settings.SERVER_MEMORY, Settings.SERVER_VCORES, Settings.MAX_ATTEMPTS,
      Settings.MAX_FAILURES, Settings.HEARTBEAT_TIMEOUT, Settings.START_TIMEOUT, Settings.ALLOCATION_TIMEOUT);
  private static final List<String> RESUME_FLAGS = List.of("resume", "set", "json", "detach");
  /** Where in a training job's output its checkpoints, and the job's spec for --resume, go. */
  private static final String CHECKPOINTS = "_checkpoints";

  /**
   * Checkpoints go by seconds unless checkpoint-every is given (and checkpoint-seconds is not, or
   * is 0): seconds suit every job's pace, a number of clocks suits drills and tests.
   */
  private static boolean byClocks(Settings settings) {
    Map<String, String> given = settings.given();
    boolean everyGiven = given.containsKey(Settings.CHECKPOINT_EVERY.name);
    boolean secondsGiven = given.containsKey(Settings.CHECKPOINT_SECONDS.name);
    if (everyGiven && secondsGiven && settings.getInt(Settings.CHECKPOINT_EVERY, 0) > 0
        && settings.getInt(Settings.CHECKPOINT_SECONDS, 0) > 0) {
      throw new UsageException("--set checkpoint-every and checkpoint-seconds both ask for checkpoints; give one");
    }
    return everyGiven && (!secondsGiven || settings.getInt(Settings.CHECKPOINT_SECONDS, 0) == 0);
  }

  static JobSpec selftestSpec(CommandLine cmd, Settings settings) {
    JobSpec spec = baseSpec("selftest", cmd, settings);
    int clocks = intOption(cmd, "clocks", 10, 1);
    spec.setName("selftest").setClocks(clocks)
        .setTables(SumOfOnes.standard(spec.getWorkers(), clocks).tables());
    if (!settings.given().containsKey(Settings.CHECKPOINT_EVERY.name)
        && !settings.given().containsKey(Settings.CHECKPOINT_SECONDS.name)) {
      // A selftest takes seconds: a few checkpoints by clocks, so that recovery drills use them.
      spec.setCheckpointEvery(Math.max(1, clocks / 4)).setCheckpointSeconds(0);
    }
    spec.setFaults(drills(cmd, spec));
    return spec;
  }

  static JobSpec trainSpec(CommandLine cmd, Settings settings, FileSystem fs) throws IOException {
    if (cmd.hasOption("resume")) {
      return resumed(cmd, settings, fs);
    }
    for (String required : new String[] {"algorithm", "train", "format", "output"}) {
      if (!cmd.hasOption(required)) {
        throw new UsageException("--" + required + " is required; run 'spindle train --help'");
      }
    }
    String algorithm = cmd.getOptionValue("algorithm");
    if (!Algorithms.NAMES.contains(algorithm)) {
      throw new UsageException("--algorithm '" + algorithm + "' is not available; this build trains "
          + Algorithms.NAMES);
    }
    String format = cmd.getOptionValue("format");
    if (!Formats.ALL.contains(format)) {
      throw new UsageException("--format must be one of " + String.join(", ", Formats.ALL) + "; got '" + format + "'");
    }
    if (!Algorithms.formats(algorithm).contains(format)) {
      throw new UsageException("--algorithm " + algorithm + " reads --format " + String.join(" or ",
          Algorithms.formats(algorithm)) + ", not " + format);
    }
    Hyperparameters hp = Algorithms.hyperparameters(algorithm, settings.given());
    String train = input(fs, "train", cmd.getOptionValue("train"));
    long features = features(cmd, format, train, fs, hp);
    int epochs = intOption(cmd, "epochs", 10, 1);
    Algorithm trainer;
    try {
      hp.validate();
      if (!format.equals(Formats.IDX)) {
        Formats.parser(format, Math.max(1, features), hp);   // its settings parse
      }
      trainer = Algorithms.create(algorithm, features, hp, null);
      classesNamed(algorithm, hp);
      if (algorithm.equals(Algorithms.KMEANS) && hp.getInt(Hyperparameters.K, 1) > hp.getInt(Hyperparameters.INIT_SAMPLE, 1)) {
        throw new UsageException("--set k=" + hp.get(Hyperparameters.K) + " is more than the --set init-sample="
            + hp.get(Hyperparameters.INIT_SAMPLE) + " records k-means++ seeds from");
      }
      io.spindle.compute.Backends.choose(hp.get(Hyperparameters.DEVICE), intOption(cmd, "gpus-per-worker", 0, 0), 1);
      io.spindle.container.Straggler.parse(hp.get(Hyperparameters.STRAGGLER), intOption(cmd, "workers", 2, 1));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    String engine = cmd.getOptionValue("engine", "ps");
    if (!engine.equals("ps") && !engine.equals("mapreduce")) {
      throw new UsageException("--engine must be ps or mapreduce, got '" + engine + "'");
    }
    if (engine.equals("mapreduce") && (!algorithm.equals(Algorithms.KMEANS) || format.equals(Formats.IDX))) {
      throw new UsageException("--engine mapreduce trains kmeans on text input (libsvm, csv); use --engine ps for "
          + algorithm + " on " + format);
    }
    if (engine.equals("mapreduce")) {
      for (String flag : PS_ENGINE_ONLY) {
        if (cmd.hasOption(flag)) {
          throw new UsageException("--" + flag + " is for --engine ps: --engine mapreduce runs a chain of Hadoop jobs"
              + " from the client, one map task per input split");
        }
      }
    }
    JobSpec spec = baseSpec("train", cmd, settings);
    spec.setName("train " + algorithm)
        .setAlgorithm(algorithm)
        .setFormat(format)
        .setFeatures(features)
        .setEpochs(epochs)
        .setClocks(trainer.clocks(epochs))
        .setTrainUri(train)
        .setOutputUri(absent(fs, cmd.getOptionValue("output")))
        .setCheckpointDir(absent(fs, cmd.getOptionValue("output")) + "/" + CHECKPOINTS)
        .setTables(hp.withDecay(trainer.tables(epochs), trainer.clocks(epochs) / epochs, spec.getWorkers(),
            consistency(cmd)));
    if (cmd.hasOption("test")) {
      spec.setTestUri(testInput(fs, format, cmd.getOptionValue("test"), features));
    }
    rowsFitRequests(spec);
    return spec.setFaults(drills(cmd, spec));
  }

  /**
   * Every table's rows fit a request under the frame limit: a request carries at least one row,
   * and a row too wide for any would fail on the workers, at their first push.
   */
  private static void rowsFitRequests(JobSpec spec) {
    int floats = PsClient.floatsPerRequest(spec.getMaxFrameBytes());
    for (TableSpec table : spec.getTables()) {
      if (table.getColumns() > floats) {
        long needed = (long) table.getColumns() * Float.BYTES * 4;
        throw new UsageException("table '" + table.getName() + "' has rows of " + table.getColumns() + " floats, and a"
            + " request holds at most " + floats + " under the frame limit (a quarter of it); --set "
            + Settings.MAX_FRAME.name + " must be at least " + needed);
      }
    }
  }

  /** Features per example: from --features, an IDX header, or (csv) the first record's columns. */
  private static long features(CommandLine cmd, String format, String train, FileSystem fs, Hyperparameters hp)
      throws IOException {
    switch (format) {
      case Formats.IDX:
        return idxFeatures(fs, "train", train);
      case Formats.RATINGS:
        return 0;   // users and items are settings
      case Formats.CSV:
        return cmd.hasOption("features") ? intOption(cmd, "features", 0, 1) : csvColumns(fs, train, hp) - 1;
      default:
        if (!cmd.hasOption("features")) {
          throw new UsageException("--features is required for libsvm input (indices run from 1 to N)");
        }
        return intOption(cmd, "features", 0, 1);
    }
  }

  /** The values of an IDX input's images, whose labels must be beside them. */
  private static long idxFeatures(FileSystem fs, String flag, String images) throws IOException {
    try {
      existing(fs, flag + " (labels)", IdxFormat.labelsFor(images));
      return IdxFormat.features(fs.getConf(), images);
    } catch (IllegalArgumentException e) {   // a name without its labels, or not IDX at all
      throw new UsageException("--" + flag + ": " + e.getMessage());
    }
  }

  /** A binary test set is checked as the training set is: text records are checked as they are read. */
  private static String testInput(FileSystem fs, String format, String test, long features) throws IOException {
    String qualified = input(fs, "test", test);
    long testFeatures = format.equals(Formats.IDX) ? idxFeatures(fs, "test", qualified) : features;
    if (testFeatures != features) {
      throw new UsageException("--test " + test + " holds images of " + testFeatures + " values, and --train images of "
          + features);
    }
    return qualified;
  }

  /** Class names a classifier cannot tell apart are refused before anything runs. */
  private static void classesNamed(String algorithm, Hyperparameters hp) {
    String values = hp.get(Hyperparameters.LABEL_VALUES).trim();
    int classes = Algorithms.classes(algorithm, hp);
    int named = values.isEmpty() ? 0 : values.split(",").length;
    if (classes > 0 && named > classes) {
      throw new UsageException("--set label-values names " + named + " classes, and " + algorithm + " tells "
          + classes + " apart" + (!Algorithms.MULTICLASS.contains(algorithm)
          ? " (it is binary: softmax, mlp or cnn take --set classes=" + named + ")" : "; --set classes=" + named));
    }
  }

  /** Columns of the first record of a csv input (after each file's header, if any; empty files skipped). */
  private static int csvColumns(FileSystem fs, String train, Hyperparameters hp) throws IOException {
    Set<Path> files = new LinkedHashSet<>();
    for (org.apache.hadoop.mapreduce.lib.input.FileSplit split : new SplitReader(fs.getConf()).splits(train, 1)) {
      files.add(split.getPath());
    }
    for (Path file : files) {
      int columns = firstRecordColumns(fs, file, hp);
      if (columns == 1) {
        throw new UsageException("--train " + file + ": the first record has 1 column; csv needs a label and"
            + " features (is --set delimiter right?)");
      }
      if (columns > 1) {
        return columns;
      }
    }
    throw new UsageException("--train " + train + " holds no records");
  }

  /** Columns of the file's first record, 0 when it holds none. */
  private static int firstRecordColumns(FileSystem fs, Path file, Hyperparameters hp) throws IOException {
    // Through the file's codec, as the job reads it: a .csv.gz is counted in its text, not its bytes.
    org.apache.hadoop.io.compress.CompressionCodec codec =
        new org.apache.hadoop.io.compress.CompressionCodecFactory(fs.getConf()).getCodec(file);
    java.io.InputStream raw = file.getFileSystem(fs.getConf()).open(file);
    try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
        codec == null ? raw : codec.createInputStream(raw), java.nio.charset.StandardCharsets.UTF_8))) {
      boolean header = hp.getBoolean(Hyperparameters.HEADER);
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (header) {
          header = false;
        } else if (!line.trim().isEmpty()) {
          return CsvFormat.columns(line, Formats.csvDelimiter(hp));
        }
      }
      return 0;
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /**
   * The job that was writing --resume's output, as it was submitted, with the container settings
   * given now over its own. Any other flag is refused rather than ignored: the checkpoints hold
   * the model of that job, its algorithm, data and sizes.
   */
  private static JobSpec resumed(CommandLine cmd, Settings settings, FileSystem fs) throws IOException {
    List<String> names = RESUME_SETTINGS.stream().map(key -> key.name).toList();
    for (org.apache.commons.cli.Option option : cmd.getOptions()) {
      if (!RESUME_FLAGS.contains(option.getLongOpt())) {
        throw new UsageException("--" + option.getLongOpt() + " cannot change on --resume: the job runs again as it"
            + " was submitted, from its checkpoints (--set may change " + String.join(", ", names) + ")");
      }
    }
    for (String key : settings.given().keySet()) {
      if (!names.contains(key)) {
        throw new UsageException("--set " + key + " cannot change on --resume: the checkpoints hold what the job"
            + " computed with it (--set may change " + String.join(", ", names) + ")");
      }
    }
    JobSpec spec = resumeSpec(cmd.getOptionValue("resume"), fs);
    Settings merged = settings.over(spec.isSetSettings() ? spec.getSettings() : Map.of());
    return containerSettings(spec.setSettings(merged.given()), merged);
  }

  /** The job that was writing {@code output}, as it was submitted, to run again from its checkpoints. */
  static JobSpec resumeSpec(String output, FileSystem fs) throws IOException {
    Path out = path("resume", output);
    FileSystem owner = out.getFileSystem(fs.getConf());
    Path saved = new Path(out, CHECKPOINTS + "/" + io.spindle.am.Launch.SPEC);
    if (owner.exists(new Path(out, io.spindle.ml.ModelFiles.MANIFEST))) {
      throw new UsageException("--resume " + output + ": that job finished and wrote its model; nothing to resume");
    }
    if (!owner.exists(saved)) {
      throw new UsageException("--resume " + output + ": no job to resume there (" + saved + " is missing)");
    }
    try (java.io.InputStream in = owner.open(saved)) {
      return io.spindle.am.JobSpecs.read(in.readAllBytes()).setFaults(new ArrayList<>());   // drills are not replayed
    }
  }

  /** A flag's path: an empty one (an unset variable, say) or a malformed URI is the user's to fix. */
  static Path path(String flag, String uri) {
    try {
      return new Path(uri);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--" + flag + " '" + uri + "' is not a path: " + e.getMessage());
    }
  }

  /** The fully qualified URI of an input that must exist. */
  static String existing(FileSystem fs, String flag, String uri) throws IOException {
    Path path = path(flag, uri);
    FileSystem owner = path.getFileSystem(fs.getConf());
    if (!owner.exists(path)) {
      throw new UsageException("--" + flag + " " + uri + " does not exist");
    }
    return owner.makeQualified(path).toString();
  }

  /**
   * The fully qualified URI of an input to read: it must exist and hold data, since a job over an
   * empty directory or file would train or judge on nothing and say so only at the end.
   */
  static String input(FileSystem fs, String flag, String uri) throws IOException {
    String qualified = existing(fs, flag, uri);
    if (new SplitReader(fs.getConf()).bytes(qualified) == 0) {
      throw new UsageException("--" + flag + " " + uri + " holds no data (only empty or hidden files, or none);"
          + " point it at the records to read");
    }
    return qualified;
  }

  /** The fully qualified URI of an output that must not exist yet (nothing is ever overwritten). */
  static String absent(FileSystem fs, String uri) throws IOException {
    Path path = path("output", uri);
    FileSystem owner = path.getFileSystem(fs.getConf());
    if (owner.exists(path)) {
      boolean resumable = owner.exists(new Path(path, CHECKPOINTS + "/" + io.spindle.am.Launch.SPEC))
          && !owner.exists(new Path(path, io.spindle.ml.ModelFiles.MANIFEST));
      throw new UsageException("--output " + uri + " already exists; remove it or choose another path"
          + (resumable ? ", or continue the training job that stopped there with: spindle train --resume " + uri : ""));
    }
    return owner.makeQualified(path).toString();
  }

  /** The --kill and --freeze recovery drills; the spec's clocks must be set. */
  static List<FaultSpec> drills(CommandLine cmd, JobSpec spec) {
    List<FaultSpec> faults = faults(cmd.getOptionValues("kill"), spec, FaultKind.CRASH);
    faults.addAll(faults(cmd.getOptionValues("freeze"), spec, FaultKind.FREEZE));
    return faults;
  }

  static List<FaultSpec> faults(String[] kills, JobSpec spec, FaultKind kind) {
    String flag = kind == FaultKind.CRASH ? "--kill" : "--freeze";
    List<FaultSpec> faults = new ArrayList<>();
    if (kills == null) {
      return faults;
    }
    for (String kill : kills) {
      String[] roleRest = kill.split(":", 2);
      String[] indexClock = roleRest.length == 2 ? roleRest[1].split("@", 2) : new String[0];
      if (indexClock.length != 2) {
        throw new UsageException(flag + " takes ROLE:INDEX@CLOCK (e.g. worker:0@3), got '" + kill + "'");
      }
      Role role;
      try {
        role = Role.valueOf(roleRest[0].trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new UsageException(flag + ": role must be 'server' or 'worker', got '" + roleRest[0] + "'");
      }
      int index;
      int clock;
      try {
        index = Integer.parseInt(indexClock[0].trim());
        clock = Integer.parseInt(indexClock[1].trim());
      } catch (NumberFormatException e) {
        throw new UsageException(flag + ": INDEX and CLOCK must be integers, got '" + kill + "'");
      }
      int count = role == Role.SERVER ? spec.getServers() : spec.getWorkers();
      if (index < 0 || index >= count) {
        throw new UsageException(flag + " " + kill + ": the job has " + count + " " + roleRest[0] + "s (0.." + (count - 1) + ")");
      }
      if (clock < 0 || clock >= spec.getClocks()) {
        throw new UsageException(flag + " " + kill + ": clock must be in 0.." + (spec.getClocks() - 1));
      }
      faults.add(new FaultSpec(role, index, clock).setKind(kind));
    }
    return faults;
  }
}
