package io.spindle.client;

import io.spindle.am.ApplicationMaster;
import io.spindle.am.JobSpecs;
import io.spindle.am.Launch;
import io.spindle.am.Resources;
import io.spindle.rpc.ThriftClients;
import io.spindle.thrift.Coordinator;
import io.spindle.thrift.JobProgress;
import io.spindle.thrift.JobSpec;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceInformation;
import org.apache.hadoop.yarn.api.records.ResourceTypeInfo;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.api.YarnClientApplication;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.util.resource.ResourceUtils;

/**
 * Submits a job to YARN and follows it: stages the jar, the JobSpec and the client's Hadoop
 * configuration in the application's HDFS staging directory, launches the ApplicationMaster,
 * prints progress, and returns the job's summary when it ends.
 */
public final class JobClient implements AutoCloseable {
  /** The jar to ship; when unset, the jar this class was loaded from. */
  public static final String JAR_PROPERTY = "spindle.jar";
  public static final String APPLICATION_TYPE = "SPINDLE";

  private final Configuration conf;
  private final PrintStream out;
  private final YarnClient yarn;

  /** How a followed job ended. */
  public static final class Outcome {
    public final FinalApplicationStatus status;
    public final String summaryJson;
    public final String diagnostics;

    Outcome(FinalApplicationStatus status, String summaryJson, String diagnostics) {
      this.status = status;
      this.summaryJson = summaryJson;
      this.diagnostics = diagnostics;
    }
  }

  /** Beside a job's checkpoints: the id of the application writing them. */
  static final String APPLICATION = "application";

  public JobClient(Configuration conf, PrintStream out) {
    this.conf = conf;
    this.out = out;
    this.yarn = YarnClient.createYarnClient();
    yarn.init(conf);
    yarn.start();
  }

  public YarnClient yarn() {
    return yarn;
  }

  /** Fails fast, before submitting, when no node could ever run the job's containers or its ApplicationMaster. */
  public void checkFits(JobSpec spec, int amMemoryMb) throws IOException, YarnException {
    List<NodeReport> nodes = yarn.getNodeReports(NodeState.RUNNING);
    if (nodes.isEmpty()) {
      throw new IllegalStateException("the cluster has no running NodeManagers");
    }
    learnResourceTypes();
    String impossible = Resources.impossibleAsk(spec, nodes.stream().map(NodeReport::getCapability).toList());
    if (impossible != null) {
      throw new ImpossibleAskException(impossible);
    }
    long largest = nodes.stream().mapToLong(node -> node.getCapability().getMemorySize()).max().orElse(0);
    if (amMemoryMb > largest) {
      throw new ImpossibleAskException("the ApplicationMaster asks " + amMemoryMb + " MB of memory but the largest of"
          + " the cluster's " + nodes.size() + " nodes has " + largest + " MB; lower --set " + Settings.AM_MEMORY.name);
    }
  }

  /**
   * Teaches this process the cluster's resource types (GPUs among them), so that node reports are
   * read with them; only where they differ: with an embedded cluster this process's types are the
   * ResourceManager's own, and replacing them under its threads would race with them.
   */
  private void learnResourceTypes() throws IOException, YarnException {
    List<ResourceTypeInfo> cluster = yarn.getResourceTypeInfo();
    Set<String> known = Arrays.stream(ResourceUtils.getResourceTypesArray()).map(ResourceInformation::getName)
        .collect(Collectors.toSet());
    if (!known.equals(cluster.stream().map(ResourceTypeInfo::getName).collect(Collectors.toSet()))) {
      ResourceUtils.reinitializeResources(cluster);
    }
  }

  public ApplicationId submit(JobSpec spec, int amMemoryMb, String queue) throws IOException, YarnException {
    checkFits(spec, amMemoryMb);
    YarnClientApplication app = yarn.createApplication();
    ApplicationId id = app.getNewApplicationResponse().getApplicationId();
    FileSystem fs = FileSystem.get(conf);
    Path staging = fs.makeQualified(stagingDir(fs, id));
    if (!spec.isSetCheckpointDir()) {
      spec.setCheckpointDir(new Path(staging, "checkpoints").toString());
    }
    // Beside the checkpoints, so that `train --resume` can run the same job again.
    Path checkpointDir = new Path(spec.getCheckpointDir());
    FileSystem checkpointFs = checkpointDir.getFileSystem(conf);
    notRunning(checkpointFs, checkpointDir);
    try {
      fs.mkdirs(staging);
      checkpointFs.mkdirs(checkpointDir);
      claim(checkpointFs, new Path(checkpointDir, APPLICATION), id);
      try (OutputStream specOut = checkpointFs.create(new Path(checkpointDir, Launch.SPEC), true)) {
        specOut.write(JobSpecs.write(spec));
      }
      submit(spec, app, fs, staging, amMemoryMb, queue);
      return id;
    } catch (IOException | YarnException | RuntimeException e) {
      try {
        fs.delete(staging, true);
        removeIfNothingToResume(spec, id);
      } catch (IOException | RuntimeException cleanup) {
        e.addSuppressed(cleanup);   // the refusal is what the user must see
      }
      throw e;
    }
  }

  /**
   * Names the job beside its checkpoints. A fresh output is claimed with a file only one job can
   * create: of two jobs started on one output at once, the second is refused. A resumed job takes
   * the name over from the job it resumes ({@link #notRunning} found that one ended).
   */
  private static void claim(FileSystem fs, Path named, ApplicationId id) throws IOException {
    try (OutputStream out = fs.create(named, fs.exists(named))) {
      out.write(id.toString().getBytes(StandardCharsets.UTF_8));
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      ApplicationId other = named(fs, named);
      throw new UsageException("another job started on " + named.getParent().getParent() + " at the same moment"
          + (other == null ? "" : ", as " + other) + "; name another --output");
    }
  }

  private void submit(JobSpec spec, YarnClientApplication app, FileSystem fs, Path staging, int amMemoryMb,
                      String queue) throws IOException, YarnException {
    fs.copyFromLocalFile(new Path(jar().getAbsolutePath()), new Path(staging, Launch.JAR));
    try (OutputStream specOut = fs.create(new Path(staging, Launch.SPEC))) {
      specOut.write(JobSpecs.write(spec));
    }
    try (OutputStream confOut = fs.create(new Path(staging, Launch.CONF))) {
      conf.writeXml(confOut);
    }
    ApplicationSubmissionContext context = app.getApplicationSubmissionContext();
    context.setApplicationName("spindle " + spec.getName());
    context.setApplicationType(APPLICATION_TYPE);
    context.setQueue(queue);
    // A second AM attempt would start the job over; failures are handled per container instead.
    context.setMaxAppAttempts(1);
    context.setResource(Resource.newInstance(amMemoryMb, 1));
    context.setAMContainerSpec(Launch.context(conf, fs, staging, amMemoryMb, ApplicationMaster.class.getName(), List.of()));
    yarn.submitApplication(context);
  }

  /**
   * Removes a training job's output when the job left nothing in it to resume from: refused, or
   * failed before any shard committed a checkpoint. A resume would only start over, and the
   * output would block the same command, or a corrected one. True when it was removed.
   */
  public boolean removeIfNothingToResume(JobSpec spec, ApplicationId id) throws IOException {
    if (!spec.isSetOutputUri() || !spec.isSetCheckpointDir()) {
      return false;
    }
    Path output = new Path(spec.getOutputUri());
    Path checkpoints = new Path(spec.getCheckpointDir());
    FileSystem fs = output.getFileSystem(conf);
    if (!fs.exists(output) || fs.exists(new Path(output, io.spindle.ml.ModelFiles.MANIFEST))
        || !id.equals(named(fs, new Path(checkpoints, APPLICATION)))) {
      return false;   // not this job's output (another job started on it too, or took it over)
    }
    for (org.apache.hadoop.fs.FileStatus status : fs.listStatus(output)) {
      if (!status.getPath().getName().equals(checkpoints.getName())) {
        return false;   // not only what the job writes there
      }
    }
    for (int shard = 0; shard < spec.getServers(); shard++) {
      if (!new io.spindle.ps.CheckpointStore(fs, checkpoints, shard, 1).committedClocks().isEmpty()) {
        return false;
      }
    }
    return fs.delete(output, true);
  }

  /**
   * A job resumed while the one it resumes still runs would share its checkpoints and output, and
   * the first to end would remove them under the other: refused. A job is named beside the
   * checkpoints it writes ({@value #APPLICATION}).
   */
  private void notRunning(FileSystem fs, Path checkpointDir) throws IOException, YarnException {
    ApplicationId running = named(fs, new Path(checkpointDir, APPLICATION));
    if (running == null) {
      return;   // no job named: none to wait for
    }
    YarnApplicationState state;
    try {
      state = yarn.getApplicationReport(running).getYarnApplicationState();
    } catch (org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException e) {
      return;   // long gone, or another cluster's
    }
    if (state != YarnApplicationState.FINISHED && state != YarnApplicationState.FAILED
        && state != YarnApplicationState.KILLED) {
      throw new UsageException("the job writing " + checkpointDir.getParent() + " still runs, as " + running + " ("
          + state + "): wait for it, or stop it with 'spindle kill " + running + "' and resume then");
    }
  }

  /** The application a file beside the checkpoints names; null when there is none, or it is not an id. */
  private static ApplicationId named(FileSystem fs, Path file) throws IOException {
    if (!fs.exists(file)) {
      return null;
    }
    try (InputStream in = fs.open(file)) {
      return ApplicationId.fromString(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static Path stagingDir(FileSystem fs, ApplicationId id) {
    return new Path(fs.getHomeDirectory(), ".spindle/" + id);
  }

  /**
   * The Spindle jar to ship: the {@value #JAR_PROPERTY} property when set; else the jar this
   * class was loaded from; else (under {@code yarn jar}, whose RunJar loads classes from the
   * unpacked jar first) the jar on the class loader's path that holds this class.
   */
  static File jar() {
    String configured = System.getProperty(JAR_PROPERTY);
    if (configured != null) {
      return checkedJar(new File(configured));
    }
    File source = new File(JobClient.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    if (source.isFile() && source.getName().endsWith(".jar")) {
      return source;
    }
    if (JobClient.class.getClassLoader() instanceof java.net.URLClassLoader) {
      for (java.net.URL url : ((java.net.URLClassLoader) JobClient.class.getClassLoader()).getURLs()) {
        File candidate = new File(url.getPath());
        if (candidate.isFile() && candidate.getName().endsWith(".jar") && holdsThisClass(candidate)) {
          return candidate;
        }
      }
    }
    return checkedJar(source);
  }

  private static boolean holdsThisClass(File jar) {
    try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar)) {
      return file.getEntry(JobClient.class.getName().replace('.', '/') + ".class") != null;
    } catch (IOException e) {
      return false;
    }
  }

  private static File checkedJar(File jar) {
    if (!jar.isFile() || !jar.getName().endsWith(".jar")) {
      throw new IllegalStateException("cannot find the Spindle jar to ship (looked at " + jar
          + "); build it with 'mvn -DskipTests package' or set -D" + JAR_PROPERTY + "=PATH");
    }
    return jar;
  }

  /** Follows the application until it ends, printing progress, and reads its summary. */
  public Outcome follow(ApplicationId id) throws IOException, YarnException, InterruptedException {
    ProgressLine line = new ProgressLine(out, System.console() != null);
    Coordinator.Client coordinator = null;
    long start = System.currentTimeMillis();
    ApplicationReport report;
    while (true) {
      report = yarn.getApplicationReport(id);
      YarnApplicationState state = report.getYarnApplicationState();
      if (state == YarnApplicationState.FINISHED || state == YarnApplicationState.FAILED
          || state == YarnApplicationState.KILLED) {
        break;
      }
      JobProgress progress = null;
      if (state == YarnApplicationState.RUNNING && report.getRpcPort() > 0) {
        try {
          if (coordinator == null) {
            coordinator = new Coordinator.Client(ThriftClients.connect(report.getHost(), report.getRpcPort(), 16 << 20, 5_000));
          }
          progress = coordinator.progress();
        } catch (Exception e) {
          coordinator = null;   // not reachable from here: show YARN's view only
        }
      }
      line.show(id, state, report.getProgress(), progress, System.currentTimeMillis() - start);
      Thread.sleep(1000);
    }
    line.done();
    if (coordinator != null) {
      coordinator.getInputProtocol().getTransport().close();
    }
    FileSystem fs = FileSystem.get(conf);
    Path staging = stagingDir(fs, id);
    Path summary = new Path(staging, Launch.SUMMARY);
    String json = null;
    if (fs.exists(summary)) {
      try (InputStream in = fs.open(summary)) {
        json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    if (!conf.getBoolean("spindle.staging.keep", false)) {
      fs.delete(staging, true);
    }
    FinalApplicationStatus status = report.getFinalApplicationStatus();
    return new Outcome(status, json, report.getDiagnostics());
  }

  @Override
  public void close() {
    yarn.stop();
  }

  /** The job can never run on this cluster. */
  public static final class ImpossibleAskException extends IllegalStateException {
    public ImpossibleAskException(String message) {
      super(message);
    }
  }
}
