package io.spindle.container;

import io.spindle.thrift.FaultKind;
import io.spindle.thrift.FaultSpec;
import io.spindle.thrift.JobSpec;
import io.spindle.thrift.TaskId;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery drills named in the job ({@code selftest --kill/--freeze ROLE:INDEX@CLOCK}): the first
 * attempt of the named container fails when it reaches the clock, as a real failure would. A
 * crash exits abnormally (no shutdown hooks, no goodbye); a freeze stops the process (SIGSTOP),
 * alive but silent, as a hung JVM. Relaunched attempts run normally.
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

  /** A worker at the start of {@code clock}. */
  public void atClock(int clock) {
    fire(clock, false);
  }

  /** A shard whose slowest worker has just committed {@code clock} clocks. */
  public void reached(int clock) {
    fire(clock, true);
  }

  private void fire(int clock, boolean orLater) {
    if (task.getAttempt() != 0 || !spec.isSetFaults()) {
      return;
    }
    for (FaultSpec fault : spec.getFaults()) {
      boolean due = orLater ? clock >= fault.getClock() : clock == fault.getClock();
      if (fault.getRole() == task.getRole() && fault.getIndex() == task.getIndex() && due) {
        if (fault.getKind() == FaultKind.FREEZE) {
          LOG.error("Freezing {} {} at clock {} as the job asks (--freeze)", task.getRole(), task.getIndex(), clock);
          freeze();
        }
        LOG.error("Crashing {} {} at clock {} as the job asks (--kill)", task.getRole(), task.getIndex(), clock);
        Runtime.getRuntime().halt(CRASH_EXIT);
      }
    }
  }

  private static void freeze() {
    try {
      new ProcessBuilder("kill", "-STOP", String.valueOf(ProcessHandle.current().pid())).inheritIO().start().waitFor();
    } catch (IOException e) {
      LOG.error("Could not stop this process ({}); crashing instead", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
