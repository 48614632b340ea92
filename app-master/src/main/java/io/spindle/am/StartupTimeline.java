package io.spindle.am;

import io.spindle.thrift.TaskId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * When a job's start-up milestones first happened (wall-clock milliseconds): the ApplicationMaster
 * started and registered, a container allocated and launched for every task, every task registered
 * with the coordinator, the first clock done by every worker. The summary carries them, and the
 * client turns them into seconds since it submitted the job.
 */
public final class StartupTimeline {
  public static final String AM_STARTED = "am_started";
  public static final String AM_REGISTERED = "am_registered";
  public static final String CONTAINERS_ALLOCATED = "containers_allocated";
  public static final String CONTAINERS_LAUNCHED = "containers_launched";
  public static final String TASKS_REGISTERED = "tasks_registered";
  public static final String FIRST_CLOCK = "first_clock";

  private final Map<String, Long> firstSeen = new LinkedHashMap<>();
  private final int tasks;
  private final Set<String> allocated = new HashSet<>();
  private final Set<String> launched = new HashSet<>();
  private final Set<String> registered = new HashSet<>();

  /** @param tasks the job's tasks: servers plus workers */
  public StartupTimeline(int tasks) {
    this.tasks = tasks;
  }

  /** Records the milestone's time if it is the first time it happens. */
  public synchronized void mark(String milestone, long atMs) {
    firstSeen.putIfAbsent(milestone, atMs);
  }

  public synchronized void containerAllocated(TaskId task, long atMs) {
    count(allocated, task, CONTAINERS_ALLOCATED, atMs);
  }

  public synchronized void containerLaunched(TaskId task, long atMs) {
    count(launched, task, CONTAINERS_LAUNCHED, atMs);
  }

  public synchronized void taskRegistered(TaskId task, long atMs) {
    count(registered, task, TASKS_REGISTERED, atMs);
  }

  /**
   * A milestone is reached when every task has got there once: a relaunched attempt stands in for
   * one that failed before, but never counts as another task.
   */
  private void count(Set<String> reached, TaskId task, String milestone, long atMs) {
    if (reached.add(task.getRole() + ":" + task.getIndex()) && reached.size() == tasks) {
      mark(milestone, atMs);
    }
  }

  public synchronized Map<String, Long> milestones() {
    return new LinkedHashMap<>(firstSeen);
  }
}
