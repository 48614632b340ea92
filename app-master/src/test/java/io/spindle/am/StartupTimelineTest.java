package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.spindle.thrift.Role;
import io.spindle.thrift.TaskId;
import org.junit.jupiter.api.Test;

/** Start-up milestones are reached when every task got there once, however many attempts it took. */
class StartupTimelineTest {
  @Test
  void aRelaunchedAttemptIsNotAnotherTask() {
    StartupTimeline timeline = new StartupTimeline(2);
    timeline.containerAllocated(new TaskId(Role.WORKER, 0, 0), 100);
    timeline.containerAllocated(new TaskId(Role.WORKER, 0, 1), 200);   // the first attempt failed at once
    assertFalse(timeline.milestones().containsKey(StartupTimeline.CONTAINERS_ALLOCATED), "the shard has none yet");
    timeline.containerAllocated(new TaskId(Role.SERVER, 0, 0), 300);
    timeline.containerAllocated(new TaskId(Role.WORKER, 0, 2), 400);
    assertEquals(300L, timeline.milestones().get(StartupTimeline.CONTAINERS_ALLOCATED));

    timeline.taskRegistered(new TaskId(Role.SERVER, 0, 0), 500);
    timeline.taskRegistered(new TaskId(Role.WORKER, 0, 1), 600);   // only the relaunched attempt got this far
    assertEquals(600L, timeline.milestones().get(StartupTimeline.TASKS_REGISTERED));
  }
}
