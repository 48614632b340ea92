package io.spindle.am;

import io.spindle.container.ContainerMain;
import io.spindle.thrift.TaskResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** The job's metrics from the results its workers reported (null where a worker did not). */
final class WorkerMetrics {
  private WorkerMetrics() {}

  /**
   * Counts added up over workers, every other metric the first worker's (worker 0 evaluates the
   * model), and {@code bytes_per_clock}; the workers' internal metrics left out.
   */
  static Map<String, Double> merged(TaskResult[] results) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (TaskResult r : results) {
      if (r != null && r.isSetMetrics()) {
        r.getMetrics().forEach((k, v) -> metrics.merge(k, v, (a, b) -> summed(k) ? a + b : a));
      }
    }
    metrics.remove(ContainerMain.FIRST_CLOCK_AT_MS);
    metrics.remove(ContainerMain.CLOCKS_RUN);
    double bytesPerClock = bytesPerClock(results);
    if (bytesPerClock > 0) {   // the communication-volume baseline
      metrics.put("bytes_per_clock", bytesPerClock);
    }
    return metrics;
  }

  /** When every worker had done a clock of work (when the last of them had), -1 when unknown. */
  static long firstClockDoneAtMs(TaskResult[] results) {
    double last = -1;
    for (TaskResult r : results) {
      if (r != null && r.isSetMetrics()) {
        last = Math.max(last, r.getMetrics().getOrDefault(ContainerMain.FIRST_CLOCK_AT_MS, -1.0));
      }
    }
    return (long) last;
  }

  /**
   * Bytes all workers move in one clock, each worker's over the clocks its finished run did: one
   * that resumed from a checkpoint counts from there. 0 when no worker counted any.
   */
  private static double bytesPerClock(TaskResult[] results) {
    double total = 0;
    for (TaskResult r : results) {
      Map<String, Double> m = r == null || !r.isSetMetrics() ? Map.of() : r.getMetrics();
      double clocks = m.getOrDefault(ContainerMain.CLOCKS_RUN, 0.0);
      if (clocks > 0 && m.containsKey("bytes_pushed")) {
        total += (m.get("bytes_pushed") + m.getOrDefault("bytes_pulled", 0.0)) / clocks;
      }
    }
    return total;
  }

  private static boolean summed(String metric) {
    return metric.endsWith("_records") || metric.equals("bound_violations") || metric.startsWith("cache_")
        || metric.startsWith("bytes_");
  }
}
