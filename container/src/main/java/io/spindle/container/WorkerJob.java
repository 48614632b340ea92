package io.spindle.container;

import io.spindle.ps.PsClient;
import io.spindle.selftest.SumOfOnes;
import io.spindle.thrift.JobSpec;
import io.spindle.thrift.TaskId;
import io.spindle.thrift.TaskResult;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A worker's part of a job, prepared once (data loaded) and run from the parameter server's
 * current clock; after a rollback it is run again from the clock the shards went back to.
 */
interface WorkerJob {
  TaskResult run(PsClient ps, Faults faults) throws IOException;

  static WorkerJob create(JobSpec spec, TaskId task, Map<String, Double> live) throws IOException {
    switch (spec.getCommand()) {
      case "train":
        return new TrainTask(spec, task, live);
      case "selftest":
        return (ps, faults) -> {
          SumOfOnes.Outcome outcome = SumOfOnes.standard(spec.getWorkers(), spec.getClocks()).run(ps, faults::atClock);
          Map<String, Double> metrics = new HashMap<>();
          metrics.put("bound_violations", (double) outcome.boundViolations);
          metrics.put("cache_hits", (double) ps.cacheHits());
          metrics.put("cache_misses", (double) ps.cacheMisses());
          TaskResult result = new TaskResult(true).setExact(outcome.exact).setMetrics(metrics);
          return outcome.firstProblem == null ? result : result.setMessage(outcome.firstProblem);
        };
      default:
        throw new IllegalArgumentException("this container does not know command '" + spec.getCommand() + "'");
    }
  }
}
