package io.spindle.am;

import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerStatus;

/** Every container exit is classified here, and only here. */
public final class ExitClassifier {
  private ExitClassifier() {}

  public enum Kind {
    SUCCESS(false),
    APP_FAULT(true),        // the process failed: our bug, bad input, or a crash drill
    MEMORY_LIMIT(true),     // killed by the NodeManager for exceeding its memory
    NODE_FAULT(false),      // disks failed, node lost: not the job's fault
    PREEMPTED(false),       // the scheduler took the container back
    HUNG(true),             // stopped heartbeating; the ApplicationMaster killed it
    KILLED_BY_US(false);    // the ApplicationMaster released or stopped it

    public final boolean countsAgainstJob;

    Kind(boolean countsAgainstJob) {
      this.countsAgainstJob = countsAgainstJob;
    }
  }

  /** A classified exit with a message for the user. */
  public static final class Exit {
    public final Kind kind;
    public final String message;

    Exit(Kind kind, String message) {
      this.kind = kind;
      this.message = message;
    }
  }

  /**
   * @param releasedByUs the AM asked for this container to go (surplus, job over)
   * @param memorySetting the setting to raise when memory was exceeded, e.g. "--set worker.memory-mb"
   */
  public static Exit classify(ContainerStatus status, boolean releasedByUs, String memorySetting) {
    return classify(status, releasedByUs, false, memorySetting);
  }

  /** @param hung the AM killed it because it stopped heartbeating */
  public static Exit classify(ContainerStatus status, boolean releasedByUs, boolean hung, String memorySetting) {
    int code = status.getExitStatus();
    String diagnostics = status.getDiagnostics() == null ? "" : status.getDiagnostics().trim();
    if (code == ContainerExitStatus.SUCCESS) {
      return new Exit(Kind.SUCCESS, "exited normally");
    }
    if (hung) {
      return new Exit(Kind.HUNG, "stopped heartbeating, or never started to, and was killed (--set heartbeat-timeout-ms,"
          + " start-timeout-ms)");
    }
    if (releasedByUs || code == ContainerExitStatus.KILLED_BY_APPMASTER
        || code == ContainerExitStatus.KILLED_AFTER_APP_COMPLETION) {
      return new Exit(Kind.KILLED_BY_US, "stopped by the ApplicationMaster");
    }
    switch (code) {
      case ContainerExitStatus.PREEMPTED:
        return new Exit(Kind.PREEMPTED, "preempted by the scheduler");
      case ContainerExitStatus.DISKS_FAILED:
        return new Exit(Kind.NODE_FAULT, "the node's disks failed: " + diagnostics);
      case ContainerExitStatus.ABORTED:
      case ContainerExitStatus.KILLED_BY_RESOURCEMANAGER:
        return new Exit(Kind.NODE_FAULT, "lost with its node or taken by the ResourceManager: " + diagnostics);
      case ContainerExitStatus.KILLED_EXCEEDED_PMEM:
      case ContainerExitStatus.KILLED_EXCEEDED_VMEM:
        return new Exit(Kind.MEMORY_LIMIT, "killed for exceeding its memory limit; raise " + memorySetting
            + " (" + firstLine(diagnostics) + ")");
      default:
        return new Exit(Kind.APP_FAULT, "exited with status " + code + ": " + firstLine(diagnostics));
    }
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
