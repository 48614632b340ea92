package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.spindle.container.ContainerMain;
import io.spindle.thrift.TaskResult;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The job's metrics from its workers' results. */
class WorkerMetricsTest {
  private static TaskResult result(double pushed, double pulled, double clocksRun, double loss) {
    Map<String, Double> m = new HashMap<>(Map.of("bytes_pushed", pushed, "bytes_pulled", pulled,
        ContainerMain.CLOCKS_RUN, clocksRun, ContainerMain.FIRST_CLOCK_AT_MS, 1_000 + clocksRun, "loss", loss));
    return new TaskResult(true).setMetrics(m);
  }

  /**
   * Worker 0 ran all 100 clocks; worker 1 resumed at clock 60 and ran 40: each moves its bytes
   * over its own clocks, counts add up, and the rest is worker 0's.
   */
  @Test
  void bytesPerClockCountsEachWorkersRunFromWhereItResumed() {
    TaskResult[] results = {result(600, 400, 100, 0.25), result(240, 160, 40, 0.5), null};
    Map<String, Double> metrics = WorkerMetrics.merged(results);
    assertEquals(1000 / 100.0 + 400 / 40.0, metrics.get("bytes_per_clock"), 1e-9);
    assertEquals(840, metrics.get("bytes_pushed"));
    assertEquals(0.25, metrics.get("loss"));
    assertFalse(metrics.containsKey(ContainerMain.CLOCKS_RUN), "internal to the workers");
    assertFalse(metrics.containsKey(ContainerMain.FIRST_CLOCK_AT_MS), "a milestone, not a metric");
    assertEquals(1_100, WorkerMetrics.firstClockDoneAtMs(results));
  }
}
