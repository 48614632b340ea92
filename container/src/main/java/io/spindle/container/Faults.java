package io.spindle.container;

import io.spindle.thrift.FaultSpec;
import io.spindle.thrift.JobSpec;
import io.spindle.thrift.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery drills named in the job ({@code selftest --kill ROLE:INDEX@CLOCK}): the first attempt
 * of the named container dies abnormally when it reaches the clock, as a real crash would (no
 * shutdown hooks, no goodbye to the coordinator). Relaunched attempts run normally.
 */
public final class Faults {
  private static final Logger LOG = LoggerFactory.getLogger(Faults.class);
  /** The exit status of a crashed container. */
  public static final int CRASH_EXIT = 70;

  private final JobSpec spec;
  private final TaskId task;

  public Faults(JobSpec spec, TaskId task) {
    this.spec = spec;
    this.task = task;
  }

  public void atClock(int clock) {
    if (task.getAttempt() != 0 || !spec.isSetFaults()) {
      return;
    }
    for (FaultSpec fault : spec.getFaults()) {
      if (fault.getRole() == task.getRole() && fault.getIndex() == task.getIndex() && fault.getClock() == clock) {
        LOG.error("Crashing {} {} at clock {} as the job asks (--kill)", task.getRole(), task.getIndex(), clock);
        Runtime.getRuntime().halt(CRASH_EXIT);
      }
    }
  }
}
