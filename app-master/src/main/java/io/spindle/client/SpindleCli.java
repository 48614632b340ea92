package io.spindle.client;

import io.spindle.local.LocalMode;
import io.spindle.ml.Algorithms;
import io.spindle.ml.data.Formats;
import io.spindle.ml.kmeans.KMeansChain;
import io.spindle.ml.mr.ScoringJobs;
import io.spindle.thrift.JobSpec;
import io.spindle.util.Json;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * The {@code spindle} command: {@code yarn jar spindle.jar [-D k=v] [-conf file] SUBCOMMAND ...}.
 * Hadoop's generic options come first (ToolRunner); each subcommand has its own options.
 */
public final class SpindleCli extends Configured implements Tool {
  private static final String STATUS_USAGE = "status    APPLICATION_ID [--json]";
  private static final String KILL_USAGE = "kill      APPLICATION_ID";
  static final String USAGE = String.join("\n",
      "usage: spindle [-D key=value] [-conf FILE] SUBCOMMAND [options]",
      "",
      "subcommands:",
      "  train     --algorithm NAME --train URI [--test URI] --format libsvm|csv|idx|ratings [--features N]",
      "            --output URI [--workers N] [--servers N] [--gpus-per-worker N] [--staleness N|bsp|async]",
      "            [--epochs N] [--engine ps|mapreduce] [--set key=value ...] [--kill|--freeze ROLE:INDEX@CLOCK ...]",
      "            [--json] [--detach]",
      "  train     --resume OUTPUT_URI [--set key=value ...] [--json] [--detach]   (a stopped job, from its newest checkpoint)",
      "  predict   --model URI --input URI --output URI [--json]",
      "  evaluate  --model URI --input URI [--json]",
      "  selftest  [--workers N] [--servers N] [--clocks N] [--staleness N|bsp|async] [--gpus-per-worker N]",
      "            [--kill|--freeze ROLE:INDEX@CLOCK ...] [--json] [--detach]",
      "  generate  ratings|classification --rows N --output URI [--seed N] [--sample-seed N] ... [--json]",
      "  " + STATUS_USAGE,
      "  " + KILL_USAGE,
      "  local     [--nodes N] [--gpus-per-node N] [-D key=value ...] SUBCOMMAND ...   (on an embedded YARN + HDFS)",
      "",
      "'spindle SUBCOMMAND --help' describes a subcommand's options.",
      "exit codes: 0 succeeded, 1 job failed or killed, 2 usage error, 3 cluster error or impossible ask");

  private final PrintStream out;
  private final PrintStream err;
  private Consumer<String> summarySink;
  private boolean summaryWritten;
  private ApplicationId submittedJob;   // the job this command submitted, once it has

  public SpindleCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
    withSummarySink(out::println);
  }

  /**
   * Where the final summary line goes; by default straight to the output. Local mode holds it
   * back until the embedded cluster has stopped, so that it stays the last line printed.
   */
  public SpindleCli withSummarySink(Consumer<String> sink) {
    this.summarySink = line -> {
      summaryWritten = true;
      sink.accept(line);
    };
    return this;
  }

  public static void main(String[] args) {
    int status = ExitCodes.CLUSTER;
    try {
      status = ToolRunner.run(new YarnConfiguration(), new SpindleCli(System.out, System.err), args);
    } catch (Throwable t) {
      t.printStackTrace();
    } finally {
      // Hadoop leaves non-daemon threads behind; the exit status is all that matters now.
      System.exit(status);
    }
  }

  @Override
  public int run(String[] args) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      out.println(USAGE);
      return args.length == 0 ? ExitCodes.USAGE : ExitCodes.SUCCEEDED;
    }
    String command = args[0];
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (command) {
        case "selftest": return selftest(rest);
        case "train": return train(rest);
        case "predict": return predict(rest);
        case "evaluate": return evaluate(rest);
        case "generate": return generate(rest);
        case "status": return status(rest);
        case "kill": return kill(rest);
        case "local": return new LocalMode(out, err).run(rest);
        default:
          throw new UsageException("unknown subcommand '" + command + "'; run 'spindle --help'");
      }
    } catch (UsageException e) {
      return refused(command, rest, ExitCodes.USAGE, e.getMessage());
    } catch (JobClient.ImpossibleAskException e) {
      return refused(command, rest, ExitCodes.CLUSTER, "the job can never run: " + e.getMessage());
    } catch (org.apache.hadoop.yarn.exceptions.YarnException e) {
      return refused(command, rest, ExitCodes.CLUSTER, "the cluster refused: " + e.getMessage());
    } catch (Exception e) {
      return refused(command, rest, ExitCodes.CLUSTER, e.toString());
    }
  }

  /**
   * A command that ran no job to its end: the message on stderr, and with {@code --json} a summary
   * that says so (unless the job's own was written), so that the last line is one JSON object
   * whatever happened.
   */
  private int refused(String command, String[] args, int code, String message) {
    err.println("spindle " + command + ": " + message);
    if (Arrays.asList(args).contains("--json") && !summaryWritten) {
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("application_id", submittedJob == null ? null : submittedJob.toString());   // it may run on
      summary.put("final_status", "FAILED");
      summary.put("attempts", new LinkedHashMap<>());
      summary.put("metrics", new LinkedHashMap<>());
      if (command.equals("selftest")) {
        summary.put("exact", false);
      }
      summary.put("exit_code", code);
      summary.put("message", message);
      summarySink.accept(Json.write(summary));
    }
    return code;
  }

  /** The options of each subcommand that has its own. */
  private static final Map<String, java.util.function.Supplier<Options>> OPTIONS = Map.of("selftest",
      JobOptions::selftest, "train", JobOptions::train, "predict", () -> JobOptions.scoring(true), "evaluate",
      () -> JobOptions.scoring(false), "generate", Generate::options);

  /**
   * Parses a command line's subcommand flags as the subcommand will ({@code -D} options first, if
   * any): local checks them so before it starts a cluster.
   */
  public static void checkFlags(String[] args) throws java.io.IOException {
    String[] rest = new org.apache.hadoop.util.GenericOptionsParser(new Configuration(false), args).getRemainingArgs();
    if (rest.length > 0 && OPTIONS.containsKey(rest[0])) {
      parse(rest[0], OPTIONS.get(rest[0]).get(), Arrays.copyOfRange(rest, 1, rest.length), positional(rest[0]));
    }
  }

  /** The plain arguments a subcommand takes: what generate writes. */
  private static int positional(String command) {
    return command.equals("generate") ? 1 : 0;
  }

  private static CommandLine parse(String command, Options options, String[] args) {
    return parse(command, options, args, positional(command));
  }

  /** Parses the options of a subcommand that takes {@code positional} plain arguments. */
  private static CommandLine parse(String command, Options options, String[] args, int positional) {
    try {
      // Whole flag names only: an abbreviation ("--out") would pass where a flag is looked for by
      // its name (local's staging of --output), and one flag added later could change its meaning.
      CommandLine cmd = DefaultParser.builder().setAllowPartialMatching(false).get().parse(options, args);
      if (cmd.getArgList().size() > positional && options.hasOption("help")) {
        throw new UsageException("unexpected argument '" + cmd.getArgList().get(positional) + "'");
      }
      givenOnce(cmd);
      return cmd;
    } catch (ParseException e) {
      throw new UsageException(e.getMessage() + "; run 'spindle " + command + " --help'");
    }
  }

  /**
   * A flag of one value given again with another is refused: the parser would keep the first
   * silently, and a job would run with a setting its user thought replaced (a wrapper script
   * adding its own --workers, say). Repeating the same value is harmless.
   */
  private static void givenOnce(CommandLine cmd) {
    Map<String, String> seen = new java.util.HashMap<>();
    for (org.apache.commons.cli.Option option : cmd.getOptions()) {
      if (option.hasArgs()) {   // --set, --kill, --freeze: repeatable
        continue;
      }
      String value = String.valueOf(option.getValue());
      String before = seen.putIfAbsent(option.getKey(), value);
      if (before != null && !before.equals(value)) {
        throw new UsageException("--" + option.getKey() + " is given twice, as " + before + " and " + value
            + "; give it once");
      }
    }
  }

  private boolean helpShown(String command, Options options, CommandLine cmd) {
    if (!cmd.hasOption("help")) {
      return false;
    }
    new HelpFormatter().printHelp(new java.io.PrintWriter(out, true), 100, "spindle " + command, null, options,
        2, 2, null, true);
    return true;
  }

  private int selftest(String[] args) throws Exception {
    Options options = OPTIONS.get("selftest").get();
    CommandLine cmd = parse("selftest", options, args);
    if (helpShown("selftest", options, cmd)) {
      return ExitCodes.SUCCEEDED;
    }
    Settings settings = Settings.parse(cmd.getOptionValues("set"));
    return runJob(JobOptions.selftestSpec(cmd, settings), settings, cmd);
  }

  private int train(String[] args) throws Exception {
    Options options = OPTIONS.get("train").get();
    CommandLine cmd = parse("train", options, args);
    if (helpShown("train", options, cmd)) {
      return ExitCodes.SUCCEEDED;
    }
    Settings settings = Settings.parse(cmd.getOptionValues("set"));
    JobSpec spec = JobOptions.trainSpec(cmd, settings, FileSystem.get(getConf()));
    if (spec.getAlgorithm().equals(Algorithms.KMEANS) && spec.getFormat().equals(Formats.CSV)
        && !cmd.hasOption("features") && !cmd.hasOption("resume")) {
      // k-means reads no label: a file without one would quietly lose a column to it.
      err.println("spindle train: kmeans clusters " + spec.getFeatures() + " features of each csv record, one"
          + " column less than the first record has (--set label-column is taken as a label, and unused);"
          + " for a file without a label column give --features " + (spec.getFeatures() + 1));
    }
    if (cmd.hasOption("resume") && spec.isSetSettings()) {
      settings = settings.over(spec.getSettings());   // the same queue and AM size as the job it resumes
    }
    if ("mapreduce".equals(cmd.getOptionValue("engine"))) {
      if (settings.given().containsKey(Settings.QUEUE.name)) {
        Configuration conf = new Configuration(getConf());
        conf.set(MRJobConfig.QUEUE_NAME, settings.get(Settings.QUEUE));
        setConf(conf);   // every job of the chain goes to the queue asked for
      }
      return trainWithMapReduce(spec, cmd);
    }
    return runJob(spec, settings, cmd);
  }

  /** k-means as a chain of MapReduce jobs: one summary for the chain, in the shape of the other jobs'. */
  private int trainWithMapReduce(JobSpec spec, CommandLine cmd) throws Exception {
    long start = System.nanoTime();
    MapReduceRunner runner = new MapReduceRunner(out);
    List<Object> jobs = new ArrayList<>();
    MapReduceRunner.Attempts attempts = new MapReduceRunner.Attempts();
    Map<String, Object> summary = new LinkedHashMap<>();
    Map<String, Double> metrics = new LinkedHashMap<>();
    String failure = null;
    double[] badRecords = {0};
    String[] lastStatus = {null};   // of the last job run: a chain cut short by a kill says KILLED
    try {
      metrics.putAll(new KMeansChain(getConf(), spec).run(job -> {
        Map<String, Object> one = runner.run(job, new LinkedHashMap<>());
        lastStatus[0] = (String) one.get("final_status");
        jobs.add(one.get("application_id"));
        attempts.add(one);
        @SuppressWarnings("unchecked")
        Map<String, Double> pass = (Map<String, Double>) one.get("metrics");
        // Every pass reads the same records, so each finds the same bad ones: counted once.
        badRecords[0] = Math.max(badRecords[0], pass.getOrDefault("bad_records", 0.0));
        return "SUCCEEDED".equals(one.get("final_status"));
      }));
      metrics.put("bad_records", badRecords[0]);
      if (spec.isSetTestUri()) {
        Map<String, Object> evaluation = evaluateJob(spec.getOutputUri(), spec.getTestUri(), runner);
        lastStatus[0] = (String) evaluation.get("final_status");
        jobs.add(evaluation.get("application_id"));
        attempts.add(evaluation);
        @SuppressWarnings("unchecked")
        Map<String, Double> test = (Map<String, Double>) evaluation.get("metrics");
        if (!"SUCCEEDED".equals(evaluation.get("final_status"))) {
          failure = "the model is in " + spec.getOutputUri() + " but its evaluation on " + spec.getTestUri() + " failed: "
              + evaluation.get("message");
        }
        Double testBad = test.remove("bad_records");
        if (testBad != null) {   // counted only by an evaluation that succeeded
          metrics.put("test_bad_records", testBad);
        }
        test.remove("records");
        metrics.putAll(test);
      }
    } catch (java.io.IOException | java.io.UncheckedIOException | IllegalArgumentException e) {
      failure = e.getMessage();
    }
    summary.put("application_id", jobs.isEmpty() ? null : jobs.get(jobs.size() - 1));
    summary.put("final_status", failure == null ? "SUCCEEDED" : "KILLED".equals(lastStatus[0]) ? "KILLED" : "FAILED");
    summary.put("engine", "mapreduce");
    summary.put("jobs", jobs);
    summary.put("attempts", attempts.toMap());
    summary.put("metrics", metrics);
    summary.put("message", failure == null ? spec.getName() + " succeeded in " + jobs.size() + " MapReduce jobs" : failure);
    summary.put("elapsed_seconds", MapReduceRunner.seconds(System.nanoTime() - start));
    return finishMapReduce(summary, cmd, spec.getOutputUri());
  }

  private int generate(String[] args) throws Exception {
    Options options = OPTIONS.get("generate").get();
    CommandLine cmd = parse("generate", options, args);
    if (helpShown("generate", options, cmd)) {
      return ExitCodes.SUCCEEDED;
    }
    Map<String, Object> summary = Generate.run(cmd, FileSystem.get(getConf()));
    out.println("Wrote " + summary.get("rows") + " records to " + summary.get("output") + "; train with "
        + summary.get("train_with"));
    summarySink.accept(cmd.hasOption("json") ? Json.write(summary) : "summary: " + Json.write(summary));
    return ExitCodes.SUCCEEDED;
  }

  private int predict(String[] args) throws Exception {
    Options options = OPTIONS.get("predict").get();
    CommandLine cmd = parse("predict", options, args);
    if (helpShown("predict", options, cmd)) {
      return ExitCodes.SUCCEEDED;
    }
    String outputFlag = JobOptions.required(cmd, "output", "predict");
    String[] modelAndInput = modelAndInput(cmd, "predict");
    String output = JobOptions.absent(FileSystem.get(getConf()), outputFlag);
    Job job = scoringJob(modelAndInput[0], () -> ScoringJobs.predict(getConf(), modelAndInput[0], modelAndInput[1], output));
    return finishMapReduce(new MapReduceRunner(out).run(job, new LinkedHashMap<>()), cmd);
  }

  private int evaluate(String[] args) throws Exception {
    Options options = OPTIONS.get("evaluate").get();
    CommandLine cmd = parse("evaluate", options, args);
    if (helpShown("evaluate", options, cmd)) {
      return ExitCodes.SUCCEEDED;
    }
    String[] modelAndInput = modelAndInput(cmd, "evaluate");
    return finishMapReduce(evaluateJob(modelAndInput[0], modelAndInput[1], new MapReduceRunner(out)), cmd);
  }

  /** Runs an evaluate job; its summary's metrics hold the job's record counts and the test metrics it wrote. */
  private Map<String, Object> evaluateJob(String model, String input, MapReduceRunner runner) throws Exception {
    FileSystem fs = FileSystem.get(getConf());
    Path scratch = fs.makeQualified(new Path(fs.getHomeDirectory(), ".spindle/evaluate-" + java.util.UUID.randomUUID()));
    try {
      Job job = scoringJob(model, () -> ScoringJobs.evaluate(getConf(), model, input, scratch.toString()));
      Map<String, Double> metrics = new LinkedHashMap<>();
      Map<String, Object> summary = runner.run(job, metrics);
      if (job.isSuccessful()) {
        metrics.putAll(ScoringJobs.readMetrics(fs, scratch));
        if (metrics.getOrDefault("test_count", 0.0) == 0) {   // metrics of nothing would read as a verdict
          summary.put("final_status", "FAILED");
          summary.put("message", input + " holds no records to evaluate the model by (" + metrics.getOrDefault("bad_records", 0.0).longValue()
              + " malformed); check --input and the model's format");
        }
      }
      return summary;
    } finally {
      fs.delete(scratch, true);
    }
  }

  /**
   * A scoring job, which reads its model before submitting: a directory that is not a model, a
   * damaged one or one MapReduce cannot score is the user's to fix (the filesystem was reachable
   * moments ago, when the paths were checked).
   */
  private static Job scoringJob(String model, java.util.concurrent.Callable<Job> job) throws Exception {
    try {
      return job.call();
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new UsageException("--model " + model + " cannot be scored: " + e.getMessage());
    }
  }

  /** The qualified --model and --input of a scoring command, both required to exist. */
  private String[] modelAndInput(CommandLine cmd, String command) throws java.io.IOException {
    String model = JobOptions.required(cmd, "model", command);
    String input = JobOptions.required(cmd, "input", command);
    FileSystem fs = FileSystem.get(getConf());
    return new String[] {JobOptions.existing(fs, "model", model), JobOptions.input(fs, "input", input)};
  }

  private int finishMapReduce(Map<String, Object> summary, CommandLine cmd) throws java.io.IOException {
    return finishMapReduce(summary, cmd, null);
  }

  /** Prints a MapReduce command's outcome and summary; {@code modelPath} is the model it wrote, if any. */
  private int finishMapReduce(Map<String, Object> summary, CommandLine cmd, String modelPath) throws java.io.IOException {
    OozieOutput.writeIfAsked(Json.write(summary), modelPath);
    out.println(summary.get("final_status") + ": " + summary.get("message"));
    summarySink.accept(cmd.hasOption("json") ? Json.write(summary) : "summary: " + Json.write(summary));
    return "SUCCEEDED".equals(summary.get("final_status")) ? ExitCodes.SUCCEEDED : ExitCodes.JOB_FAILED;
  }

  private int runJob(JobSpec spec, Settings settings, CommandLine cmd) throws Exception {
    boolean json = cmd.hasOption("json");
    try (JobClient client = new JobClient(getConf(), out)) {
      long submitted = System.nanoTime();
      long submittedAtMs = System.currentTimeMillis();
      ApplicationId id = client.submit(spec, settings.getInt(Settings.AM_MEMORY, 128), settings.get(Settings.QUEUE));
      submittedJob = id;
      out.println("Submitted " + spec.getCommand() + " as " + id + " (" + spec.getWorkers() + " workers, "
          + spec.getServers() + " servers)");
      if (cmd.hasOption("detach")) {
        if (json) {
          Map<String, Object> summary = new LinkedHashMap<>();
          summary.put("application_id", id.toString());
          summary.put("final_status", "UNDEFINED");
          summarySink.accept(Json.write(summary));
        }
        return ExitCodes.SUCCEEDED;
      }
      JobClient.Outcome outcome = client.follow(id);
      if (outcome.status != FinalApplicationStatus.SUCCEEDED) {
        removeIfNothingToResume(client, spec, id);
      }
      String summary = withElapsed(outcome.summaryJson != null ? outcome.summaryJson : fallbackSummary(spec, id, outcome),
          System.nanoTime() - submitted, submittedAtMs);
      OozieOutput.writeIfAsked(summary, spec.isSetOutputUri() ? spec.getOutputUri() : null);
      out.println(spec.getCommand() + " " + outcome.status + ": " + (outcome.diagnostics == null ? "" : outcome.diagnostics));
      summarySink.accept(json ? summary : "summary: " + summary);
      return outcome.status == FinalApplicationStatus.SUCCEEDED ? ExitCodes.SUCCEEDED : ExitCodes.JOB_FAILED;
    }
  }

  /** After a failed job: an output with nothing to resume from would only block the command's rerun. */
  private void removeIfNothingToResume(JobClient client, JobSpec spec, ApplicationId id) {
    try {
      if (client.removeIfNothingToResume(spec, id)) {
        err.println("No checkpoint was committed, so there is nothing to resume: removed " + spec.getOutputUri()
            + ", and the command can run again");
      }
    } catch (java.io.IOException | RuntimeException e) {   // the job's own outcome is what counts
      err.println("Could not look into " + spec.getOutputUri() + " after the job: " + e.getMessage());
    }
  }

  /**
   * The summary with the seconds from submission to the end as the client saw them, and the
   * ApplicationMaster's start-up milestones as seconds since submission ({@code startup}).
   */
  private static String withElapsed(String summary, long elapsedNanos, long submittedAtMs) throws java.io.IOException {
    com.fasterxml.jackson.databind.node.ObjectNode node =
        (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary);
    node.put("elapsed_seconds", MapReduceRunner.seconds(elapsedNanos));
    com.fasterxml.jackson.databind.JsonNode milestones = node.remove("startup_ms");
    if (milestones != null && milestones.size() > 0) {
      com.fasterxml.jackson.databind.node.ObjectNode startup = node.putObject("startup");
      milestones.fields().forEachRemaining(e ->
          startup.put(e.getKey(), Math.round(e.getValue().asLong() - submittedAtMs) / 1000.0));
    }
    return node.toString();
  }

  /** When the ApplicationMaster died before writing its summary, say what YARN knows. */
  private static String fallbackSummary(JobSpec spec, ApplicationId id, JobClient.Outcome outcome) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("application_id", id.toString());
    summary.put("final_status", outcome.status == FinalApplicationStatus.UNDEFINED ? "FAILED" : outcome.status.name());
    summary.put("attempts", new LinkedHashMap<>());
    summary.put("metrics", new LinkedHashMap<>());
    if (spec.getCommand().equals("selftest")) {
      summary.put("exact", false);   // nobody checked
    }
    summary.put("message", outcome.diagnostics);
    return Json.write(summary);
  }

  private int status(String[] args) throws Exception {
    if (usageShown(STATUS_USAGE, args)) {
      return ExitCodes.SUCCEEDED;
    }
    ApplicationId id = applicationId(args, "status");
    try (JobClient client = new JobClient(getConf(), out)) {
      ApplicationReport report = known(id, () -> client.yarn().getApplicationReport(id));
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("application_id", id.toString());
      summary.put("state", report.getYarnApplicationState().name());
      summary.put("final_status", report.getFinalApplicationStatus().name());
      summary.put("progress", (double) report.getProgress());
      summary.put("diagnostics", report.getDiagnostics());
      if (Arrays.asList(args).contains("--json")) {
        summarySink.accept(Json.write(summary));
      } else {
        out.println(id + " " + report.getYarnApplicationState() + " final status " + report.getFinalApplicationStatus()
            + " progress " + Math.round(report.getProgress() * 100) + "% " + report.getDiagnostics());
      }
      return ExitCodes.SUCCEEDED;
    }
  }

  private int kill(String[] args) throws Exception {
    if (usageShown(KILL_USAGE, args)) {
      return ExitCodes.SUCCEEDED;
    }
    ApplicationId id = applicationId(args, "kill");
    try (JobClient client = new JobClient(getConf(), out)) {
      known(id, () -> {
        client.yarn().killApplication(id);
        return null;
      });
      out.println("Killed " + id);
      return ExitCodes.SUCCEEDED;
    }
  }

  /** For subcommands without options of their own: {@code --help} prints their one usage line. */
  private boolean usageShown(String usage, String[] args) {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.println("usage: spindle " + usage.replaceAll(" +", " "));
      return true;
    }
    return false;
  }

  /** A call about one application, whose id the ResourceManager must know. */
  private <T> T known(ApplicationId id, java.util.concurrent.Callable<T> call) throws Exception {
    try {
      return call.call();
    } catch (org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException e) {
      throw new UsageException("the ResourceManager at " + getConf().get(YarnConfiguration.RM_ADDRESS,
          YarnConfiguration.DEFAULT_RM_ADDRESS) + " knows no application " + id + " (is it another cluster's, or"
          + " one finished so long ago that it was forgotten?)");
    }
  }

  private static ApplicationId applicationId(String[] args, String command) {
    if (args.length == 0 || args[0].startsWith("-")) {
      throw new UsageException("give the application id: spindle " + command + " APPLICATION_ID");
    }
    try {
      return ApplicationId.fromString(args[0]);
    } catch (IllegalArgumentException e) {
      throw new UsageException("'" + args[0] + "' is not an application id (application_<timestamp>_<n>)");
    }
  }
}
