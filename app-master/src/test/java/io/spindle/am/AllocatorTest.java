package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.thrift.Role;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The allocator driven by hand-built containers and statuses and a manual clock: no cluster. */
class AllocatorTest {
  private static final ApplicationAttemptId ATTEMPT =
      ApplicationAttemptId.newInstance(ApplicationId.newInstance(1, 1), 1);

  private final AtomicLong now = new AtomicLong();
  private Allocator allocator;
  private int nextContainer = 1;

  @BeforeEach
  void setUp() {
    allocator = allocator(3, 5);
  }

  private Allocator allocator(int maxAttempts, int maxJobFailures) {
    return new Allocator(Map.of(Role.SERVER, 1, Role.WORKER, 2), Set.of(Role.WORKER), maxAttempts, maxJobFailures,
        new FailureTracker(2, 60_000, now::get),
        Map.of(Role.SERVER, "--set server.memory-mb", Role.WORKER, "--set worker.memory-mb"));
  }

  private Container container(long requestId, String host) {
    ContainerId id = ContainerId.newContainerId(ATTEMPT, nextContainer++);
    Container c = Container.newInstance(id, NodeId.newInstance(host, 1234), host + ":8042",
        Resource.newInstance(1024, 1), Priority.newInstance(2), null);
    c.setAllocationRequestId(requestId);
    return c;
  }

  private static ContainerStatus exit(Container c, int status) {
    return ContainerStatus.newInstance(c.getId(), ContainerState.COMPLETE, "diagnostics for " + status, status);
  }

  /** Requests everything and launches each task on the given host; returns containers by task order. */
  private List<Container> launchAll(String host) {
    return allocator.newRequests().stream().map(r -> {
      Container c = container(r.id, host);
      assertNotNull(allocator.allocated(c));
      return c;
    }).toList();
  }

  @Test
  void oneRequestPerTaskAndNoneWhileOutstanding() {
    List<Allocator.Request> first = allocator.newRequests();
    assertEquals(3, first.size());
    assertEquals(1, first.stream().filter(r -> r.task.role == Role.SERVER).count());
    assertTrue(allocator.newRequests().isEmpty(), "requests are outstanding: missing = 0");
  }

  @Test
  void containersMatchTheirRequestAndSurplusIsReleased() {
    List<Allocator.Request> requests = allocator.newRequests();
    Container c = container(requests.get(1).id, "h1");
    Task task = allocator.allocated(c);
    assertEquals(requests.get(1).task, task);
    assertEquals(Task.State.STARTING, task.state(), "allocated, its process not yet started");
    allocator.started(c.getId());
    assertEquals(Task.State.RUNNING, task.state());
    assertEquals("h1", task.host());
    assertNull(allocator.allocated(container(requests.get(1).id, "h2")), "a second container for one request is surplus");
    assertNull(allocator.allocated(container(999, "h2")), "a container nobody asked for is surplus");
    assertEquals(1, allocator.running(requests.get(1).task.role));
  }

  @Test
  void bookkeepingFollowsEachTaskFromRequestToRunning() {
    List<Allocator.Request> requests = allocator.newRequests();
    assertEquals(2, allocator.count(Role.WORKER, Task.State.REQUESTED));
    Container c = container(requests.stream().filter(r -> r.task.role == Role.WORKER).findFirst().get().id, "h1");
    allocator.allocated(c);
    assertEquals(1, allocator.count(Role.WORKER, Task.State.REQUESTED));
    assertEquals(1, allocator.count(Role.WORKER, Task.State.STARTING));
    assertEquals(1, allocator.running(Role.WORKER), "starting counts as having a container");
    allocator.started(c.getId());
    assertEquals(1, allocator.count(Role.WORKER, Task.State.RUNNING));
  }

  @Test
  void outstandingRequestsAreCancelledWhenNoLongerNeeded() {
    List<Allocator.Request> requests = allocator.newRequests();
    assertTrue(allocator.cancelSurplus(false).isEmpty(), "every outstanding request is still wanted");
    List<Long> cancelled = allocator.cancelSurplus(true);
    assertEquals(requests.size(), cancelled.size(), "the job is ending: nothing more is wanted");
    assertNull(allocator.allocated(container(requests.get(0).id, "h1")), "a late container for it is surplus");
  }

  @Test
  void anAppFaultRelaunchesTheTaskAsANewAttempt() {
    List<Container> containers = launchAll("h1");
    Allocator.Completion done = allocator.completed(exit(containers.get(1), 70));
    assertTrue(done.relaunch);
    assertNull(done.jobFailure);
    assertEquals(ExitClassifier.Kind.APP_FAULT, done.exit.kind);
    assertEquals(1, done.task.attempt());
    List<Allocator.Request> again = allocator.newRequests();
    assertEquals(1, again.size());
    assertEquals(done.task, again.get(0).task);
    assertEquals(1, allocator.counts(Role.WORKER).failed);
    assertEquals(1, allocator.counts(Role.WORKER).relaunched);
    assertNull(allocator.completed(exit(containers.get(1), 70)), "a status for a finished attempt is ignored");
  }

  @Test
  void aTaskThatKeepsFailingFailsTheJobNamingTheSetting() {
    allocator = allocator(2, 10);
    launchAll("h1");
    Task worker = allocator.tasks(Role.WORKER).get(0);
    assertTrue(allocator.completed(exit(runningContainer(worker), 1)).relaunch);
    Container second = container(allocator.newRequests().get(0).id, "h2");
    allocator.allocated(second);
    Allocator.Completion done = allocator.completed(exit(second, 1));
    assertFalse(done.relaunch);
    assertTrue(done.jobFailure.contains("max-attempts-per-task"), done.jobFailure);
  }

  @Test
  void tooManyFailuresAcrossTheJobFailIt() {
    allocator = allocator(10, 1);
    launchAll("h1");
    assertNull(allocator.completed(exit(runningContainer(allocator.tasks(Role.WORKER).get(0)), 1)).jobFailure);
    String failure = allocator.completed(exit(runningContainer(allocator.tasks(Role.WORKER).get(1)), 1)).jobFailure;
    assertNotNull(failure);
    assertTrue(failure.contains("max-failures-per-job"), failure);
  }

  @Test
  void preemptionAndNodeLossDoNotCountAgainstTheJob() {
    allocator = allocator(1, 0);
    launchAll("h1");
    Task worker = allocator.tasks(Role.WORKER).get(0);
    for (int status : new int[] {ContainerExitStatus.PREEMPTED, ContainerExitStatus.ABORTED,
        ContainerExitStatus.DISKS_FAILED, ContainerExitStatus.PREEMPTED}) {
      Allocator.Completion done = allocator.completed(exit(runningContainer(worker), status));
      assertTrue(done.relaunch, "exit " + status);
      assertNull(done.jobFailure);
      allocator.allocated(container(allocator.newRequests().get(0).id, "h1"));
    }
    assertEquals(4, worker.attempt());
  }

  /** Attempts lost to preemption are not failures of the task either: its own limit counts only failures. */
  @Test
  void preemptedAttemptsDoNotUseUpATasksAttempts() {
    allocator = allocator(2, 10);
    launchAll("h1");
    Task worker = allocator.tasks(Role.WORKER).get(0);
    for (int preempted = 0; preempted < 3; preempted++) {
      assertTrue(allocator.completed(exit(runningContainer(worker), ContainerExitStatus.PREEMPTED)).relaunch);
      allocator.allocated(container(allocator.newRequests().get(0).id, "h1"));
    }
    assertTrue(allocator.completed(exit(runningContainer(worker), 1)).relaunch, "its first failure");
    allocator.allocated(container(allocator.newRequests().get(0).id, "h1"));
    Allocator.Completion second = allocator.completed(exit(runningContainer(worker), 1));
    assertFalse(second.relaunch);
    assertTrue(second.jobFailure.contains("failed 2 times"), second.jobFailure);
  }

  @Test
  void aMemoryKillNamesTheSettingToRaise() {
    launchAll("h1");
    Allocator.Completion done = allocator.completed(
        exit(runningContainer(allocator.tasks(Role.WORKER).get(0)), ContainerExitStatus.KILLED_EXCEEDED_PMEM));
    assertEquals(ExitClassifier.Kind.MEMORY_LIMIT, done.exit.kind);
    assertTrue(done.exit.message.contains("--set worker.memory-mb"), done.exit.message);
  }

  /** This allocator relaunches workers only (the job's AM relaunches both roles). */
  @Test
  void aRoleThatIsNotRelaunchableFailsTheJob() {
    launchAll("h1");
    Allocator.Completion done = allocator.completed(exit(runningContainer(allocator.tasks(Role.SERVER).get(0)), 1));
    assertFalse(done.relaunch);
    assertTrue(done.jobFailure.contains("server 0"), done.jobFailure);
  }

  @Test
  void aContainerKilledForSilenceIsAFailureAndRelaunched() {
    List<Container> containers = launchAll("h1");
    Task worker = allocator.tasks(Role.WORKER).get(0);
    Container running = runningContainer(worker);
    allocator.releasing(running.getId());   // the AM stops it...
    allocator.hung(running.getId());        // ...because it stopped heartbeating
    Allocator.Completion done = allocator.completed(exit(running, ContainerExitStatus.KILLED_BY_APPMASTER));
    assertEquals(ExitClassifier.Kind.HUNG, done.exit.kind);
    assertTrue(done.exit.message.contains("heartbeat-timeout-ms"), done.exit.message);
    assertTrue(done.relaunch);
    assertEquals(1, allocator.counts(Role.WORKER).failed);
    assertEquals(3, containers.size());
  }

  @Test
  void containersWeReleasedAreNotFailures() {
    List<Container> containers = launchAll("h1");
    allocator.releasing(containers.get(0).getId());
    Allocator.Completion done = allocator.completed(exit(containers.get(0), ContainerExitStatus.ABORTED));
    assertEquals(ExitClassifier.Kind.KILLED_BY_US, done.exit.kind);
    assertFalse(done.exit.kind.countsAgainstJob);
  }

  @Test
  void successCompletesTheTask() {
    launchAll("h1");
    for (Task w : allocator.tasks(Role.WORKER)) {
      assertFalse(allocator.allSucceeded(Role.WORKER));
      assertNull(allocator.completed(exit(runningContainer(w), 0)).jobFailure);
    }
    assertTrue(allocator.allSucceeded(Role.WORKER));
    assertTrue(allocator.newRequests().isEmpty());
  }

  @Test
  void aHostIsExcludedAfterRepeatedFailuresUntilTheWindowPasses() {
    allocator = allocator(10, 10);
    launchAll("bad");
    allocator.completed(exit(runningContainer(allocator.tasks(Role.WORKER).get(0)), 1));
    assertTrue(allocator.excludedHosts(hosts(10)).isEmpty());
    now.addAndGet(1_000);
    allocator.completed(exit(runningContainer(allocator.tasks(Role.WORKER).get(1)), 1));
    assertEquals(Set.of("bad"), allocator.excludedHosts(hosts(10)));
    now.set(60_000);
    assertEquals(Set.of("bad"), allocator.excludedHosts(hosts(10)), "both failures are inside the window");
    now.set(60_001);
    assertTrue(allocator.excludedHosts(hosts(10)).isEmpty(), "the first failure left the window");
  }

  /**
   * Excluding the only host (or most of them) would leave requests nobody can ever meet; so would
   * excluding the only host that fits one role (the GPU host of GPU workers).
   */
  @Test
  void neverExcludeSoManyHostsThatTheJobCannotBePlaced() {
    allocator = allocator(10, 10);
    launchAll("only");
    allocator.completed(exit(runningContainer(allocator.tasks(Role.WORKER).get(0)), 1));
    allocator.completed(exit(runningContainer(allocator.tasks(Role.WORKER).get(1)), 1));
    assertTrue(allocator.hasHostsToAvoid());
    assertEquals(Set.of("only"), allocator.excludedHosts(hosts(10)));
    assertTrue(allocator.excludedHosts(hosts(1)).isEmpty(), "a one-host cluster keeps its host");
    assertTrue(allocator.excludedHosts(Map.of(Role.WORKER, Set.of("only"), Role.SERVER, Set.of("only", "a", "b", "c")))
        .isEmpty(), "the workers' only host");
    assertEquals(Set.of("only"), allocator.excludedHosts(Map.of(Role.WORKER, Set.of("only", "gpu2"),
        Role.SERVER, Set.of("only", "gpu2", "a", "b"))), "another host fits the workers");
  }

  /** Every role fits {@code count} hosts, "only" and "bad" among them (just "only" when there is one). */
  private static Map<Role, Set<String>> hosts(int count) {
    Set<String> names = new java.util.HashSet<>(Set.of("only", "bad"));
    for (int h = names.size(); h < count; h++) {
      names.add("h" + h);
    }
    Set<String> fitting = count == 1 ? Set.of("only") : names;
    return Map.of(Role.WORKER, fitting, Role.SERVER, fitting);
  }

  private static Container runningContainer(Task task) {
    Container c = Container.newInstance(task.container(), NodeId.newInstance(task.host(), 1234), "",
        Resource.newInstance(1024, 1), Priority.newInstance(2), null);
    return c;
  }
}
