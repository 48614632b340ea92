package io.spindle.am;

import io.spindle.thrift.Role;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerStatus;

/**
 * Allocation as bookkeeping: which task waits for a container, which request is outstanding for
 * it, which container runs it, and what to do when a container ends. No YARN client in here, so
 * unit tests drive it with hand-built containers and statuses.
 *
 * <p>Each request carries its own allocation-request id, so an allocated container maps to
 * exactly one task; a container nobody asked for (or asked for twice) is surplus and released.
 * Not thread-safe: the ApplicationMaster drives it from its one event thread.
 */
public final class Allocator {

  /** A container request to send for a task. */
  public static final class Request {
    public final long id;
    public final Task task;

    Request(long id, Task task) {
      this.id = id;
      this.task = task;
    }
  }

  /** What a container's end means for its task and for the job. */
  public static final class Completion {
    public final Task task;
    public final ExitClassifier.Exit exit;
    public final boolean relaunch;
    public final String jobFailure;   // non-null: the job cannot go on
    public final ContainerId container;

    Completion(Task task, ExitClassifier.Exit exit, boolean relaunch, String jobFailure) {
      this.task = task;
      this.container = task.container;
      this.exit = exit;
      this.relaunch = relaunch;
      this.jobFailure = jobFailure;
    }
  }

  /** Per-role counts for the job summary. */
  public static final class Counts {
    public int launched;
    public int failed;
    public int relaunched;
  }

  private final Map<Role, List<Task>> tasks = new EnumMap<>(Role.class);
  private final Map<Long, Task> requests = new HashMap<>();
  private final Map<ContainerId, Task> byContainer = new HashMap<>();
  private final Set<ContainerId> releasedByUs = new HashSet<>();
  private final Set<ContainerId> hung = new HashSet<>();
  private final Map<Role, Counts> counts = new EnumMap<>(Role.class);
  private final Set<Role> relaunchable;
  private final int maxAttemptsPerTask;
  private final int maxFailuresPerJob;
  private final FailureTracker hosts;
  private final Map<Role, String> memorySettings;
  private long nextRequestId = 1;
  private int jobFailures;

  public Allocator(Map<Role, Integer> targets, Set<Role> relaunchable, int maxAttemptsPerTask, int maxFailuresPerJob,
                   FailureTracker hosts, Map<Role, String> memorySettings) {
    targets.forEach((role, n) -> {
      List<Task> list = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        list.add(new Task(role, i));
      }
      tasks.put(role, list);
      counts.put(role, new Counts());
    });
    this.relaunchable = relaunchable;
    this.maxAttemptsPerTask = maxAttemptsPerTask;
    this.maxFailuresPerJob = maxFailuresPerJob;
    this.hosts = hosts;
    this.memorySettings = memorySettings;
  }

  public List<Task> tasks(Role role) {
    return tasks.getOrDefault(role, List.of());
  }

  public Counts counts(Role role) {
    return counts.get(role);
  }

  /** missing = target - requested - running - succeeded: a request for each task that needs one. */
  public List<Request> newRequests() {
    List<Request> out = new ArrayList<>();
    for (List<Task> list : tasks.values()) {
      for (Task task : list) {
        if (task.state == Task.State.NEEDS_CONTAINER) {
          task.state = Task.State.REQUESTED;
          task.requestId = nextRequestId++;
          requests.put(task.requestId, task);
          out.add(new Request(task.requestId, task));
        }
      }
    }
    return out;
  }

  /** The task to launch in this container, or null when it is surplus (release it). */
  public Task allocated(Container container) {
    Task task = requests.remove(container.getAllocationRequestId());
    if (task == null || task.state != Task.State.REQUESTED) {
      releasedByUs.add(container.getId());
      return null;
    }
    task.state = Task.State.STARTING;
    task.container = container.getId();
    task.node = container.getNodeId();
    task.host = container.getNodeId().getHost();
    byContainer.put(container.getId(), task);
    counts.get(task.role).launched++;
    return task;
  }

  /** The NodeManager started the task's process. */
  /** The container's process started; returns its task, null for a container no task holds. */
  public Task started(ContainerId id) {
    Task task = byContainer.get(id);
    if (task != null && task.state == Task.State.STARTING) {
      task.state = Task.State.RUNNING;
    }
    return task;
  }

  /**
   * Requests still outstanding for tasks that no longer need a container (the job is ending, or
   * the task is done or failed): the caller removes them from the ResourceManager.
   */
  public List<Long> cancelSurplus(boolean jobEnding) {
    List<Long> surplus = new ArrayList<>();
    requests.entrySet().removeIf(e -> {
      Task task = e.getValue();
      boolean unneeded = jobEnding || task.state != Task.State.REQUESTED || task.requestId != e.getKey();
      if (unneeded) {
        surplus.add(e.getKey());
        if (task.state == Task.State.REQUESTED && task.requestId == e.getKey()) {
          task.state = Task.State.NEEDS_CONTAINER;
        }
      }
      return unneeded;
    });
    return surplus;
  }

  /** Tasks in a state, for progress and tests. */
  public int count(Role role, Task.State state) {
    return (int) tasks(role).stream().filter(t -> t.state == state).count();
  }

  /** The AM stopped or released this container on purpose. */
  public void releasing(ContainerId id) {
    releasedByUs.add(id);
  }

  /** Starting the process in the container failed: treat as an application fault of that attempt. */
  public Completion launchFailed(ContainerId id, String message) {
    Task task = byContainer.get(id);
    if (task == null) {
      return null;
    }
    return failed(task, new ExitClassifier.Exit(ExitClassifier.Kind.APP_FAULT, "could not start: " + message));
  }

  /** The AM is killing this container because it stopped heartbeating: its end is a failure. */
  public void hung(ContainerId id) {
    hung.add(id);
  }

  /** Null when the container belonged to no task (released surplus). */
  public Completion completed(ContainerStatus status) {
    Task task = byContainer.remove(status.getContainerId());
    boolean ours = releasedByUs.remove(status.getContainerId());
    boolean wasHung = hung.remove(status.getContainerId());
    boolean live = task != null && (task.state == Task.State.RUNNING || task.state == Task.State.STARTING);
    if (!live || !status.getContainerId().equals(task.container)) {
      return null;
    }
    ExitClassifier.Exit exit = ExitClassifier.classify(status, ours && !wasHung, wasHung, memorySettings.get(task.role));
    if (exit.kind == ExitClassifier.Kind.SUCCESS) {
      task.state = Task.State.SUCCEEDED;
      return new Completion(task, exit, false, null);
    }
    return failed(task, exit);
  }

  private Completion failed(Task task, ExitClassifier.Exit exit) {
    byContainer.remove(task.container);
    counts.get(task.role).failed++;
    String failure = null;
    if (exit.kind.countsAgainstJob) {
      jobFailures++;
      task.countedFailures++;
      if (task.host != null) {
        hosts.recordFailure(task.host);
      }
      if (task.countedFailures >= maxAttemptsPerTask) {
        failure = task + " failed " + maxAttemptsPerTask + " times (--set max-attempts-per-task); last: " + exit.message;
      } else if (jobFailures > maxFailuresPerJob) {
        failure = "the job's containers failed " + jobFailures + " times (--set max-failures-per-job); last: "
            + task + " " + exit.message;
      }
    }
    if (failure == null && !relaunchable.contains(task.role)) {
      failure = task + " " + exit.message + "; this job does not relaunch a "
          + task.role.name().toLowerCase(java.util.Locale.ROOT);
    }
    if (failure != null) {
      task.state = Task.State.FAILED;
      return new Completion(task, exit, false, failure);
    }
    task.attempt++;
    task.state = Task.State.NEEDS_CONTAINER;
    task.container = null;
    counts.get(task.role).relaunched++;
    return new Completion(task, exit, true, null);
  }

  public boolean allSucceeded(Role role) {
    return tasks(role).stream().allMatch(t -> t.state == Task.State.SUCCEEDED);
  }

  /** Tasks with a container: starting or running. */
  public int running(Role role) {
    return count(role, Task.State.STARTING) + count(role, Task.State.RUNNING);
  }

  /** Containers that the AM is running now, for stopping them at the end. */
  public List<ContainerId> runningContainers() {
    return new ArrayList<>(byContainer.keySet());
  }

  /** Whether any host has failed often enough to be avoided. */
  public boolean hasHostsToAvoid() {
    return !hosts.excludedHosts().isEmpty();
  }

  /**
   * Hosts to keep away from. For every role, at least half of the hosts that can hold its
   * containers stay (and never none): the only GPU host, or most of the cluster, excluded would
   * leave requests that can never be met. The hosts with the most failures go first.
   *
   * @param fitting per role, the hosts with a node large enough for its containers
   */
  public Set<String> excludedHosts(Map<Role, Set<String>> fitting) {
    Set<String> failing = hosts.excludedHosts();
    Set<String> chosen = new HashSet<>();
    for (String host : hosts.byFailures()) {
      if (failing.contains(host) && leavesHalf(fitting, chosen, host)) {
        chosen.add(host);
      }
    }
    return chosen;
  }

  private static boolean leavesHalf(Map<Role, Set<String>> fitting, Set<String> chosen, String host) {
    for (Set<String> candidates : fitting.values()) {
      if (candidates.contains(host)
          && chosen.stream().filter(candidates::contains).count() + 1 > candidates.size() / 2) {
        return false;
      }
    }
    return true;
  }
}
