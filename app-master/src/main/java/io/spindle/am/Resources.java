package io.spindle.am;

import io.spindle.thrift.JobSpec;
import io.spindle.thrift.ResourceSpec;
import io.spindle.thrift.Role;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  /**
   * As {@link #impossibleAsk(JobSpec, Resource, String)}, against the cluster's nodes one by one:
   * an ask whose every part some node grants may still fit no single node (the memory on one,
   * the GPUs on another), and YARN would hold it until the allocation timeout.
   */
  public static String impossibleAsk(JobSpec spec, List<Resource> nodes) {
    String beyondEveryNode = impossibleAsk(spec, componentwiseMax(nodes),
        "the largest of the cluster's " + nodes.size() + " nodes");
    if (beyondEveryNode != null) {
      return beyondEveryNode;
    }
    for (Role role : Role.values()) {
      ResourceSpec ask = of(spec, role);
      if (nodes.stream().noneMatch(node -> fits(ask, node))) {
        return name(role) + "s ask " + ask.getMemoryMb() + " MB, " + ask.getVcores() + " vcores"
            + (ask.getGpus() > 0 ? " and " + ask.getGpus() + " GPUs" : "") + " each, and none of the cluster's "
            + nodes.size() + " nodes has all of that at once; lower " + memorySetting(role) + ", --set "
            + name(role) + ".vcores" + (ask.getGpus() > 0 ? " or --gpus-per-worker" : "");
      }
    }
    return null;
  }

  /** Per role, the hosts with a node that can hold one of its containers. */
  public static Map<Role, Set<String>> hostsFitting(JobSpec spec, Map<String, List<Resource>> nodesByHost) {
    Map<Role, Set<String>> fitting = new EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      ResourceSpec ask = of(spec, role);
      Set<String> hosts = new HashSet<>();
      nodesByHost.forEach((host, nodes) -> {
        if (nodes.stream().anyMatch(node -> fits(ask, node))) {
          hosts.add(host);
        }
      });
      fitting.put(role, hosts);
    }
    return fitting;
  }

  private static boolean fits(ResourceSpec ask, Resource node) {
    return ask.getMemoryMb() <= node.getMemorySize() && ask.getVcores() <= node.getVirtualCores()
        && (ask.getGpus() == 0 || gpus(node) >= ask.getGpus());
  }

  private static long gpus(Resource node) {
    try {
      return node.getResourceValue(GPU);
    } catch (ResourceNotFoundException e) {
      return 0;
    }
  }

  private static Resource componentwiseMax(List<Resource> nodes) {
    Resource max = Resource.newInstance(nodes.get(0));
    for (Resource node : nodes) {
      for (int i = 0; i < max.getResources().length; i++) {
        long value = node.getResourceInformation(i).getValue();
        if (value > max.getResourceInformation(i).getValue()) {
          max.setResourceValue(i, value);
        }
      }
    }
    return max;
  }
}
