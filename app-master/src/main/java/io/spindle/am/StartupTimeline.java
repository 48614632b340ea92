package io.spindle.am;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When a job's start-up milestones first happened (wall-clock milliseconds): the ApplicationMaster
 * started and registered, every first container allocated and launched, every task registered
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
  private int allocated;
  private int launched;
  private int registered;

  /** @param tasks the containers of a first attempt: servers plus workers */
  public StartupTimeline(int tasks) {
    this.tasks = tasks;
  }

  /** Records the milestone's time if it is the first time it happens. */
  public synchronized void mark(String milestone, long atMs) {
    firstSeen.putIfAbsent(milestone, atMs);
  }

  public synchronized void containerAllocated(long atMs) {
    if (++allocated == tasks) {
      mark(CONTAINERS_ALLOCATED, atMs);
    }
  }

  public synchronized void containerLaunched(long atMs) {
    if (++launched == tasks) {
      mark(CONTAINERS_LAUNCHED, atMs);
    }
  }

  public synchronized void taskRegistered(long atMs) {
    if (++registered == tasks) {
      mark(TASKS_REGISTERED, atMs);
    }
  }

  public synchronized Map<String, Long> milestones() {
    return new LinkedHashMap<>(firstSeen);
  }
}
