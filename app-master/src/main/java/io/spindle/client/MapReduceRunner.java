package io.spindle.client;

import io.spindle.ml.mr.JobFailures;
import io.spindle.util.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobCounter;
import org.apache.hadoop.mapreduce.JobStatus;
import org.apache.hadoop.mapreduce.TaskType;

/**
 * Runs a Hadoop MapReduce job for the client: submits it with the Spindle jar, prints a progress
 * line, and summarises it in the same JSON shape as Spindle's own jobs.
 */
final class MapReduceRunner {
  private static final long PLAIN_EVERY_MS = 5_000;

  private final PrintStream out;

  MapReduceRunner(PrintStream out) {
    this.out = out;
  }

  /** Submits and waits; returns the summary (metrics as given, counters added). */
  Map<String, Object> run(Job job, Map<String, Double> metrics) throws IOException, InterruptedException,
      ClassNotFoundException {
    job.setJar(JobClient.jar().getAbsolutePath());
    job.submit();
    String application = job.getJobID().toString().replaceFirst("^job_", "application_");
    out.println("Submitted " + job.getJobName() + " as " + application);
    long start = System.currentTimeMillis();
    long lastPrint = 0;
    while (!job.isComplete()) {
      long now = System.currentTimeMillis();
      if (now - lastPrint >= PLAIN_EVERY_MS) {
        out.printf("%s map %.0f%% reduce %.0f%% | %ds%n", application, job.mapProgress() * 100,
            job.reduceProgress() * 100, (now - start) / 1000);
        lastPrint = now;
      }
      Thread.sleep(500);
    }
    JobStatus.State state = job.getStatus().getState();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("application_id", application);
    summary.put("final_status", state == JobStatus.State.SUCCEEDED ? "SUCCEEDED"
        : state == JobStatus.State.KILLED ? "KILLED" : "FAILED");
    Counters counters = job.getCounters();
    Map<String, Object> attempts = new LinkedHashMap<>();
    attempts.put("map", attempts(job, counters, TaskType.MAP, JobCounter.TOTAL_LAUNCHED_MAPS, JobCounter.NUM_FAILED_MAPS));
    attempts.put("reduce", attempts(job, counters, TaskType.REDUCE, JobCounter.TOTAL_LAUNCHED_REDUCES,
        JobCounter.NUM_FAILED_REDUCES));
    summary.put("attempts", attempts);
    // A failed job's counters hold only the tasks that finished: counts from them would contradict
    // its message (a task failed for its bad records counts none of them), so they are left out.
    if (counters != null && state == JobStatus.State.SUCCEEDED) {
      metrics.put("records", (double) counters.findCounter("Spindle", "RECORDS").getValue());
      metrics.put("bad_records", (double) counters.findCounter("Spindle", "BAD_RECORDS").getValue());
    }
    summary.put("metrics", metrics);
    summary.put("message", state == JobStatus.State.SUCCEEDED ? job.getJobName() + " succeeded"
        : JobFailures.describe(job));
    summary.put("elapsed_seconds", seconds((System.currentTimeMillis() - start) * 1_000_000));
    return summary;
  }

  /** Nanoseconds as seconds to the millisecond, as every summary (MapReduce or YARN job) gives them. */
  static double seconds(long nanos) {
    return Math.round(nanos / 1e6) / 1000.0;
  }

  /** The task attempts of a chain of jobs, added up per task type. */
  static final class Attempts {
    private final Map<String, Map<String, Long>> byType = new LinkedHashMap<>();

    /** Adds a job summary's attempts. */
    @SuppressWarnings("unchecked")
    void add(Map<String, Object> jobSummary) {
      Map<String, Map<String, Object>> attempts = (Map<String, Map<String, Object>>) jobSummary.get("attempts");
      if (attempts == null) {
        return;
      }
      attempts.forEach((type, counts) -> counts.forEach((what, n) ->
          byType.computeIfAbsent(type, t -> new LinkedHashMap<>()).merge(what, ((Number) n).longValue(), Long::sum)));
    }

    Map<String, Map<String, Long>> toMap() {
      return byType;
    }
  }

  private static Map<String, Object> attempts(Job job, Counters counters, TaskType type, JobCounter launched,
                                              JobCounter failed) throws IOException, InterruptedException {
    Map<String, Object> m = new LinkedHashMap<>();
    long launchedCount = counters == null ? 0 : counters.findCounter(launched).getValue();
    long failedCount = counters == null ? 0 : counters.findCounter(failed).getValue();
    int tasks = job.getTaskReports(type).length;
    m.put("launched", launchedCount);
    m.put("failed", failedCount);
    m.put("relaunched", Math.max(0, launchedCount - tasks));
    return m;
  }

  static String json(Map<String, Object> summary) {
    return Json.write(summary);
  }
}
