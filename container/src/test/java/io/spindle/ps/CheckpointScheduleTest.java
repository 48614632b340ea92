package io.spindle.ps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CheckpointScheduleTest {

  @Test
  void everyNClocksSkipsTheMultiplesAWorkerPassedWhileOneWasPending() {
    CheckpointSchedule schedule = new CheckpointSchedule(4);
    assertEquals(4, schedule.next());
    schedule.taken(6);    // the fastest worker is at 6: clock 8 can still be taken
    assertEquals(8, schedule.next());
    schedule.taken(13);   // the fastest worker committed clock 12 while 8 was pending
    assertEquals(16, schedule.next());
    schedule.restoredTo(10);
    assertEquals(12, schedule.next());
  }

  @Test
  void namedClocksAreTakenInOrderWhileNoWorkerHasPassedThem() {
    CheckpointSchedule schedule = new CheckpointSchedule(0);
    assertEquals(0, schedule.next());
    assertFalse(schedule.arm(5, 5, 5), "every worker has passed clock 5");
    assertFalse(schedule.arm(7, 3, 8), "a worker has committed clock 7");
    assertTrue(schedule.arm(10, 3, 8));
    assertTrue(schedule.arm(20, 3, 12), "named while 10 is pending: it follows");
    assertTrue(schedule.arm(30, 3, 12));
    assertEquals(10, schedule.next());
    schedule.taken(21);   // a worker passed 20 while 10 was pending
    assertEquals(30, schedule.next());
    schedule.taken(31);
    assertEquals(0, schedule.next());
    assertTrue(schedule.arm(40, 31, 35));
    schedule.restoredTo(31);
    assertEquals(0, schedule.next(), "a rollback drops the named clocks: the coordinator names new ones");
  }
}
