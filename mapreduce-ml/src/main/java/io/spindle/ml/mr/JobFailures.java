package io.spindle.ml.mr;

import java.io.IOException;
import java.util.regex.Pattern;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCompletionEvent;

/**
 * Why a finished MapReduce job failed, in words a user can act on. Hadoop's own failure info says
 * only that tasks failed; the reason (a bad record's file and offset, a damaged model) is in the
 * first failed attempt's diagnostics, which this adds without its stack trace.
 */
public final class JobFailures {
  private static final int EVENTS_PER_CALL = 100;
  /** "Error: java.lang.IllegalArgumentException: " before the message itself. */
  private static final Pattern PREFIX = Pattern.compile("^(Error: )?([\\w$.]+(Exception|Error): )?");

  private JobFailures() {}

  /** The job's failure info, then the first failed task attempt's own message where there is one. */
  public static String describe(Job job) throws InterruptedException {
    String info;
    try {
      info = job.getStatus().getFailureInfo();
    } catch (IOException e) {
      return job.getJobName() + " failed; its status could not be read: " + e.getMessage();
    }
    String cause = firstTaskFailure(job);
    return cause == null ? info : info + " The first failed task: " + cause;
  }

  /**
   * The diagnostics of the first attempt that failed its task for good (TIPFAILED), else of the
   * first failed attempt: an earlier attempt may have failed for a passing reason, a lost node.
   */
  private static String firstTaskFailure(Job job) throws InterruptedException {
    String failed = null;   // the first failed attempt's message
    try {
      for (int from = 0; ; from += EVENTS_PER_CALL) {
        TaskCompletionEvent[] events = job.getTaskCompletionEvents(from, EVENTS_PER_CALL);
        for (TaskCompletionEvent event : events) {
          if (event.getStatus() == TaskCompletionEvent.Status.TIPFAILED) {
            String message = diagnostics(job, event);
            if (message != null) {
              return message;
            }
          } else if (event.getStatus() == TaskCompletionEvent.Status.FAILED && failed == null) {
            failed = diagnostics(job, event);
          }
        }
        if (events.length < EVENTS_PER_CALL) {
          return failed;
        }
      }
    } catch (IOException e) {
      return null;   // the history server may be unreachable: Hadoop's own info stands
    }
  }

  private static String diagnostics(Job job, TaskCompletionEvent event) throws IOException, InterruptedException {
    String[] diagnostics = job.getTaskDiagnostics(event.getTaskAttemptId());
    return diagnostics != null && diagnostics.length > 0 ? withoutTrace(diagnostics[0]) : null;
  }

  /** The message of a task's diagnostics: its first lines, without the exception's class and stack. */
  static String withoutTrace(String diagnostics) {
    int trace = diagnostics.indexOf("\n\tat ");
    String message = trace >= 0 ? diagnostics.substring(0, trace) : diagnostics;
    return PREFIX.matcher(message.trim()).replaceFirst("");
  }
}
