package io.spindle.client;

/** What the {@code spindle} command exits with; schedulers such as Oozie rely on 0 meaning success. */
public final class ExitCodes {
  public static final int SUCCEEDED = 0;
  /** The job ran and failed, or was killed. */
  public static final int JOB_FAILED = 1;
  /** The command line is wrong: the message names the flag. */
  public static final int USAGE = 2;
  /** The cluster refused or could not be reached, or the job could never run (impossible ask). */
  public static final int CLUSTER = 3;

  private ExitCodes() {}
}
