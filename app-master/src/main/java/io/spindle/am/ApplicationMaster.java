package io.spindle.am;

import io.spindle.container.ContainerMain;
import io.spindle.ml.data.SplitReader;
import io.spindle.ps.CheckpointStore;
import io.spindle.rpc.ThriftServer;
import io.spindle.thrift.Coordinator;
import io.spindle.thrift.JobSpec;
import io.spindle.thrift.ResourceSpec;
import io.spindle.thrift.Role;
import io.spindle.thrift.TaskResult;
import io.spindle.util.Json;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.ApplicationConstants.Environment;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.UpdatedContainer;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;
import org.apache.hadoop.yarn.util.resource.ResourceUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spindle ApplicationMaster: asks the ResourceManager for server and worker containers,
 * launches them, runs the Coordinator they register with, relaunches what fails (as decided by
 * the {@link Allocator}), and ends the application with one final status and message.
 *
 * <p>Threading: YARN's callback threads only enqueue events; one thread (the one in
 * {@link #run()}) owns all state and applies them in order.
 */
public final class ApplicationMaster {
  private static final Logger LOG = LoggerFactory.getLogger(ApplicationMaster.class);
  private static final int COORDINATOR_MAX_FRAME = 16 << 20;
  private static final long SERVER_GRACE_MS = 15_000;

  private final Configuration conf;
  private final JobSpec spec;
  private final Path staging;
  private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
  private final Map<Long, ContainerRequest> outstanding = new HashMap<>();
  private final Allocator allocator;
  private final CoordinatorService coordinator;
  private final Map<String, Object> allocatedGpus = new LinkedHashMap<>();
  private AMRMClientAsync<ContainerRequest> rm;
  private NMClientAsync nm;
  private FileSystem fs;
  private boolean finishing;
  private String failure;
  private int coordinatorPort;
  private List<List<String>> workerHosts = List.of();
  private final java.util.Set<ContainerId> hungContainers = new java.util.HashSet<>();
  private final AllocationWait allocationWait;
  private Set<String> excludedHosts = Set.of();
  private int resumeFrom;
  private Map<Role, Set<String>> hostsFitting;
  private long hostsFittingAt = -60_000;

  ApplicationMaster(Configuration conf, JobSpec spec, Path staging) {
    this.conf = conf;
    this.spec = spec;
    this.staging = staging;
    this.coordinator = new CoordinatorService(spec, System::currentTimeMillis);
    this.allocationWait = new AllocationWait(spec);
    this.allocator = new Allocator(
        Map.of(Role.SERVER, spec.getServers(), Role.WORKER, spec.getWorkers()),
        Set.of(Role.WORKER, Role.SERVER),
        spec.getMaxAttemptsPerTask(), spec.getMaxFailuresPerJob(),
        new FailureTracker(2, 10 * 60_000L, System::currentTimeMillis),
        Map.of(Role.SERVER, Resources.memorySetting(Role.SERVER), Role.WORKER, Resources.memorySetting(Role.WORKER)));
  }

  public static void main(String[] args) {
    int status;
    try {
      Configuration conf = io.spindle.container.ContainerConf.load();
      JobSpec spec = JobSpecs.read(Files.readAllBytes(new File(Launch.SPEC).toPath()));
      Path staging = new Path(System.getenv(Launch.STAGING_ENV));
      status = new ApplicationMaster(conf, spec, staging).run();
    } catch (Throwable t) {
      LOG.error("ApplicationMaster failed", t);
      status = 1;
    }
    System.exit(status);
  }

  int run() throws Exception {
    fs = staging.getFileSystem(conf);
    try (ThriftServer server = ThriftServer.start(new Coordinator.Processor<>(coordinator), COORDINATOR_MAX_FRAME,
        "coordinator")) {
      // This process's resource types (GPUs among them) are set from the shipped configuration
      // before the heartbeat thread starts: that thread's first reply would otherwise set them
      // lazily from the node's configuration alone, and where it finished after the registration
      // had set them it put back a list without GPUs (a GPU ask then failed, once in a while).
      ResourceUtils.resetResourceTypes(conf);
      rm = AMRMClientAsync.createAMRMClientAsync(500, new RmEvents());
      rm.init(conf);
      rm.start();
      RegisterApplicationMasterResponse registration =
          rm.registerApplicationMaster(ContainerMain.hostName(), server.port(), "");
      coordinator.startup().mark(StartupTimeline.AM_STARTED, java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
      coordinator.startup().mark(StartupTimeline.AM_REGISTERED, System.currentTimeMillis());
      ResourceUtils.reinitializeResources(registration.getResourceTypes());
      String impossible = Resources.impossibleAsk(spec, registration.getMaximumResourceCapability(), "this cluster");
      if (impossible != null) {
        return finish(FinalApplicationStatus.FAILED, impossible);
      }
      coordinatorPort = server.port();
      resumeFrom = seedFromCheckpoints();
      workerHosts = preferredWorkerHosts();
      nm = NMClientAsync.createNMClientAsync(new NmEvents());
      nm.init(conf);
      nm.start();
      try {
        return loop();
      } catch (Exception e) {
        if (finishing) {
          throw e;
        }
        // Unregistering says why; an AM that merely exits leaves YARN to retry it, or to report
        // only an exit code.
        LOG.error("ApplicationMaster failed", e);
        return finish(FinalApplicationStatus.FAILED, "the ApplicationMaster failed: " + e);
      }
    }
  }

  private int loop() throws Exception {
    long workersDoneAt = -1;
    while (true) {
      requestContainers();
      Runnable event = events.poll(200, TimeUnit.MILLISECONDS);
      while (event != null) {
        event.run();
        event = events.poll();
      }
      publishCounts();
      checkLiveness();
      if (failure == null) {
        failure = allocationWait.overdue(allocator, System.currentTimeMillis());
      }
      if (failure == null) {
        failure = coordinator.reportedFailure();
      }
      if (failure != null) {
        return finish(FinalApplicationStatus.FAILED, failure);
      }
      if (coordinator.allWorkersReported()) {
        workersDoneAt = workersDoneAt < 0 ? System.currentTimeMillis() : workersDoneAt;
        boolean serversDone = allocator.allSucceeded(Role.SERVER);
        if (serversDone || System.currentTimeMillis() - workersDoneAt > SERVER_GRACE_MS) {
          return finishWithResults();
        }
      }
    }
  }

  private int finishWithResults() throws Exception {
    TaskResult[] results = coordinator.results();
    for (int w = 0; w < results.length; w++) {
      if (!results[w].isSuccess()) {
        return finish(FinalApplicationStatus.FAILED, "worker " + w + " failed: " + results[w].getMessage());
      }
      if (results[w].isSetExact() && !results[w].isExact()) {
        return finish(FinalApplicationStatus.FAILED, "worker " + w + " found inexact parameters: " + results[w].getMessage());
      }
    }
    return finish(FinalApplicationStatus.SUCCEEDED, spec.getCommand() + " succeeded");
  }

  /** A resumed job finds its checkpoints on HDFS and starts from the newest that every shard holds. */
  private int seedFromCheckpoints() throws IOException {
    if (!spec.isSetCheckpointDir()) {
      return 0;
    }
    Path dir = new Path(spec.getCheckpointDir());
    FileSystem checkpointFs = dir.getFileSystem(conf);
    if (!checkpointFs.exists(dir)) {
      return 0;
    }
    List<Collection<Integer>> held = new ArrayList<>();
    for (int s = 0; s < spec.getServers(); s++) {
      held.add(new CheckpointStore(checkpointFs, dir, s, spec.getCheckpointsKept()).committedClocks());
    }
    int clock = coordinator.seedCheckpoints(held);
    if (clock > 0) {
      LOG.info("Resuming from the checkpoints of clock {} in {}", clock, spec.getCheckpointDir());
    }
    return clock;
  }

  /** Hosts holding each worker's training splits; none when the job reads no input. */
  private List<List<String>> preferredWorkerHosts() {
    if (!spec.isSetTrainUri()) {
      return List.of();
    }
    try {
      return Placement.preferredHosts(new SplitReader(conf).splits(spec.getTrainUri(), spec.getWorkers()),
          spec.getWorkers());
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot compute where the input lives ({}); workers go anywhere", e.getMessage());
      return List.of();
    }
  }

  private void removeRequests(List<Long> ids) {
    for (long id : ids) {
      ContainerRequest request = outstanding.remove(id);
      if (request != null && rm != null) {
        rm.removeContainerRequest(request);
      }
    }
  }

  private void requestContainers() {
    removeRequests(allocator.cancelSurplus(false));
    for (Allocator.Request request : allocator.newRequests()) {
      ResourceSpec ask = Resources.of(spec, request.task.role);
      List<String> nodes = request.task.role == Role.WORKER && request.task.index < workerHosts.size()
          ? workerHosts.get(request.task.index) : List.of();
      ContainerRequest containerRequest = ContainerRequest.newBuilder()
          .capability(Resources.ask(ask))
          .priority(Priority.newInstance(request.task.role == Role.SERVER ? 1 : 2))
          .allocationRequestId(request.id)
          .nodes(nodes.isEmpty() ? null : nodes.toArray(new String[0]))
          .relaxLocality(true)   // node, then rack, then anywhere
          .build();
      outstanding.put(request.id, containerRequest);
      rm.addContainerRequest(containerRequest);
      LOG.info("Asked for a container for {}: {}", request.task, containerRequest.getCapability());
    }
    updateExcludedHosts();
  }

  /** Tells the ResourceManager which hosts to avoid, when that changes. */
  private void updateExcludedHosts() {
    Map<Role, Set<String>> fitting = allocator.hasHostsToAvoid() ? hostsFitting() : null;
    Set<String> wanted = fitting == null ? Set.of() : allocator.excludedHosts(fitting);
    if (wanted.equals(excludedHosts)) {
      return;
    }
    List<String> add = new ArrayList<>(wanted);
    add.removeAll(excludedHosts);
    List<String> remove = new ArrayList<>(excludedHosts);
    remove.removeAll(wanted);
    LOG.info("Avoiding hosts {} (no longer: {})", add, remove);
    rm.updateBlacklist(add, remove);
    excludedHosts = wanted;
  }

  /**
   * Per role, the hosts with a running node that can hold its containers; asked only when a host
   * is to be avoided, at most once a minute. Null when the ResourceManager cannot say: then no
   * host is avoided, rather than perhaps the only ones that fit.
   */
  private Map<Role, Set<String>> hostsFitting() {
    if (System.currentTimeMillis() - hostsFittingAt < 60_000) {
      return hostsFitting;
    }
    hostsFittingAt = System.currentTimeMillis();
    try (org.apache.hadoop.yarn.client.api.YarnClient yarn = org.apache.hadoop.yarn.client.api.YarnClient.createYarnClient()) {
      yarn.init(conf);
      yarn.start();
      Map<String, List<org.apache.hadoop.yarn.api.records.Resource>> nodesByHost = new HashMap<>();
      for (org.apache.hadoop.yarn.api.records.NodeReport node
          : yarn.getNodeReports(org.apache.hadoop.yarn.api.records.NodeState.RUNNING)) {
        nodesByHost.computeIfAbsent(node.getNodeId().getHost(), h -> new ArrayList<>()).add(node.getCapability());
      }
      hostsFitting = Resources.hostsFitting(spec, nodesByHost);
    } catch (Exception e) {
      LOG.warn("Cannot list the cluster's nodes ({}); avoiding no host", e.getMessage());
      hostsFitting = null;
    }
    return hostsFitting;
  }

  private void onAllocated(Container container) {
    Task task = allocator.allocated(container);
    if (task == null) {
      LOG.info("Releasing surplus container {}", container.getId());
      rm.releaseAssignedContainer(container.getId());
      return;
    }
    ContainerRequest request = outstanding.remove(task.requestId);
    if (request != null) {
      rm.removeContainerRequest(request);
    }
    coordinator.launched(task.id());
    coordinator.startup().containerAllocated(task.id(), System.currentTimeMillis());
    if (task.role == Role.WORKER && spec.getWorkerResources().getGpus() > 0) {
      allocatedGpus.put("worker " + task.index, container.getResource().getResourceValue(Resources.GPU));
    }
    LOG.info("Launching {} in {} on {} with {}", task, container.getId(), task.host, container.getResource());
    try {
      List<String> args = List.of("--role", task.role.name().toLowerCase(java.util.Locale.ROOT),
          "--index", String.valueOf(task.index), "--attempt", String.valueOf(task.attempt()),
          "--coordinator", ContainerMain.hostName() + ":" + coordinatorPort);
      nm.startContainerAsync(container, Launch.context(conf, fs, staging,
          Resources.of(spec, task.role).getMemoryMb(), ContainerMain.class.getName(), args));
    } catch (IOException e) {
      launchFailed(container.getId(), e.getMessage());
    }
  }

  /**
   * A container whose process did not start: a failed attempt, and the container goes back to
   * the ResourceManager at once instead of holding its resources until the allocation expires.
   */
  private void launchFailed(ContainerId id, String message) {
    onCompletion(allocator.launchFailed(id, message));
    allocator.releasing(id);
    rm.releaseAssignedContainer(id);
  }

  private void onCompleted(ContainerStatus status) {
    onCompletion(allocator.completed(status));
  }

  private void onCompletion(Allocator.Completion completion) {
    if (completion == null) {
      return;
    }
    LOG.info("{} in {} ended: {}", completion.task, completion.container, completion.exit.message);
    if (completion.jobFailure != null && failure == null) {
      failure = completion.jobFailure;
    } else if (completion.relaunch) {
      LOG.info("Relaunching as {}", completion.task);
      // Superseded now, not once the new container comes: a process the ResourceManager gave up
      // for lost (its node cut off) may still run, and must not serve the recovery.
      coordinator.launched(completion.task.id());
      if (completion.task.role == Role.SERVER) {
        coordinator.beginRecovery("server " + completion.task.index + " " + completion.exit.message);
      }
    }
  }

  /** Kills (and so relaunches) a container that stopped heartbeating, or never started to: a hung task never hangs the job. */
  private void checkLiveness() {
    for (Role role : Role.values()) {
      for (Task task : allocator.tasks(role)) {
        boolean quiet = coordinator.silent(role, task.index);
        boolean done = role == Role.WORKER && coordinator.hasReported(task.index);
        boolean live = task.state() == Task.State.RUNNING || task.state() == Task.State.STARTING;
        if (live && quiet && !done && hungContainers.add(task.container())) {
          LOG.warn("{} in {} has been silent too long (heartbeat-timeout-ms {}, start-timeout-ms {}); killing it", task,
              task.container(), spec.getHeartbeatTimeoutMs(), spec.getStartTimeoutMs());
          allocator.hung(task.container());
          nm.stopContainerAsync(task.container(), task.node());
        }
      }
    }
  }

  private void publishCounts() {
    int running = 0;
    int failed = 0;
    int relaunched = 0;
    for (Role role : Role.values()) {
      running += allocator.running(role);
      failed += allocator.counts(role).failed;
      relaunched += allocator.counts(role).relaunched;
    }
    coordinator.containerCounts(running, failed, relaunched);
  }

  /** The one exit path: stop containers, write the summary, unregister. */
  private int finish(FinalApplicationStatus status, String message) throws Exception {
    finishing = true;
    LOG.info("Finishing with {}: {}", status, message);
    coordinator.stop();
    removeRequests(allocator.cancelSurplus(true));
    if (nm != null) {
      long deadline = System.currentTimeMillis() + 5_000;
      while (System.currentTimeMillis() < deadline && !allocator.runningContainers().isEmpty()) {
        Runnable event = events.poll(100, TimeUnit.MILLISECONDS);
        if (event != null) {
          event.run();
        }
      }
      for (ContainerId id : allocator.runningContainers()) {
        allocator.releasing(id);
        rm.releaseAssignedContainer(id);
      }
    }
    writeSummary(status, message);
    if (status == FinalApplicationStatus.SUCCEEDED && spec.isSetCheckpointDir()) {
      removeCheckpoints();
    }
    rm.unregisterApplicationMaster(status, message, null);
    if (nm != null) {
      nm.stop();
    }
    rm.stop();
    return status == FinalApplicationStatus.SUCCEEDED ? 0 : 1;
  }

  /**
   * The job is done: nothing to resume. The checkpoints lie beside the model, which may be on a
   * filesystem other than the staging one; failing to remove them must not fail a finished job.
   */
  private void removeCheckpoints() {
    Path dir = new Path(spec.getCheckpointDir());
    try {
      dir.getFileSystem(conf).delete(dir, true);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not remove the checkpoints at {}: {}", dir, e.toString());
    }
  }

  private void writeSummary(FinalApplicationStatus status, String message) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("application_id", applicationId());
    summary.put("final_status", status.name());
    Map<String, Object> attempts = new LinkedHashMap<>();
    for (Role role : Role.values()) {
      Allocator.Counts c = allocator.counts(role);
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("launched", c.launched);
      counts.put("failed", c.failed);
      counts.put("relaunched", c.relaunched);
      attempts.put(Resources.name(role), counts);
    }
    summary.put("attempts", attempts);
    TaskResult[] results = coordinator.results();
    Map<String, Double> metrics = WorkerMetrics.merged(results);
    boolean exact = true;
    boolean anyExact = false;
    for (TaskResult r : results) {
      exact &= r != null && (!r.isSetExact() || r.isExact());
      anyExact |= r != null && r.isSetExact();
    }
    if (resumeFrom > 0) {
      metrics.put("resumed_from_clock", (double) resumeFrom);
    }
    if (coordinator.lastRecoveryClock() >= 0) {
      metrics.put("rolled_back_to_clock", (double) coordinator.lastRecoveryClock());
    }
    long firstClock = WorkerMetrics.firstClockDoneAtMs(results);
    if (firstClock > 0) {
      coordinator.startup().mark(StartupTimeline.FIRST_CLOCK, firstClock);
    }
    summary.put("metrics", metrics);
    summary.put("startup_ms", coordinator.startup().milestones());
    if (spec.getCommand().equals("selftest")) {
      summary.put("exact", anyExact && exact && status == FinalApplicationStatus.SUCCEEDED);
    }
    if (!allocatedGpus.isEmpty()) {
      summary.put("gpus", allocatedGpus);
    }
    summary.put("message", message);
    try (OutputStream out = fs.create(new Path(staging, Launch.SUMMARY), true)) {
      out.write(Json.write(summary).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      LOG.error("Could not write the job summary to {}", staging, e);
    }
  }

  private static String applicationId() {
    String container = System.getenv(Environment.CONTAINER_ID.name());
    return container == null ? "unknown"
        : ContainerId.fromString(container).getApplicationAttemptId().getApplicationId().toString();
  }

  /** ResourceManager callbacks: enqueue only. */
  private final class RmEvents extends AMRMClientAsync.AbstractCallbackHandler {
    @Override
    public void onContainersCompleted(List<ContainerStatus> statuses) {
      statuses.forEach(s -> events.add(() -> onCompleted(s)));
    }

    @Override
    public void onContainersAllocated(List<Container> containers) {
      containers.forEach(c -> events.add(() -> onAllocated(c)));
    }

    @Override
    public void onContainersUpdated(List<UpdatedContainer> containers) {}

    @Override
    public void onShutdownRequest() {
      events.add(() -> failure = "the ResourceManager asked this ApplicationMaster to shut down");
    }

    @Override
    public void onNodesUpdated(List<NodeReport> nodes) {}

    @Override
    public float getProgress() {
      return coordinator.fractionDone();
    }

    @Override
    public void onError(Throwable e) {
      events.add(() -> failure = "lost the ResourceManager: " + e.getMessage());
    }
  }

  /** NodeManager callbacks: enqueue only. */
  private final class NmEvents extends NMClientAsync.AbstractCallbackHandler {
    @Override
    public void onContainerStarted(ContainerId id, Map<String, ByteBuffer> services) {
      events.add(() -> {
        Task task = allocator.started(id);
        if (task != null) {
          coordinator.startup().containerLaunched(task.id(), System.currentTimeMillis());
        }
      });
    }

    @Override
    public void onContainerStatusReceived(ContainerId id, ContainerStatus status) {}

    @Override
    public void onContainerStopped(ContainerId id) {}

    @Override
    public void onStartContainerError(ContainerId id, Throwable t) {
      events.add(() -> launchFailed(id, t.getMessage()));
    }

    @Override
    public void onContainerResourceIncreased(ContainerId id, org.apache.hadoop.yarn.api.records.Resource r) {}

    @Override
    public void onContainerResourceUpdated(ContainerId id, org.apache.hadoop.yarn.api.records.Resource r) {}

    @Override
    public void onGetContainerStatusError(ContainerId id, Throwable t) {}

    @Override
    public void onIncreaseContainerResourceError(ContainerId id, Throwable t) {}

    @Override
    public void onUpdateContainerResourceError(ContainerId id, Throwable t) {}

    @Override
    public void onStopContainerError(ContainerId id, Throwable t) {
      events.add(() -> {
        LOG.warn("Could not stop {} ({}); asking the ResourceManager to take it back", id, t.getMessage());
        rm.releaseAssignedContainer(id);
      });
    }
  }
}
