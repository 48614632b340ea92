package io.spindle.am;

import io.spindle.thrift.JobSpec;
import io.spindle.thrift.ResourceSpec;
import io.spindle.thrift.Role;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceInformation;
import org.apache.hadoop.yarn.exceptions.ResourceNotFoundException;

/** Per-role container asks, and the check that the cluster can ever grant them. */
public final class Resources {
  public static final String GPU = ResourceInformation.GPU_URI;

  private Resources() {}

  public static ResourceSpec of(JobSpec spec, Role role) {
    return role == Role.SERVER ? spec.getServerResources() : spec.getWorkerResources();
  }

  /** The flag or setting a user changes for each part of a role's ask. */
  public static String memorySetting(Role role) {
    return "--set " + name(role) + ".memory-mb";
  }

  static String name(Role role) {
    return role.name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Resource ask(ResourceSpec spec) {
    Resource r = Resource.newInstance(spec.getMemoryMb(), spec.getVcores());
    if (spec.getGpus() > 0) {
      try {
        r.setResourceValue(GPU, spec.getGpus());
      } catch (ResourceNotFoundException e) {
        throw new IllegalArgumentException(unknownGpuMessage());
      }
    }
    return r;
  }

  static String unknownGpuMessage() {
    return "this cluster does not know the resource type " + GPU + " (add it to yarn.resource-types and give "
        + "NodeManagers GPUs), so GPU containers cannot be granted; run with --gpus-per-worker 0";
  }

  /** Null when every role's ask fits {@code largest}, else what to change. */
  public static String impossibleAsk(JobSpec spec, Resource largest, String where) {
    for (Role role : Role.values()) {
      ResourceSpec ask = of(spec, role);
      String who = name(role) + "s";
      if (ask.getMemoryMb() > largest.getMemorySize()) {
        return who + " ask " + ask.getMemoryMb() + " MB of memory but " + where + " grants at most "
            + largest.getMemorySize() + " MB; lower " + memorySetting(role);
      }
      if (ask.getVcores() > largest.getVirtualCores()) {
        return who + " ask " + ask.getVcores() + " vcores but " + where + " grants at most "
            + largest.getVirtualCores() + "; lower --set " + name(role) + ".vcores";
      }
      if (ask.getGpus() > 0) {
        long gpus;
        try {
          gpus = largest.getResourceValue(GPU);
        } catch (ResourceNotFoundException e) {
          return unknownGpuMessage();
        }
        if (ask.getGpus() > gpus) {
          return who + " ask " + ask.getGpus() + " GPUs (" + GPU + ") each but " + where + " grants at most " + gpus
              + "; lower --gpus-per-worker";
        }
      }
    }
    return null;
  }
}
