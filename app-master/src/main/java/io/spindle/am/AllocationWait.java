package io.spindle.am;

import io.spindle.thrift.JobSpec;
import io.spindle.thrift.ResourceSpec;
import io.spindle.thrift.Role;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Fails a job whose containers are not granted in time. A job needs every shard and worker at
 * once: when the cluster or its queue has room for part of it only (too small, fragmented, or
 * busy with other jobs), the part that got containers would otherwise wait at its first barrier
 * forever, holding them. Not thread-safe: the ApplicationMaster's event loop calls it.
 */
final class AllocationWait {
  private final JobSpec spec;
  private final Map<Long, Long> askedAtMs = new HashMap<>();   // request id -> when first seen outstanding

  AllocationWait(JobSpec spec) {
    this.spec = spec;
  }

  /** A message naming the task that has waited too long and what to change, or null. */
  String overdue(Allocator allocator, long nowMs) {
    long limit = spec.getAllocationTimeoutMs();
    if (limit <= 0) {
      return null;
    }
    Set<Long> outstanding = new HashSet<>();
    for (Role role : Role.values()) {
      for (Task task : allocator.tasks(role)) {
        if (task.state() != Task.State.REQUESTED) {
          continue;
        }
        outstanding.add(task.requestId);
        long waited = nowMs - askedAtMs.computeIfAbsent(task.requestId, id -> nowMs);
        if (waited > limit) {
          return message(allocator, task, waited);
        }
      }
    }
    askedAtMs.keySet().retainAll(outstanding);
    return null;
  }

  private String message(Allocator allocator, Task task, long waitedMs) {
    ResourceSpec ask = Resources.of(spec, task.role);
    return task + " has waited " + waitedMs / 1000 + " s for a container of " + ask.getMemoryMb() + " MB and "
        + ask.getVcores() + " vcores" + (ask.getGpus() > 0 ? " and " + ask.getGpus() + " GPUs" : "")
        + "; " + granted(allocator, Role.WORKER) + " of " + spec.getWorkers() + " workers and "
        + granted(allocator, Role.SERVER) + " of " + spec.getServers() + " shards have theirs. The job needs all of"
        + " them at once and the cluster (or its queue) has had no room for the rest: ask for less ("
        + Resources.memorySetting(task.role) + ", --set " + Resources.name(task.role) + ".vcores, --workers,"
        + " --servers), use a queue with more room, or wait longer (--set allocation-timeout-s, 0 to wait for ever)";
  }

  private static long granted(Allocator allocator, Role role) {
    return allocator.tasks(role).stream()
        .filter(t -> t.state() == Task.State.STARTING || t.state() == Task.State.RUNNING).count();
  }
}
