package io.spindle.am;

import io.spindle.thrift.Role;
import io.spindle.thrift.TaskId;
import org.apache.hadoop.yarn.api.records.ContainerId;

/** One server or worker of the job across its attempts. Owned by the {@link Allocator}. */
public final class Task {
  /** REQUESTED: a container is asked for; STARTING: allocated, its process being launched; RUNNING: started. */
  public enum State { NEEDS_CONTAINER, REQUESTED, STARTING, RUNNING, SUCCEEDED, FAILED }

  public final Role role;
  public final int index;
  int attempt;
  /** Failures of its attempts that count against the job: not preemption or a lost node. */
  int countedFailures;
  State state = State.NEEDS_CONTAINER;
  long requestId = -1;
  ContainerId container;
  org.apache.hadoop.yarn.api.records.NodeId node;
  String host;

  Task(Role role, int index) {
    this.role = role;
    this.index = index;
  }

  public int attempt() {
    return attempt;
  }

  public State state() {
    return state;
  }

  public String host() {
    return host;
  }

  public ContainerId container() {
    return container;
  }

  public org.apache.hadoop.yarn.api.records.NodeId node() {
    return node;
  }

  public TaskId id() {
    return new TaskId(role, index, attempt);
  }

  @Override
  public String toString() {
    return role.name().toLowerCase(java.util.Locale.ROOT) + " " + index + " (attempt " + attempt + ")";
  }
}
